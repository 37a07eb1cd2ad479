package render

import (
	"html/template"

	"creditsite/internal/humanize"
)

var funcs = template.FuncMap{
	"num":  humanize.Int,
	"size": humanize.Bytes,
}
