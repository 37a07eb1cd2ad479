package deploy

import (
	"encoding/json"
	"time"
)

// DefaultSearchGrace is how long search files stay in the bucket after the
// live search/meta.json stopped naming them. The search page reads
// meta.json once and fetches search files as the visitor types, so a
// visitor who opened it before a deploy keeps asking for the old files;
// an hour covers a search session.
const DefaultSearchGrace = time.Hour

// stateName is the object, beside the site's files under the prefix, in
// which a deploy records the search files it keeps in their grace period
// and when each was retired: the bucket cannot say it, as an object's
// date is when it was uploaded, not when the site stopped using it. It is
// not part of the site: the plan neither uploads nor deletes it as a site
// file.
const stateName = ".creditsite-retired.json"

// state is the content of stateName.
type state struct {
	// Meta is the SHA-256 of the search/meta.json that was live when the
	// state was written. The times hold only while that meta.json is still
	// live: a deploy stopped between uploading a new meta.json and writing
	// the state may have made a retired file live again, so then every
	// retired file starts its grace period anew.
	Meta    string               `json:"meta"`
	Retired map[string]time.Time `json:"retired"`
}

// parseState reads the recorded state; a state that cannot be read only
// makes the grace periods start anew, so it is treated as absent.
func parseState(b []byte) state {
	var s state
	if json.Unmarshal(b, &s) != nil {
		return state{}
	}
	return s
}

// retired returns the recorded retirement times if they still hold with
// liveMeta, the SHA-256 of the search/meta.json now in the bucket.
func (s state) retired(liveMeta string) map[string]time.Time {
	if s.Meta != liveMeta {
		return nil
	}
	return s.Retired
}

// nextState is the state to record once the uploads of p are done, when
// the meta.json with SHA-256 meta is live: the search files p keeps, those
// it retires stamped with now. nil means nothing is kept, and the state
// object is removed.
func nextState(p Plan, meta string, now time.Time) []byte {
	if len(p.Retired) == 0 {
		return nil
	}
	s := state{Meta: meta, Retired: make(map[string]time.Time, len(p.Retired))}
	for rel, since := range p.Retired {
		if since.IsZero() {
			since = now
		}
		s.Retired[rel] = since.UTC()
	}
	b, _ := json.MarshalIndent(s, "", " ") // strings and times always marshal
	return append(b, '\n')
}

// expiry is when the earliest of the kept search files may go: the first
// deploy after it deletes it.
func expiry(p Plan, g Grace) time.Time {
	var first time.Time
	for _, since := range p.Retired {
		if since.IsZero() {
			since = g.Now
		}
		if first.IsZero() || since.Before(first) {
			first = since
		}
	}
	return first.Add(g.Period)
}
