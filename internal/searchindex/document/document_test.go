package document

import (
	"fmt"
	"slices"
	"testing"
)

func TestDistinct(t *testing.T) {
	many := func(n int) []string { // v0 v1 … with each value repeated and blanks
		var vs []string
		for i := range n {
			vs = append(vs, fmt.Sprint("v", i), "", fmt.Sprint("v", i/2))
		}
		return vs
	}
	want := func(n int) []string {
		var vs []string
		for i := range n {
			vs = append(vs, fmt.Sprint("v", i))
		}
		return vs
	}
	for _, n := range []int{0, 1, 3, 16, 17, 40} {
		if got := distinct(many(n)); !slices.Equal(got, want(n)) {
			t.Errorf("distinct of %d values: %v", n, got)
		}
	}
}
