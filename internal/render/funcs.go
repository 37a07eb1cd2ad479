package render

import (
	"html/template"

	"creditsite/internal/humanize"
	"creditsite/internal/schema"
)

var funcs = template.FuncMap{
	"num":  humanize.Int,
	"size": humanize.Bytes,
	// preview cuts an over-long free text for lists; the enterprise
	// page shows it whole.
	"preview": schema.Preview,
}
