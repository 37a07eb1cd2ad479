// Package humanize formats numbers the way the site and the command's
// messages show them to people.
package humanize

import (
	"fmt"
	"strconv"
)

// Int writes n with thousands separators (12,345).
func Int(n int) string {
	if n < 0 {
		return "-" + Int(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Bytes writes a byte count as 字节, KB or MB.
func Bytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}
