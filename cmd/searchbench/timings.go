package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/chromedp/chromedp"
)

// readTimings reads what the page's own Performance API recorded of a
// run: the navigation's milestones, then each resource the page fetched
// and each performance.mark, in ms since navigation start. Unlike a
// Chrome trace it costs the page nothing, so the times are those of an
// ordinary run; it does not see a worker's fetches.
const readTimings = `(() => {
  const n = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const rows = [['navigation: response start', n.responseStart, n.responseEnd],
    ['document parsed (domInteractive)', n.domInteractive, n.domInteractive],
    ['DOMContentLoaded', n.domContentLoadedEventStart, n.domContentLoadedEventEnd],
    ['first contentful paint', fcp ? fcp.startTime : 0, fcp ? fcp.startTime : 0],
    ['results painted', window.__benchDone || 0, window.__benchDone || 0]];
  for (const e of performance.getEntriesByType('resource')) {
    const ms = (a, b) => Math.round(b - a);
    const how = e.requestStart ? ' (' + (e.connectEnd > e.connectStart ? 'connect ' + ms(e.connectStart, e.connectEnd) + ', ' : '') + 'queued ' + ms(e.startTime, e.requestStart) + ', waited ' + ms(e.requestStart, e.responseStart) + ', read ' + ms(e.responseStart, e.responseEnd) + ')' : '';
    rows.push([new URL(e.name).pathname + how, e.startTime, e.responseEnd]);
  }
  for (const e of performance.getEntriesByType('mark')) rows.push(['mark ' + e.name, e.startTime, e.startTime]);
  for (const e of performance.getEntriesByType('long-animation-frame')) {
    rows.push(['long frame: ' + Math.round(e.duration) + ' ms, render ' + Math.round(e.renderStart ? e.startTime + e.duration - e.renderStart : 0) + ' ms (style and layout ' + Math.round(e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0) + '), blocking ' + Math.round(e.blockingDuration) + ' ms; ' + e.scripts.map((s) => s.invokerType + ' ' + s.invoker.replace(/^.*\//, '') + ' ' + Math.round(s.duration) + ' ms').join(', '), e.startTime, e.startTime + e.duration]);
  }
  return rows.sort((a, b) => a[1] - b[1]);
})()`

// writeTimings opens pageURL cold once and writes its timeline to w: a
// line per milestone, resource and mark, with when it started and ended.
func writeTimings(browser context.Context, pageURL string, w io.Writer) error {
	tab, closeTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer closeTab()
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	if _, _, err := open(ctx, pageURL, false); err != nil {
		return err
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[][]any](readTimings))
	if err != nil {
		return err
	}
	fmt.Fprintln(w, pageURL)
	for _, r := range rows {
		if len(r) == 3 {
			fmt.Fprintf(w, "  %6.0f %6.0f  %v\n", r[1], r[2], r[0])
		}
	}
	return nil
}
