package a11y

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// testAxeTyping runs axe-core, at every viewport, on pages in the state
// typing leaves them: a list page with the header box's suggestion list
// open and one suggestion chosen by the arrow keys, and the search page
// with results that followed the typing (its header has no box: the page
// has its own).
func (f *fixture) testAxeTyping(t *testing.T) {
	for _, v := range viewports {
		t.Run(v.name, func(t *testing.T) {
			ctx := f.tab(t)
			if err := chromedp.Do(ctx, v.emulate()); err != nil {
				t.Fatal(err)
			}
			f.open(t, ctx, "disclosures/")
			if err := chromedp.Do(ctx, chromedp.Focus(`#site-q`), chromedp.Poll[chromedp.Void](`document.getElementById('site-q').getAttribute('role') === 'combobox'`),
				chromedp.SendKeys(`#site-q`, "公司"), chromedp.Poll[chromedp.Void](`document.getElementById('site-q').getAttribute('aria-expanded') === 'true'`),
				chromedp.KeyEvent(kb.ArrowDown)); err != nil {
				t.Fatalf("suggestions did not open: %v", err)
			}
			if id := eval[string](t, ctx, `document.getElementById('site-q').getAttribute('aria-activedescendant') || ''`); id == "" {
				t.Error("ArrowDown chose no suggestion")
			}
			f.checkAxe(t, ctx, "disclosures/ with suggestions open")

			f.open(t, ctx, "search/")
			if err := chromedp.Do(ctx, chromedp.Focus(`#search-q`), chromedp.SendKeys(`#search-q`, "公司"),
				chromedp.Poll[chromedp.Void](`document.getElementById('search-results').dataset.state === 'done' && location.search.includes('q=')`)); err != nil {
				t.Fatalf("search page did not follow the typing: %v", err)
			}
			f.checkAxe(t, ctx, "search/ after typing")
		})
	}
}

// axe runs axe-core on the page as it is and fails on every serious or
// critical violation and every structure violation.
func (f *fixture) checkAxe(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	eval[chromedp.Void](t, ctx, f.axe+"\n;0")
	for _, viol := range eval[axeResult](t, ctx, runAxe).Violations {
		var targets []string
		for _, n := range viol.Nodes {
			targets = append(targets, fmt.Sprint(n.Target...))
		}
		msg := fmt.Sprintf("%s: %s (%s) %s — %d element(s): %s", what, viol.ID, viol.Impact, viol.Help, len(targets), strings.Join(targets, ", "))
		if viol.Impact == "serious" || viol.Impact == "critical" || structure[viol.ID] {
			t.Error(msg)
		} else {
			t.Log("minor: " + msg)
		}
	}
}
