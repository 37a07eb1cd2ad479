package deploy

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"creditsite/internal/manifest"
)

// LocalFile is one file of the built site.
type LocalFile struct {
	Rel    string // slash-separated path relative to the output folder
	Size   int64
	MD5    string // lowercase hex; what S3 reports as ETag for a plain upload
	SHA256 string // lowercase hex; kept in the object's metadata
}

// RemoteObject is one object found under the target prefix.
type RemoteObject struct {
	Rel  string // key with the target prefix removed
	Size int64
	ETag string // as listed, quotes removed
	// SHA256 is the content hash creditsite stored in the object's metadata,
	// known only after a HEAD request; "" when not fetched or absent. An
	// object that has it was uploaded by creditsite.
	SHA256 string
}

// Action is what a deploy does with one file.
type Action int

const (
	Add Action = iota
	Change
	Delete
)

// Step is one upload or deletion.
type Step struct {
	Action Action
	Rel    string
	Size   int64 // bytes uploaded, or of the object deleted
}

// Tally counts files and their bytes.
type Tally struct {
	Files int
	Bytes int64
}

// Grace is what MakePlan needs to keep the search files of earlier builds
// for a while after the live search/meta.json stopped naming them: a
// visitor whose browser read the old meta.json a moment ago still fetches
// them.
type Grace struct {
	Period time.Duration
	Now    time.Time
	// Retired is when each search file was retired, as recorded by earlier
	// deploys (see state); a search file missing here is retired by this
	// deploy.
	Retired map[string]time.Time
}

// Plan is what a deploy does, in the order that keeps the live site
// consistent: every batch finishes before the next starts, and the steps of
// one batch may run concurrently.
type Plan struct {
	Uploads [][]Step // in uploadBatch order
	Deletes [][]Step // the reverse: feeds first, assets and search files last
	// Foreign lists objects under the prefix that creditsite did not upload
	// (no hash in their metadata), such as a portal's site-verification file.
	// They are left alone.
	Foreign []string
	// Retired holds the search files kept for their grace period and when
	// each was retired; the zero time marks those this deploy retires,
	// stamped once its uploads are done (see state).
	Retired map[string]time.Time

	Added, Changed, Deleted, Unchanged, Kept Tally
}

// kindOf says what a site file is; X.gz goes with X.
func kindOf(rel string) manifest.Kind {
	return manifest.Classify(strings.TrimSuffix(rel, ".gz"))
}

// uploadBatch orders the uploads so that the bucket serves one whole site
// after every batch. Assets and search files come first: search files
// are named by their bytes and assets are only linked to. New pages go up
// before changed ones, since only a changed page (or another new one) can
// link to a new page, and enterprise pages before the lists naming them.
// Then the entry points: the home and 404 pages, search/meta.json, which
// names the search files of its build, and the feeds, which name pages.
func uploadBatch(k manifest.Kind, a Action) int {
	switch k {
	case manifest.Asset, manifest.SearchFile:
		return 0
	case manifest.Page:
		if a == Add {
			return 1
		}
		return 3
	case manifest.List:
		if a == Add {
			return 2
		}
		return 4
	case manifest.Home:
		return 5
	case manifest.SearchRoot:
		return 6
	}
	return 7 // feeds
}

// NeedsStat tells whether deciding about remote needs its metadata (one
// HEAD request): to learn whether creditsite owns an object it would
// delete, to compare content when the ETag is not a plain MD5 (multipart
// uploads, some server-side encryption modes), and for search/meta.json,
// whose hash says whether the recorded retirement times hold (see state).
func NeedsStat(remote RemoteObject, local map[string]LocalFile) bool {
	l, ok := local[remote.Rel]
	if !ok || remote.Rel == searchRoot {
		return true
	}
	return l.Size == remote.Size && !isMD5(remote.ETag)
}

// searchRoot is the one search file that changes in place.
const searchRoot = "search/meta.json"

func isMD5(etag string) bool { return len(etag) == 32 && isLowerHex(strings.ToLower(etag)) }

func isLowerHex(s string) bool {
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// same reports whether remote already holds local's content.
func same(l LocalFile, r RemoteObject) bool {
	if l.Size != r.Size {
		return false
	}
	if r.SHA256 != "" {
		return r.SHA256 == l.SHA256
	}
	return strings.EqualFold(r.ETag, l.MD5)
}

// MakePlan compares the built site with the bucket listing (remote objects
// for which NeedsStat holds must carry SHA256 if creditsite stored one).
func MakePlan(local []LocalFile, remote []RemoteObject, g Grace) Plan {
	p := Plan{Retired: map[string]time.Time{}}
	remoteByRel := make(map[string]RemoteObject, len(remote))
	for _, r := range remote {
		remoteByRel[r.Rel] = r
	}
	localRels := make(map[string]bool, len(local))
	var uploads, deletes []Step
	for _, l := range local {
		localRels[l.Rel] = true
		r, exists := remoteByRel[l.Rel]
		switch {
		case !exists:
			uploads = append(uploads, Step{Add, l.Rel, l.Size})
			p.Added.add(l.Size)
		case same(l, r):
			p.Unchanged.add(l.Size)
		default:
			uploads = append(uploads, Step{Change, l.Rel, l.Size})
			p.Changed.add(l.Size)
		}
	}
	for _, r := range remote {
		switch {
		case localRels[r.Rel]:
		case r.SHA256 == "":
			p.Foreign = append(p.Foreign, r.Rel)
		case p.keep(r, g):
			p.Kept.add(r.Size)
		default:
			deletes = append(deletes, Step{Delete, r.Rel, r.Size})
			p.Deleted.add(r.Size)
		}
	}
	slices.Sort(p.Foreign)
	p.Uploads = batches(uploads, func(s Step) int { return uploadBatch(kindOf(s.Rel), s.Action) })
	// Deletions run the upload order backwards, so that nothing still in
	// the bucket points at an object already gone.
	p.Deletes = batches(deletes, func(s Step) int { return -uploadBatch(kindOf(s.Rel), Change) })
	return p
}

// keep decides whether r, a search file the build no longer has, stays
// for its grace period, and if so records it in p.Retired.
func (p *Plan) keep(r RemoteObject, g Grace) bool {
	if kindOf(r.Rel) != manifest.SearchFile {
		return false
	}
	since, known := g.Retired[r.Rel]
	if !known {
		since = g.Now
	}
	if g.Now.Sub(since) >= g.Period {
		return false
	}
	if !known {
		since = time.Time{}
	}
	p.Retired[r.Rel] = since
	return true
}

func (t *Tally) add(size int64) {
	t.Files++
	t.Bytes += size
}

// batches sorts steps by key and groups them by it.
func batches(steps []Step, key func(Step) int) [][]Step {
	slices.SortFunc(steps, func(x, y Step) int {
		return cmp.Or(cmp.Compare(key(x), key(y)), strings.Compare(x.Rel, y.Rel))
	})
	var out [][]Step
	for i, s := range steps {
		if i > 0 && key(s) == key(steps[i-1]) {
			out[len(out)-1] = append(out[len(out)-1], s)
			continue
		}
		out = append(out, []Step{s})
	}
	return out
}
