package stats

import (
	"encoding/xml"
	"fmt"
	"html/template"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"creditsite/internal/config"
	"creditsite/internal/humanize"
	"creditsite/internal/model"
)

var units = []string{"西陵区", "宜都市", "长阳土家族自治县", ""}
var certs = []string{"安全生产许可证", "建筑业企业资质证书", "食品经营许可证", ""}

// sample builds a pseudo-random but fixed dataset.
func sample() *model.Dataset {
	r := rand.New(rand.NewPCG(1, 2))
	var ds []*model.Disclosure
	var cs []*model.Commitment
	code := func() string { return fmt.Sprintf("91420500MA%08d", r.IntN(60)) }
	for i := range 80 {
		d, _ := model.NewDate(2018, time.Month(1+r.IntN(12)), 1+r.IntN(28))
		ds = append(ds, &model.Disclosure{Name: "企业", Code: code(), CertName: certs[r.IntN(len(certs))], CertIssued: d,
			Source: model.Source{File: "d.csv", Line: i + 2, Unit: units[r.IntN(len(units))]}})
	}
	for i := range 300 {
		d, _ := model.NewDate(2017+r.IntN(2), time.Month(1+r.IntN(12)), 1+r.IntN(28))
		if i%50 == 0 {
			d = model.Date{}
		}
		cs = append(cs, &model.Commitment{Name: "企业", Code: code(), Type: model.CommitmentTypes[r.IntN(4)], Date: d,
			Source: model.Source{File: "c.csv", Line: i + 2, Unit: units[r.IntN(len(units))]}})
	}
	return model.NewDataset(ds, cs)
}

