package main

import (
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"creditsite/internal/gen"
)

// enterprise is what relevance is judged on: the texts a citizen searches
// by (issue 18).
type enterprise struct {
	Name, Code, Rep string
	folded          string // fold(Name) + "\x00" + fold(Code) + "\x00" + fold(Rep)
}

func newEnterprise(name, code, rep string) *enterprise {
	return &enterprise{Name: name, Code: code, Rep: rep, folded: fold(name) + "\x00" + fold(code) + "\x00" + fold(rep)}
}

// query is one query of the run and the enterprise it was drawn from.
type query struct {
	Kind string `json:"kind"`
	Q    string `json:"q"`
	Code string `json:"code,omitempty"` // the enterprise it must find
	// Matches is how many enterprises are relevant (see relevant);
	// the hit rate counts a query only when Matches ≤ 10, where the
	// enterprise can be on the first page.
	Matches  int  `json:"matches"`
	NearMiss bool `json:"nearMiss,omitempty"` // found in a labelled near-miss section (top 5) counts as a hit
}

// Query kinds, in report order: the kinds of issue 18, then the cases of
// testdata/cases grouped by what makes them hard.
const (
	kFullName  = "full name"
	kFragment  = "unique fragment"
	kCode      = "code"
	kPrefix    = "code prefix"
	kRep       = "legal rep"
	kTwoWords  = "two words"
	kSingle    = "single character"
	kNoPunct   = "case: name without its marks"
	kOtherMark = "case: other marks"
	kAcross    = "case: across a mark"
	kLatin     = "case: Latin/digits in name"
	kNear      = "case: near miss"
)

var kinds = []string{kFullName, kFragment, kCode, kPrefix, kRep, kTwoWords, kSingle, kNoPunct, kOtherMark, kAcross, kLatin, kNear}

