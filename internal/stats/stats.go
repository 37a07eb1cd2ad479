// Package stats counts the published records against the notice's yearly
// targets and draws the counts as inline SVG charts for the /stats/ page.
// Everything is computed from the dataset alone, so the same data always
// gives the same page.
package stats

import (
	"cmp"
	"fmt"
	"slices"

	"creditsite/internal/config"
	"creditsite/internal/model"
)

// Target is the progress towards one yearly target of the notice.
type Target struct {
	Label  string // what is counted, e.g. 企业亮信用企业
	Unit   string // counting word: 家
	Count  int
	Target int
}

// Percent is Count as a percentage of Target (0 without a target).
func (t Target) Percent() float64 {
	if t.Target <= 0 {
		return 0
	}
	return 100 * float64(t.Count) / float64(t.Target)
}

// PercentText formats Percent with one decimal, e.g. "37.0%".
func (t Target) PercentText() string { return fmt.Sprintf("%.1f%%", t.Percent()) }

// Met reports whether the target is reached.
func (t Target) Met() bool { return t.Target > 0 && t.Count >= t.Target }

// Count is a labelled number.
type Count struct {
	Label string
	N     int
}

// UnitCount is what one 报送单位 sent.
type UnitCount struct {
	Unit                  string
	Disclosures           int // 企业亮信用 records
	DisclosingEnterprises int // distinct enterprises among them
	Commitments           int // 信用承诺 records
	CommittingEnterprises int // distinct enterprises among them
}

// MonthCount is the number of commitments made in one calendar month.
type MonthCount struct {
	Month       string // 2018-07
	Commitments int
}

// YearCount is what was committed in one calendar year, by 做出信用承诺时间.
type YearCount struct {
	Year                  int
	CommittingEnterprises int // distinct enterprises with a commitment that year (家)
	Commitments           int // commitment records that year (条)
}

// Stats holds every count shown on the home page, on /stats/ and in the
// report's 汇总说明, so that the three never disagree.
// Slices have a fixed order, documented on each field.
type Stats struct {
	Disclosures           int // 企业亮信用 records, all years
	Commitments           int // 信用承诺 records, all years
	Enterprises           int // enterprises with any record
	DisclosingEnterprises int // enterprises with a disclosure, all years
	CommittingEnterprises int // enterprises with at least one commitment, all years

	// Year is the assessment year (考核年度) the targets are counted for.
	Year int
	// The notice counts enterprises, not records, per city per year: at
	// least Targets.Enterprises enterprises disclosing (附件2) and at least
	// Targets.Commitments enterprises publicly committing (附件3).
	DisclosureTarget Target
	CommitmentTarget Target
	YearCommitments  int // 信用承诺 records dated in Year (条); all disclosures count in Year

	ByYear        []YearCount  // commitments per year of 做出信用承诺时间, oldest first
	ByType        []Count      // commitments per 信用承诺类型, the notice's four types in its order
	OtherTypes    int          // commitments of a type outside the four (should be 0 after validation)
	ByUnit        []UnitCount  // most records first, then by name
	ByMonth       []MonthCount // commitments per month, oldest first, empty months included
	Undated       int          // commitments without a date
	ByCertificate []Count      // disclosures per 企业资质证书名称, most first, then by name
	Newest        model.Date   // date of the newest record
}

// NoUnit labels records whose 报送单位 is not known.
const NoUnit = "（未注明报送单位）"

// NoCertificate labels disclosures without a certificate name.
const NoCertificate = "（未填写证书名称）"

// maxGapMonths bounds the months filled in between the first and last
// commitment: a single mistyped year must not draw a thousand empty bars.
const maxGapMonths = 120

// Compute counts the dataset against the configured targets.
func Compute(ds *model.Dataset, cfg *config.Config) *Stats {
	s := &Stats{
		Disclosures: len(ds.Disclosures),
		Commitments: len(ds.Commitments),
		Enterprises: len(ds.Enterprises),
	}
	for _, e := range ds.Enterprises {
		if len(e.Disclosures) > 0 {
			s.DisclosingEnterprises++
		}
		if len(e.Commitments) > 0 {
			s.CommittingEnterprises++
		}
	}
	s.ByYear = countYears(ds)
	s.Year = assessmentYear(cfg.Targets.Year, s.ByYear)
	s.countTargets(cfg)
	s.countTypes(ds)
	s.ByUnit = countUnits(ds)
	s.ByMonth, s.Undated = countMonths(ds)
	s.ByCertificate = countCertificates(ds)
	s.Newest = newest(ds)
	return s
}

// assessmentYear is the configured year, else the year of the newest
// dated commitment: the figures follow the data, never the build
// machine's clock, so the same data always gives the same pages.
// It is 0 when nothing is dated.
func assessmentYear(configured int, years []YearCount) int {
	if configured != 0 || len(years) == 0 {
		return configured
	}
	return years[len(years)-1].Year
}

// countTargets fills the two targets for s.Year.
//
// A commitment counts in the year of its 做出信用承诺时间 (a month-only
// date has its year too; an undated one counts in no year).
//
// A disclosure counts in the assessment year, whatever year it is. 附件2
// has no disclosure date: 发证时间 is when the certificate was issued,
// often years before the enterprise disclosed it, and the 填报日期 footer
// is not part of the data. What the site shows is what stands published
// now, so every published disclosure counts for the year being assessed;
// a disclosure withdrawn from data/disclosures/ stops counting.
func (s *Stats) countTargets(cfg *config.Config) {
	committing := 0
	for _, y := range s.ByYear {
		if y.Year == s.Year {
			committing, s.YearCommitments = y.CommittingEnterprises, y.Commitments
		}
	}
	s.DisclosureTarget = Target{Label: "亮信用企业", Unit: "家", Count: s.DisclosingEnterprises, Target: cfg.Targets.Enterprises}
	s.CommitmentTarget = Target{Label: "承诺企业", Unit: "家", Count: committing, Target: cfg.Targets.Commitments}
}