func TestCountsMatchRecords(t *testing.T) {
	ds := sample()
	cfg := config.Default()
	s := Compute(ds, cfg)

	if s.Disclosures != len(ds.Disclosures) || s.Commitments != len(ds.Commitments) || s.Enterprises != len(ds.Enterprises) {
		t.Errorf("totals %d/%d/%d", s.Disclosures, s.Commitments, s.Enterprises)
	}
	discCodes, commCodes := map[string]bool{}, map[string]bool{}
	unitDisc, unitComm := map[string]int{}, map[string]int{}
	unitDiscCodes := map[string]map[string]bool{}
	byType, byMonth, byCert := map[string]int{}, map[string]int{}, map[string]int{}
	undated := 0
	yearRecords, yearCodes := map[int]int{}, map[int]map[string]bool{}
	for _, d := range ds.Disclosures {
		discCodes[d.Code] = true
		u := d.Source.Unit
		if u == "" {
			u = NoUnit
		}
		unitDisc[u]++
		if unitDiscCodes[u] == nil {
			unitDiscCodes[u] = map[string]bool{}
		}
		unitDiscCodes[u][d.Code] = true
		c := d.CertName
		if c == "" {
			c = NoCertificate
		}
		byCert[c]++
	}
	for _, c := range ds.Commitments {
		commCodes[c.Code] = true
		u := c.Source.Unit
		if u == "" {
			u = NoUnit
		}
		unitComm[u]++
		byType[string(c.Type)]++
		if c.Date.IsZero() {
			undated++
		} else {
			byMonth[c.Date.String()[:7]]++
			yearRecords[c.Date.Year]++
			if yearCodes[c.Date.Year] == nil {
				yearCodes[c.Date.Year] = map[string]bool{}
			}
			yearCodes[c.Date.Year][c.Code] = true
		}
	}
	if s.Year != 2018 || s.YearLabel() != "2018 年度" {
		t.Errorf("assessment year %d (%s), want the newest commitment's 2018", s.Year, s.YearLabel())
	}
	if len(s.ByYear) != 2 {
		t.Errorf("years %+v, want 2017 and 2018", s.ByYear)
	}
	for _, y := range s.ByYear {
		if y.Commitments != yearRecords[y.Year] || y.CommittingEnterprises != len(yearCodes[y.Year]) {
			t.Errorf("year %+v, want %d records of %d enterprises", y, yearRecords[y.Year], len(yearCodes[y.Year]))
		}
	}
	if s.DisclosureTarget.Count != len(discCodes) || s.DisclosureTarget.Target != 100 {
		t.Errorf("disclosure target %+v, want %d of 100", s.DisclosureTarget, len(discCodes))
	}
	if s.CommitmentTarget.Count != len(yearCodes[2018]) || s.CommitmentTarget.Unit != "家" || s.CommitmentTarget.Target != 5000 ||
		s.YearCommitments != yearRecords[2018] || s.CommittingEnterprises != len(commCodes) {
		t.Errorf("commitment target %+v (%d records, %d enterprises in all), want %d of 5000 (%d records, %d enterprises)",
			s.CommitmentTarget, s.YearCommitments, s.CommittingEnterprises, len(yearCodes[2018]), yearRecords[2018], len(commCodes))
	}
	cfg.Targets.Year = 2017
	if s := Compute(ds, cfg); s.CommitmentTarget.Count != len(yearCodes[2017]) || s.YearCommitments != yearRecords[2017] {
		t.Errorf("configured 2017: %+v, %d records", s.CommitmentTarget, s.YearCommitments)
	}
	for i, c := range s.ByType {
		if c.Label != string(model.CommitmentTypes[i]) || c.N != byType[c.Label] {
			t.Errorf("type %d: %+v, want %d", i, c, byType[c.Label])
		}
	}
	allUnits := map[string]bool{}
	for u := range unitDisc {
		allUnits[u] = true
	}
	for u := range unitComm {
		allUnits[u] = true
	}
	if len(s.ByUnit) != len(allUnits) {
		t.Errorf("%d units, want %d", len(s.ByUnit), len(allUnits))
	}
	for i, u := range s.ByUnit {
		if u.Disclosures != unitDisc[u.Unit] || u.Commitments != unitComm[u.Unit] || u.DisclosingEnterprises != len(unitDiscCodes[u.Unit]) {
			t.Errorf("unit %+v", u)
		}
		if i > 0 && u.Disclosures+u.Commitments > s.ByUnit[i-1].Disclosures+s.ByUnit[i-1].Commitments {
			t.Errorf("units not ordered by size at %s", u.Unit)
		}
	}
	sum := 0
	for i, m := range s.ByMonth {
		if m.Commitments != byMonth[m.Month] {
			t.Errorf("month %s: %d, want %d", m.Month, m.Commitments, byMonth[m.Month])
		}
		if i > 0 && m.Month <= s.ByMonth[i-1].Month {
			t.Errorf("months out of order at %s", m.Month)
		}
		sum += m.Commitments
	}
	if sum+s.Undated != len(ds.Commitments) || s.Undated != undated {
		t.Errorf("months sum %d + undated %d != %d", sum, s.Undated, len(ds.Commitments))
	}
	if s.ByMonth[0].Month != "2017-01" || s.ByMonth[len(s.ByMonth)-1].Month != "2018-12" || len(s.ByMonth) != 24 {
		t.Errorf("months %s..%s (%d)", s.ByMonth[0].Month, s.ByMonth[len(s.ByMonth)-1].Month, len(s.ByMonth))
	}
	if len(s.ByCertificate) != len(byCert) {
		t.Errorf("%d certificate kinds, want %d", len(s.ByCertificate), len(byCert))
	}
	for _, c := range s.ByCertificate {
		if c.N != byCert[c.Label] {
			t.Errorf("certificate %+v, want %d", c, byCert[c.Label])
		}
	}
}

func TestTargetPercent(t *testing.T) {
	tg := Target{Count: 37, Target: 100}
	if tg.PercentText() != "37.0%" || tg.Met() {
		t.Errorf("%s %v", tg.PercentText(), tg.Met())
	}
	if !(Target{Count: 5001, Target: 5000}).Met() || (Target{Count: 3}).Percent() != 0 {
		t.Error("Met/zero target")
	}
}

