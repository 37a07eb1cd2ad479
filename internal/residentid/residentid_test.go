package residentid

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestValid(t *testing.T) {
	// Fake numbers (42050219780422211X is the case files' fake one), each passing MOD 11-2.
	for _, s := range []string{"42050219780422211X", "420502199001010040", "11010519491231002X"} {
		if !Valid(s) {
			t.Errorf("Valid(%q) = false", s)
		}
	}
	for _, s := range []string{
		"420502197804222110", // wrong check character
		"02050219780422211X", // no province 02
		"420502197813222115", // month 13
		"420502189912312113", // born before 1900
		"42050230000101211X", // born in the future
		"914205005908193575", // a credit code
		"42050219780422211",  // 17 characters
	} {
		if Valid(s) {
			t.Errorf("Valid(%q) = true", s)
		}
	}
}

// Every number built from a province, a birth date and the computed check
// character is valid; changing its check character makes it invalid but
// still plausible.
func TestGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	provinces := []string{"11", "31", "42", "65", "71", "81", "82"}
	for range 5000 {
		born := fmt.Sprintf("%04d%02d%02d", 1900+r.IntN(120), 1+r.IntN(12), 1+r.IntN(28))
		body := fmt.Sprintf("%s%04d%s%03d", provinces[r.IntN(len(provinces))], r.IntN(10000), born, r.IntN(1000))
		s := body + string(Check(body))
		if !Valid(s) || !Plausible(s) {
			t.Fatalf("%s not valid", s)
		}
		wrong := body + string(checkChars[(indexOf(Check(body))+1+r.IntN(10))%11])
		if Valid(wrong) || !Plausible(wrong) {
			t.Fatalf("%s: Valid %v Plausible %v", wrong, Valid(wrong), Plausible(wrong))
		}
	}
}

func indexOf(c byte) int {
	for i := range len(checkChars) {
		if checkChars[i] == c {
			return i
		}
	}
	return -1
}

func TestPlausibleFirstGeneration(t *testing.T) {
	if !Plausible("420502780422211") {
		t.Error("15-digit number not plausible")
	}
	if Plausible("420502781322211") || Plausible("42050278042221X") {
		t.Error("bad 15-digit number plausible")
	}
	if Check("4205021978042221") != 0 || Check("4205021978042221A") != 0 {
		t.Error("Check accepted a bad body")
	}
}
