package site

import (
	"slices"
	"strings"

	"creditsite/internal/content"
)

// linkFiles returns, as not yet written, every file a Markdown link of
// pages lands on (see content.Link.Files).
func linkFiles(pages []*content.Page) map[string]bool {
	files := map[string]bool{}
	for _, p := range pages {
		for _, l := range p.Links {
			for _, f := range l.Files() {
				files[f] = false
			}
		}
	}
	return files
}

// brokenLinks returns a warning for each Markdown link that landed on none
// of the files the build wrote, by file and line. Files other stages write
// into the same folder (the search index) are not known here.
func brokenLinks(pages []*content.Page, written map[string]bool) []string {
	byFile := slices.SortedFunc(slices.Values(pages), func(a, b *content.Page) int { return strings.Compare(a.File, b.File) })
	var warnings []string
	for _, p := range byFile {
		for _, l := range p.Links {
			if !slices.ContainsFunc(l.Files(), func(f string) bool { return written[f] }) {
				warnings = append(warnings, p.BrokenLink(l))
			}
		}
	}
	return warnings
}
