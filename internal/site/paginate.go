package site

import "strconv"

// Pager describes one page of a paginated list.
type Pager struct {
	Number, Total, Size int
	Prev, Next          string // site paths, "" at the ends
	Links               []PageLink
}

// PageLink is one entry of the page-number navigation; Gap marks "…".
type PageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// pageCount returns how many pages n items fill (at least one, so that an
// empty list still has its page saying so).
func pageCount(n, size int) int {
	if n <= 0 {
		return 1
	}
	return (n + size - 1) / size
}

// pagePath is the folder of page k of a list whose first page is base.
func pagePath(base string, k int) string {
	if k == 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(k) + "/"
}

// newPager builds page k of total pages: links to the first and last
// pages and to two pages either side of k.
func newPager(base string, k, total, size int) *Pager {
	p := &Pager{Number: k, Total: total, Size: size}
	if k > 1 {
		p.Prev = pagePath(base, k-1)
	}
	if k < total {
		p.Next = pagePath(base, k+1)
	}
	gap := false
	for i := 1; i <= total; i++ {
		if i == 1 || i == total || (i >= k-2 && i <= k+2) {
			p.Links = append(p.Links, PageLink{Number: i, URL: pagePath(base, i), Current: i == k})
			gap = false
		} else if !gap {
			p.Links = append(p.Links, PageLink{Gap: true})
			gap = true
		}
	}
	return p
}

// bounds returns the item range [lo, hi) of page k.
func bounds(n, size, k int) (int, int) {
	lo := (k - 1) * size
	return lo, min(lo+size, n)
}
