// Package creditsite embeds the default theme: the repository's layouts/
// folder is compiled into the binary so that a source folder holding only
// data/ builds a complete site.
package creditsite

import "embed"

// Layouts is the default theme (templates and layouts/static assets).
//
//go:embed all:layouts
var Layouts embed.FS
