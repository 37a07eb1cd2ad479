package main

import (
	"fmt"
	"io"
	"slices"
)

// measurement is one cold query against one engine.
type measurement struct {
	Engine string `json:"engine"`
	query
	// Bytes is the encoded (gzip) body bytes the server sent for the
	// query: for creditsite the page, CSS, scripts and index files; for
	// Pagefind its JS, WebAssembly and index files (not the harness page
	// that calls it). Fetched lists them.
	Bytes   int64   `json:"bytes"`
	Fetched []fetch `json:"fetched"`
	// NavMS is from navigation start to results rendered (the frame after
	// the results are in the DOM).
	NavMS float64 `json:"navMs"`
	// SearchMS (Pagefind) is pagefind.search(q) and .data() of the top
	// 10, after the module is loaded and initialised (InitMS).
	SearchMS float64    `json:"searchMs,omitempty"`
	InitMS   float64    `json:"initMs,omitempty"`
	Exact    []string   `json:"exact"`          // codes of the exact results shown first, in order
	Near     []nearList `json:"near,omitempty"` // labelled near-miss sections, each with its codes in order
	Err      string     `json:"error,omitempty"`
}

// top10 is the first page of exact results.
func (m measurement) top10() []string { return m.Exact[:min(10, len(m.Exact))] }

// hit reports whether the query's enterprise is in the top 10 exact
// results or, for a near miss, the top 5 of a labelled section.
func (m measurement) hit() bool {
	return slices.Contains(m.top10(), m.Code) || (m.NearMiss && slices.ContainsFunc(m.Near, func(l nearList) bool {
		return slices.Contains(l.Codes[:min(5, len(l.Codes))], m.Code)
	}))
}

// summary aggregates the measurements of one engine and kind.
type summary struct {
	Engine, Kind       string
	Queries, Failed    int
	BytesMedian        int64
	BytesMax           int64
	NavMedian, NavMax  float64
	SearchMedian       float64 // Pagefind's search call; 0 for creditsite
	Eligible, Hits     int     // for the top-10 hit rate
	Returned, Relevant int     // over the top 10 of every query, for precision@10
	Empty              int     // queries with no exact result
}

// summarise groups ms by engine and kind (engines in the order given, kinds
// in report order), with an "all" row per engine.
func summarise(ms []measurement, engines []string, rel func(code, q string) bool) []summary {
	var out []summary
	for _, eng := range engines {
		for _, k := range append(slices.Clone(kinds), "all") {
			var sel []measurement
			for _, m := range ms {
				if m.Engine == eng && (m.Kind == k || k == "all") {
					sel = append(sel, m)
				}
			}
			if len(sel) > 0 {
				out = append(out, summariseOne(eng, k, sel, rel))
			}
		}
	}
	return out
}

func summariseOne(eng, kind string, sel []measurement, rel func(code, q string) bool) summary {
	s := summary{Engine: eng, Kind: kind}
	var bytes []int64
	var nav, search []float64
	for _, m := range sel {
		s.Queries++
		if m.Err != "" {
			s.Failed++
			continue
		}
		bytes = append(bytes, m.Bytes)
		nav = append(nav, m.NavMS)
		if m.SearchMS > 0 {
			search = append(search, m.SearchMS)
		}
		if m.eligible() {
			s.Eligible++
			if m.hit() {
				s.Hits++
			}
		}
		if len(m.Exact) == 0 {
			s.Empty++
		}
		if !m.NearMiss {
			for _, c := range m.top10() {
				s.Returned++
				if rel(c, m.Q) {
					s.Relevant++
				}
			}
		}
	}
	s.BytesMedian, s.BytesMax = median(bytes), slices.Max(append(bytes, 0))
	s.NavMedian, s.NavMax, s.SearchMedian = median(nav), slices.Max(append(nav, 0)), median(search)
	return s
}

// median is the middle value (the upper of the two middle ones), 0 for
// none.
func median[T int64 | float64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	xs = slices.Clone(xs)
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// writeMarkdown writes the table: per kind, a row for each engine.
func writeMarkdown(w io.Writer, ss []summary, engines []string) {
	fmt.Fprintln(w, "| kind | engine | queries | KB median / max | ms median (max), navigation to results | top-10 hit | precision@10 | no result |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	by := map[[2]string]summary{}
	for _, s := range ss {
		by[[2]string{s.Engine, s.Kind}] = s
	}
	for _, k := range append(slices.Clone(kinds), "all") {
		for _, e := range engines {
			s, ok := by[[2]string{e, k}]
			if !ok {
				continue
			}
			nav := fmt.Sprintf("%.0f (%.0f)", s.NavMedian, s.NavMax)
			if s.SearchMedian > 0 {
				nav += fmt.Sprintf("; search call %.0f", s.SearchMedian)
			}
			failed := ""
			if s.Failed > 0 {
				failed = fmt.Sprintf(" (%d failed)", s.Failed)
			}
			fmt.Fprintf(w, "| %s | %s | %d%s | %.1f / %.1f | %s | %s | %s | %d |\n", k, e, s.Queries, failed,
				kb(s.BytesMedian), kb(s.BytesMax), nav, ratio(s.Hits, s.Eligible, true), ratio(s.Relevant, s.Returned, false), s.Empty)
		}
	}
}

func kb(n int64) float64 { return float64(n) / 1024 }

// ratio prints a/b as a percentage or a fraction, with its counts; "—"
// when b is 0.
func ratio(a, b int, percent bool) string {
	switch {
	case b == 0:
		return "—"
	case percent:
		return fmt.Sprintf("%.0f%% (%d/%d)", 100*float64(a)/float64(b), a, b)
	default:
		return fmt.Sprintf("%.2f", float64(a)/float64(b))
	}
}
