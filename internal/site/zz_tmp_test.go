package site

import (
	"os"
	"testing"

	"creditsite/internal/content"
	"creditsite/internal/output"
)

func TestTmpWriteSite(t *testing.T) {
	out := os.Getenv("TMPSITE")
	if out == "" {
		t.Skip()
	}
	in := input(t, sample(t, 120, 5000))
	in.Config.SampleData = true
	in.Pages, _ = content.Load("../../content", false)
	d, err := output.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(in, d); err != nil {
		t.Fatal(err)
	}
	d.Commit()
}