// fold is the normal form relevance compares: NFKC (full-width letters,
// digits and brackets to half width), lower case, and only letters and
// digits kept, so that a name matches with, without or with other marks.
func fold(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// relevant reports whether e is a relevant result for q: every
// space-separated word of q, folded, occurs in e's name, code or legal
// representative, folded. A query of marks alone matches nothing.
func relevant(e *enterprise, q string) bool {
	n := 0
	for _, w := range strings.Fields(q) {
		if w = fold(w); w == "" {
			continue
		}
		n++
		if !strings.Contains(e.folded, w) {
			return false
		}
	}
	return n > 0
}

// corpus is the enterprises of the generated site and the cases.
type corpus struct {
	list   []*enterprise
	byCode map[string]*enterprise
}

func newCorpus(list []*enterprise) *corpus {
	c := &corpus{list: list, byCode: map[string]*enterprise{}}
	for _, e := range list {
		c.byCode[e.Code] = e
	}
	return c
}

// fromGen lists the enterprises of generated data, each once.
func fromGen(d *gen.Data) []*enterprise {
	seen := map[string]bool{}
	var out []*enterprise
	add := func(name, code, rep string) {
		if !seen[code] {
			seen[code] = true
			out = append(out, newEnterprise(name, code, rep))
		}
	}
	for _, stem := range d.Stems() {
		for _, r := range d.Disclosures[stem] {
			add(r.Name, r.Code, r.LegalRep)
		}
		for _, r := range d.Commitments[stem] {
			add(r.Name, r.Code, r.LegalRep)
		}
	}
	return out
}

// count is how many enterprises are relevant to q.
func (c *corpus) count(q string) int {
	n := 0
	for _, e := range c.list {
		if relevant(e, q) {
			n++
		}
	}
	return n
}

// places are the leading place names of generated names, longest first,
// for the two-word queries (place, space, what follows).
var places = []string{"葛洲坝", "伍家岗", "宜昌", "西陵", "点军", "猇亭", "夷陵", "远安", "兴山", "秭归", "长阳", "五峰",
	"宜都", "当阳", "枝江", "三峡", "湖北", "清江", "峡江"}

// selectQueries draws per queries of each generated kind from the
// enterprises of gen (the same seed, the same queries), then adds the
// cases. The rule, per enterprise drawn at random:
//   - full name: the name as registered;
//   - unique fragment: 4–6 consecutive characters of the name that no
//     other enterprise's name, code or representative contains;
//   - code: the code, in lower case half the time and in full-width
//     characters a quarter of the time, as Chinese keyboards type it;
//   - code prefix: its first 10–14 characters;
//   - legal rep: the representative's name;
//   - two words: the leading place name, a space, the next 4–6 characters;
//   - single character: the name's character that the fewest names share.
func selectQueries(c *corpus, gen []*enterprise, per int, seed uint64, cases []caseQuery) []query {
	rng := rand.New(rand.NewPCG(seed, 18))
	chars := charCounts(gen)
	var out []query
	n := map[string]int{}
	add := func(kind, q, code string) {
		if n[kind] < per {
			n[kind]++
			out = append(out, query{Kind: kind, Q: q, Code: code})
		}
	}
	for tries := 0; tries < 50*per && len(gen) > 0; tries++ {
		e := gen[rng.IntN(len(gen))]
		rs := []rune(e.Name)
		add(kFullName, e.Name, e.Code)
		code := e.Code
		if rng.IntN(2) == 0 {
			code = strings.ToLower(code)
		}
		if rng.IntN(4) == 0 {
			code = fullWidth(code)
		}
		add(kCode, code, e.Code)
		add(kPrefix, e.Code[:10+rng.IntN(5)], e.Code)
		add(kRep, e.Rep, e.Code)
		if l := 4 + rng.IntN(3); len(rs) > l {
			at := rng.IntN(len(rs) - l + 1)
			if frag := string(rs[at : at+l]); n[kFragment] < per && c.count(frag) == 1 {
				add(kFragment, frag, e.Code)
			}
		}
		for _, p := range places {
			if l := 4 + rng.IntN(3); strings.HasPrefix(e.Name, p) && len(rs) >= utf8.RuneCountInString(p)+l {
				add(kTwoWords, p+" "+string(rs[utf8.RuneCountInString(p):utf8.RuneCountInString(p)+l]), e.Code)
				break
			}
		}
		add(kSingle, string(rarest(rs, chars)), e.Code)
	}
	for _, cq := range cases {
		out = append(out, query{Kind: cq.kind(), Q: cq.Q, Code: cq.Code, NearMiss: cq.Kind == "near-miss"})
	}
	for i := range out {
		out[i].Matches = c.count(out[i].Q)
	}
	sort.SliceStable(out, func(i, j int) bool { return kindRank(out[i].Kind) < kindRank(out[j].Kind) })
	return out
}

// eligible reports whether q's hit counts: it names an enterprise that
// can be on the first page of exact results, or one a near-miss section
// must offer.
func (q query) eligible() bool {
	return q.Code != "" && (q.NearMiss || q.Matches <= 10)
}

func kindRank(k string) int {
	for i, x := range kinds {
		if x == k {
			return i
		}
	}
	return len(kinds)
}

// charCounts counts, for each character, the names that contain it.
func charCounts(list []*enterprise) map[rune]int {
	m := map[rune]int{}
	for _, e := range list {
		seen := map[rune]bool{}
		for _, r := range e.Name {
			if !seen[r] {
				seen[r] = true
				m[r]++
			}
		}
	}
	return m
}

// rarest is the character of rs the fewest names contain (the first of
// equals).
func rarest(rs []rune, counts map[rune]int) rune {
	best := rs[0]
	for _, r := range rs[1:] {
		if counts[r] < counts[best] {
			best = r
		}
	}
	return best
}

// fullWidth writes ASCII letters and digits as their full-width forms.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7F {
			return r + 0xFEE0
		}
		return r
	}, s)
}