func TestMonthGapsFilledAndBounded(t *testing.T) {
	d := func(y, m int) model.Date { x, _ := model.NewDate(y, time.Month(m), 1); return x }
	ds := model.NewDataset(nil, []*model.Commitment{{Code: "A", Type: model.Repair, Date: d(2018, 11)}, {Code: "A", Type: model.Repair, Date: d(2019, 2)}})
	s := Compute(ds, config.Default())
	var got []string
	for _, m := range s.ByMonth {
		got = append(got, m.Month+"="+strconv.Itoa(m.Commitments))
	}
	if strings.Join(got, " ") != "2018-11=1 2018-12=0 2019-01=0 2019-02=1" {
		t.Errorf("months %v", got)
	}
	ds = model.NewDataset(nil, []*model.Commitment{{Code: "A", Type: model.Repair, Date: d(1918, 11)}, {Code: "A", Type: model.Repair, Date: d(2018, 2)}})
	if n := len(Compute(ds, config.Default()).ByMonth); n != 2 {
		t.Errorf("a century apart should give only the 2 months present, got %d", n)
	}
}

// svgDoc is the part of an SVG chart the tests look at.
type svgDoc struct {
	XMLName xml.Name `xml:"svg"`
	Role    string   `xml:"role,attr"`
	Labels  string   `xml:"aria-labelledby,attr"`
	ViewBox string   `xml:"viewBox,attr"`
	Width   string   `xml:"width,attr"`
	Title   struct {
		ID   string `xml:"id,attr"`
		Text string `xml:",chardata"`
	} `xml:"title"`
	Desc struct {
		ID   string `xml:"id,attr"`
		Text string `xml:",chardata"`
	} `xml:"desc"`
	Rects []struct {
		Width string `xml:"width,attr"`
		Fill  string `xml:"fill,attr"`
	} `xml:"rect"`
	Texts []struct {
		Fill string `xml:"fill,attr"`
		Size string `xml:"font-size,attr"`
		Text string `xml:",chardata"`
	} `xml:"text"`
}

// TestChartNumbersAsInTables: a chart writes 1,260 as the table beside it
// does (humanize), never 1260, and all its text at one size.
func TestChartNumbersAsInTables(t *testing.T) {
	var cs []*model.Commitment
	for i := range 1260 {
		d, _ := model.NewDate(2024, time.Month(1+i%2), 1+i%28)
		cs = append(cs, &model.Commitment{Code: fmt.Sprintf("C%04d", i), Type: model.Voluntary, Date: d,
			Source: model.Source{Unit: "西陵区"}})
	}
	s := Compute(model.NewDataset(nil, cs), config.Default())
	bare := regexp.MustCompile(`\d{4}`)
	for name, svg := range map[string]template.HTML{"types": s.TypeChart(), "units": s.UnitChart(), "months": s.MonthChart()} {
		doc := parseSVG(t, string(svg))
		found := false
		for _, tx := range doc.Texts {
			if tx.Size != strconv.Itoa(fontSize) {
				t.Errorf("%s: text %q at size %s, want %d", name, tx.Text, tx.Size, fontSize)
			}
			if n := strings.ReplaceAll(tx.Text, "-", ""); bare.MatchString(n) && !strings.HasPrefix(tx.Text, "2024-") {
				t.Errorf("%s: number %q not formatted as in the tables", name, tx.Text)
			}
			found = found || strings.Contains(tx.Text, "1,260") || strings.Contains(tx.Text, "630")
		}
		if !found || !strings.Contains(doc.Desc.Text, "1,260") && name != "months" {
			t.Errorf("%s: chart lacks the count 1,260 (or 630 a month): %+v", name, doc)
		}
	}
}

func parseSVG(t *testing.T, s string) svgDoc {
	t.Helper()
	var doc svgDoc
	if err := xml.Unmarshal([]byte(s), &doc); err != nil {
		t.Fatalf("chart is not well-formed XML: %v\n%s", err, s)
	}
	if doc.Role != "img" || doc.Labels != doc.Title.ID+" "+doc.Desc.ID || doc.Title.Text == "" || doc.Desc.Text == "" {
		t.Errorf("chart lacks accessible name: %+v", doc)
	}
	if doc.Width != "100%" || !strings.HasPrefix(doc.ViewBox, fmt.Sprintf("0 0 %d ", chartW)) {
		t.Errorf("chart not scalable: width %q viewBox %q", doc.Width, doc.ViewBox)
	}
	return doc
}

