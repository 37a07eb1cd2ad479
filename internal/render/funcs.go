package render

import (
	"fmt"
	"html/template"
	"strconv"
)

var funcs = template.FuncMap{
	"num":  Num,
	"size": Size,
}

// Num formats an integer with thousands separators (12,345).
func Num(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + Num(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Size formats a byte count for people (KB, MB).
func Size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}
