package checkreport

import (
	"regexp"
	"strings"

	"creditsite/internal/privacy"
	"creditsite/internal/uscc"
)

// longNumber is a run of digits as long as an ID number (15 or 18, the
// last possibly X) or longer: ingest refuses such a run in the code column
// as a probable ID number even when its check digit is wrong, which the
// privacy detector would not flag, so the report masks it as well.
var longNumber = regexp.MustCompile(`[0-9]{14,}[0-9Xx]`)

// mask hides the personal data in s, keeping just enough of each piece
// (4205**********1234, 139****5678) for the clerk to find it in the file.
func mask(s string, d *privacy.Detector) string {
	ms := d.Find(s)
	var b strings.Builder
	at := 0
	for _, m := range ms {
		if m.Start < at {
			continue // overlapping matches: the first one masked it
		}
		b.WriteString(s[at:m.Start])
		b.WriteString(hide(s[m.Start:m.End], m.Kind))
		at = m.End
	}
	b.WriteString(s[at:])
	return longNumber.ReplaceAllStringFunc(b.String(), func(n string) string {
		if uscc.Validate(n) == nil {
			return n // a valid credit code made of digits is no one's ID number
		}
		return hide(n, privacy.ResidentID)
	})
}

// hide masks one piece of personal data: an e-mail keeps its first
// letter and domain, anything else its first and last few characters.
func hide(v string, k privacy.Kind) string {
	if k == privacy.Email {
		if at := strings.LastIndexByte(v, '@'); at > 0 {
			r := []rune(v[:at])
			return string(r[0]) + "***" + v[at:]
		}
	}
	r := []rune(v)
	head, tail := 1, 1
	switch n := len(r); {
	case n >= 15:
		head, tail = 4, 4
	case n >= 11:
		head, tail = 3, 4
	case n <= 2:
		head, tail = 0, 0
	}
	return string(r[:head]) + strings.Repeat("*", len(r)-head-tail) + string(r[len(r)-tail:])
}