// YearLabel names the assessment year as staff read it: "2026 年度".
func (s *Stats) YearLabel() string {
	if s.Year == 0 {
		return "本年度"
	}
	return fmt.Sprintf("%d 年度", s.Year)
}

// countYears counts commitments and distinct committing enterprises per
// calendar year of 做出信用承诺时间.
func countYears(ds *model.Dataset) []YearCount {
	records := map[int]int{}
	enterprises := map[int]map[string]bool{}
	for _, c := range ds.Commitments {
		if c.Date.IsZero() {
			continue
		}
		y := c.Date.Year
		records[y]++
		if enterprises[y] == nil {
			enterprises[y] = map[string]bool{}
		}
		enterprises[y][c.Code] = true
	}
	out := make([]YearCount, 0, len(records))
	for y, n := range records {
		out = append(out, YearCount{Year: y, CommittingEnterprises: len(enterprises[y]), Commitments: n})
	}
	slices.SortFunc(out, func(a, b YearCount) int { return cmp.Compare(a.Year, b.Year) })
	return out
}

// Targets lists both targets, disclosures first.
func (s *Stats) Targets() []Target { return []Target{s.DisclosureTarget, s.CommitmentTarget} }

func (s *Stats) countTypes(ds *model.Dataset) {
	n := map[model.CommitmentType]int{}
	for _, c := range ds.Commitments {
		if c.Type.Valid() {
			n[c.Type]++
		} else {
			s.OtherTypes++
		}
	}
	for _, t := range model.CommitmentTypes {
		s.ByType = append(s.ByType, Count{string(t), n[t]})
	}
}

func unitOf(src model.Source) string {
	if src.Unit == "" {
		return NoUnit
	}
	return src.Unit
}

func countUnits(ds *model.Dataset) []UnitCount {
	units := map[string]*UnitCount{}
	get := func(name string) *UnitCount {
		u := units[name]
		if u == nil {
			u = &UnitCount{Unit: name}
			units[name] = u
		}
		return u
	}
	type key struct{ unit, code string }
	disclosing, committing := map[key]bool{}, map[key]bool{}
	for _, d := range ds.Disclosures {
		u := get(unitOf(d.Source))
		u.Disclosures++
		if k := (key{u.Unit, d.Code}); !disclosing[k] {
			disclosing[k] = true
			u.DisclosingEnterprises++
		}
	}
	for _, c := range ds.Commitments {
		u := get(unitOf(c.Source))
		u.Commitments++
		if k := (key{u.Unit, c.Code}); !committing[k] {
			committing[k] = true
			u.CommittingEnterprises++
		}
	}
	out := make([]UnitCount, 0, len(units))
	for _, u := range units {
		out = append(out, *u)
	}
	slices.SortFunc(out, func(a, b UnitCount) int {
		return cmp.Or(cmp.Compare(b.Disclosures+b.Commitments, a.Disclosures+a.Commitments), cmp.Compare(a.Unit, b.Unit))
	})
	return out
}

type month struct{ y, m int }

func (m month) next() month {
	if m.m == 12 {
		return month{m.y + 1, 1}
	}
	return month{m.y, m.m + 1}
}

func (m month) less(o month) bool { return m.y < o.y || m.y == o.y && m.m < o.m }

func countMonths(ds *model.Dataset) ([]MonthCount, int) {
	n := map[month]int{}
	undated := 0
	for _, c := range ds.Commitments {
		if c.Date.IsZero() {
			undated++
			continue
		}
		n[month{c.Date.Year, int(c.Date.Month)}]++
	}
	if len(n) == 0 {
		return nil, undated
	}
	var present []month
	for m := range n {
		present = append(present, m)
	}
	slices.SortFunc(present, func(a, b month) int { return cmp.Or(cmp.Compare(a.y, b.y), cmp.Compare(a.m, b.m)) })
	first, last := present[0], present[len(present)-1]
	months := present
	if span := (last.y-first.y)*12 + last.m - first.m; span <= maxGapMonths {
		months = nil
		for m := first; !last.less(m); m = m.next() {
			months = append(months, m)
		}
	}
	out := make([]MonthCount, len(months))
	for i, m := range months {
		out[i] = MonthCount{fmt.Sprintf("%04d-%02d", m.y, m.m), n[m]}
	}
	return out, undated
}

func countCertificates(ds *model.Dataset) []Count {
	n := map[string]int{}
	for _, d := range ds.Disclosures {
		name := d.CertName
		if name == "" {
			name = NoCertificate
		}
		n[name]++
	}
	out := make([]Count, 0, len(n))
	for name, k := range n {
		out = append(out, Count{name, k})
	}
	sortCounts(out)
	return out
}

// sortCounts orders counts most first, then by label.
func sortCounts(c []Count) {
	slices.SortFunc(c, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Label, b.Label)) })
}

func newest(ds *model.Dataset) model.Date {
	var d model.Date
	for _, r := range ds.Disclosures {
		if r.CertIssued.Compare(d) > 0 {
			d = r.CertIssued
		}
	}
	for _, r := range ds.Commitments {
		if r.Date.Compare(d) > 0 {
			d = r.Date
		}
	}
	return d
}
