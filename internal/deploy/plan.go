package deploy

import (
	"cmp"
	"path"
	"slices"
	"strings"
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

// Plan is what a deploy does, in the order that keeps the live site
// consistent: every batch finishes before the next starts, and the steps of
// one batch may run concurrently.
type Plan struct {
	Uploads [][]Step // assets, then new pages, changed pages, search entry, feeds
	Deletes [][]Step // the reverse: feeds first, assets last
	// Foreign lists objects under the prefix that creditsite did not upload
	// (no hash in their metadata), such as a portal's site-verification file.
	// They are left alone.
	Foreign []string

	Added, Changed, Deleted, Unchanged Tally
}

// kind sorts site files by what references what: pages reference assets,
// the search entry references shards and pages, feeds reference pages.
type kind int

const (
	kindAsset       kind = iota // css, js, images, attachments, hashed search shards
	kindPage                    // *.html
	kindSearchEntry             // search/*.json without a content hash
	kindFeed                    // feed.xml, sitemap.xml and other XML
)

func kindOf(rel string) kind {
	rel = strings.TrimSuffix(rel, ".gz") // X.gz goes up with X
	ext := strings.ToLower(path.Ext(rel))
	switch {
	case ext == ".html" || ext == ".htm":
		return kindPage
	case ext == ".xml":
		return kindFeed
	case ext == ".json" && strings.HasPrefix(rel, "search/") && !IsHashed(rel):
		return kindSearchEntry
	}
	return kindAsset
}

// uploadStage orders uploads. New pages go up before changed ones: only a
// changed (or another new) page can link to a new page, so a new page is
// in place before anything points at it.
func uploadStage(rel string, a Action) int {
	switch kindOf(rel) {
	case kindPage:
		if a == Add {
			return 1
		}
		return 2
	case kindSearchEntry:
		return 3
	case kindFeed:
		return 4
	}
	return 0
}

// depth counts the folders above rel; list pages link down to detail
// pages, so deeper pages go up first and come down last.
func depth(rel string) int { return strings.Count(rel, "/") }

// NeedsStat tells whether deciding about remote needs its metadata (one
// HEAD request): to learn whether creditsite owns an object it would
// delete, and to compare content when the ETag is not a plain MD5
// (multipart uploads, some server-side encryption modes).
func NeedsStat(remote RemoteObject, local map[string]LocalFile) bool {
	l, ok := local[remote.Rel]
	if !ok {
		return true
	}
	return l.Size == remote.Size && !isMD5(remote.ETag)
}

func isMD5(etag string) bool { return len(etag) == 32 && isLowerHex(strings.ToLower(etag)) }

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
func MakePlan(local []LocalFile, remote []RemoteObject) Plan {
	var p Plan
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
		default:
			deletes = append(deletes, Step{Delete, r.Rel, r.Size})
			p.Deleted.add(r.Size)
		}
	}
	slices.Sort(p.Foreign)
	p.Uploads = batches(uploads, func(s Step) (int, int) {
		return uploadStage(s.Rel, s.Action), -depth(s.Rel)
	})
	// Deletions run the upload order backwards, so that nothing still in
	// the bucket points at an object already gone.
	p.Deletes = batches(deletes, func(s Step) (int, int) {
		return -uploadStage(s.Rel, Change), depth(s.Rel)
	})
	return p
}

func (t *Tally) add(size int64) {
	t.Files++
	t.Bytes += size
}

// batches sorts steps by key and groups them by it. Only pages are ordered
// by depth; other kinds ignore the second key.
func batches(steps []Step, key func(Step) (int, int)) [][]Step {
	k := func(s Step) (int, int) {
		a, b := key(s)
		if kindOf(s.Rel) != kindPage {
			b = 0
		}
		return a, b
	}
	slices.SortFunc(steps, func(x, y Step) int {
		xa, xb := k(x)
		ya, yb := k(y)
		return cmp.Or(cmp.Compare(xa, ya), cmp.Compare(xb, yb), strings.Compare(x.Rel, y.Rel))
	})
	var out [][]Step
	for i, s := range steps {
		if i > 0 {
			pa, pb := k(steps[i-1])
			if a, b := k(s); a == pa && b == pb {
				out[len(out)-1] = append(out[len(out)-1], s)
				continue
			}
		}
		out = append(out, []Step{s})
	}
	return out
}
