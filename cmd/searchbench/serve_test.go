package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestGzipTypesFollowReadme checks that the benchmark's servers compress
// what README's nginx example tells hosts to compress (nginx always
// compresses text/html; WebAssembly is Pagefind's), so that its bytes are
// what a visitor of a host set up by the README downloads.
func TestGzipTypesFollowReadme(t *testing.T) {
	doc, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*gzip_types ([^;]+);`).FindSubmatch(doc)
	if m == nil {
		t.Fatal("README.md has no gzip_types line")
	}
	readme := strings.Fields(string(m[1]))
	var ours []string
	for _, typ := range gzipTypes {
		if typ != "text/html" && typ != "application/wasm" {
			ours = append(ours, typ)
		}
	}
	slices.Sort(readme)
	slices.Sort(ours)
	if !slices.Equal(readme, ours) {
		t.Errorf("README's gzip_types %v, the benchmark's %v", readme, ours)
	}
}
