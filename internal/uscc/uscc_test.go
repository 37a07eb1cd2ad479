package uscc

import "testing"

func TestValidateRealCodes(t *testing.T) {
	for _, c := range []string{"91420582MA4F4R53XQ", "91420500744614179X", "914205821827241130", "91420581MA4970RN0Q"} {
		if err := Validate(c); err != nil {
			t.Errorf("Validate(%s) = %v, want nil", c, err)
		}
	}
}

func TestValidateRejects(t *testing.T) {
	for code, why := range map[string]string{
		"91420500870TF54J70":  "wrong check character",
		"91420582MA4F4R53XR":  "wrong check character",
		"91420582MA4F4R53X":   "17 characters",
		"91420582MA4F4R53XQ1": "19 characters",
		"91420582MI4F4R53XQ":  "letter I is not allowed",
		"91420500744614178X":  "wrong organisation check character",
		"9142058２MA4F4R53XQ":  "full-width digit",
	} {
		if err := Validate(code); err == nil {
			t.Errorf("Validate(%s) = nil, want error (%s)", code, why)
		}
	}
}

func TestCompleteRoundTrip(t *testing.T) {
	for _, c := range []string{"91420582MA4F4R53XQ", "91420500744614179X", "914205821827241130", "91420581MA4970RN0Q"} {
		if got := Complete(c[:16]); got != c {
			t.Errorf("Complete(%s) = %s, want %s", c[:16], got, c)
		}
	}
}

func FuzzValidate(f *testing.F) {
	f.Add("91420582MA4F4R53XQ")
	f.Add("")
	f.Add("９１４２")
	f.Fuzz(func(t *testing.T, s string) {
		if Validate(s) == nil && (len(s) != 18 || Check(s[:17]) != s[17]) {
			t.Fatalf("accepted invalid %q", s)
		}
	})
}