func TestChartsAreAccessibleSVG(t *testing.T) {
	s := Compute(sample(), config.Default())
	charts := map[string]string{
		"targets": string(s.TargetChart()), "types": string(s.TypeChart()), "units": string(s.UnitChart()),
		"unitdisc": string(s.UnitDisclosureChart()), "months": string(s.MonthChart()), "certs": string(s.CertificateChart()),
	}
	ids := map[string]bool{}
	for name, c := range charts {
		doc := parseSVG(t, c)
		if ids[doc.Title.ID] {
			t.Errorf("%s: duplicate id %s", name, doc.Title.ID)
		}
		ids[doc.Title.ID] = true
	}
	// The type chart has one bar per type, widths proportional to counts.
	doc := parseSVG(t, charts["types"])
	maxN := 0
	for _, c := range s.ByType {
		maxN = max(maxN, c.N)
	}
	if len(doc.Rects) != 4 {
		t.Fatalf("%d bars", len(doc.Rects))
	}
	w0, _ := strconv.ParseFloat(doc.Rects[0].Width, 64)
	for i, r := range doc.Rects {
		w, _ := strconv.ParseFloat(r.Width, 64)
		if want := w0 * float64(s.ByType[i].N) / float64(s.ByType[0].N); math.Abs(w-want) > 0.2 {
			t.Errorf("bar %d width %v, want %v", i, w, want)
		}
	}
	for _, c := range s.ByType {
		if !strings.Contains(doc.Desc.Text, c.Label+" "+humanize.Int(c.N)) {
			t.Errorf("description %q lacks %s", doc.Desc.Text, c.Label)
		}
	}
}

func TestChartEscapesLabels(t *testing.T) {
	evil := `<script>alert("x")</script>&"证书"`
	ds := model.NewDataset([]*model.Disclosure{{Code: "A", CertName: evil}}, nil)
	svg := string(Compute(ds, config.Default()).CertificateChart())
	if strings.Contains(svg, "<script") {
		t.Fatalf("label not escaped: %s", svg)
	}
	doc := parseSVG(t, svg)
	if !strings.Contains(doc.Desc.Text, evil) {
		t.Errorf("escaped label should read back whole in the description: %q", doc.Desc.Text)
	}
}

func TestEmptyDataset(t *testing.T) {
	s := Compute(model.NewDataset(nil, nil), config.Default())
	for _, c := range []string{string(s.TypeChart()), string(s.UnitChart()), string(s.MonthChart()), string(s.CertificateChart())} {
		parseSVG(t, c)
	}
	if !strings.Contains(string(s.MonthChart()), "暂无数据") {
		t.Error("empty month chart should say so")
	}
}

func TestManyCategoriesAreCapped(t *testing.T) {
	var ds []*model.Disclosure
	for i := range 40 {
		ds = append(ds, &model.Disclosure{Code: "A", CertName: fmt.Sprintf("证书%02d", i)})
	}
	doc := parseSVG(t, string(Compute(model.NewDataset(ds, nil), config.Default()).CertificateChart()))
	if len(doc.Rects) != maxBars {
		t.Errorf("%d bars, want %d", len(doc.Rects), maxBars)
	}
	last := doc.Texts[len(doc.Texts)-2].Text
	if last != "其他 26 类" {
		t.Errorf("last label %q", last)
	}
}

// contrast returns the WCAG contrast ratio of a #rrggbb colour on white.
func contrast(hex string) float64 {
	v, _ := strconv.ParseUint(hex[1:], 16, 32)
	lin := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(v>>16) + 0.7152*lin(v>>8&0xff) + 0.0722*lin(v&0xff)
	return 1.05 / (l + 0.05)
}

func TestColourContrast(t *testing.T) {
	if c := contrast(colourText); c < 4.5 {
		t.Errorf("text contrast %.2f < 4.5", c)
	}
	for _, col := range []string{colourBar, colourBarAlt, colourAxis} {
		if c := contrast(col); c < 4.5 {
			t.Errorf("%s contrast %.2f < 4.5 (bars carry value labels in the same colour family)", col, c)
		}
	}
	// A filled progress bar must stand out from its track by 3:1.
	if r := contrast(colourBar) / contrast(colourTrack); r < 3 {
		t.Errorf("bar on track contrast %.2f < 3", r)
	}
}
