package division

import (
	"fmt"
	"testing"
)

func TestProvince(t *testing.T) {
	valid := 0
	for n := 0; n < 100; n++ {
		p := fmt.Sprintf("%02d", n)
		if Province(p+"0502") != "" {
			valid++
		}
	}
	if valid != 35 {
		t.Errorf("%d province prefixes, want 35 (34 and the 兵团)", valid)
	}
	for _, c := range []string{"420502", "110000", "820000", "650102"} {
		if !Valid(c) {
			t.Errorf("Valid(%q) = false", c)
		}
	}
	for _, c := range []string{"", "42", "020502", "100000", "91420", "4205O2", "4205021", "990000"} {
		if Valid(c) {
			t.Errorf("Valid(%q) = true", c)
		}
	}
}
