package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSkipSummaryWithoutChromium runs the browser helper's own tests with
// Chromium hidden (a PATH holding only go, no CHROME_PATH, not in CI): the
// summary must say a browser suite was skipped and why.
func TestSkipSummaryWithoutChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test in a subprocess")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	bin := t.TempDir()
	if err := os.Symlink(goBin, filepath.Join(bin, "go")); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PATH=") && !strings.HasPrefix(kv, "CHROME_PATH=") && !strings.HasPrefix(kv, "CI=") {
			env = append(env, kv)
		}
	}
	env = append(env, "PATH="+bin)
	var stdout, stderr bytes.Buffer
	code := run(filepath.Join(bin, "go"), []string{"-count=1", "-run", "TestBrowserLoadsServedPage", "creditsite/internal/browsertest"}, env, &stdout, &stderr)
	want := "1 browser suites skipped (1 tests): Chromium not found (apt-get install chromium, or set CHROME_PATH)\n"
	if code != 0 || !strings.HasSuffix(stdout.String(), want) || !strings.Contains(stdout.String(), "ok  \tcreditsite/internal/browsertest") {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant it to end with %q", code, stdout.String(), stderr.String(), want)
	}
}

// With Chromium found, nothing is skipped and no summary line is printed.
func TestNoSummaryWhenNothingSkipped(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader(`{"Action":"output","Package":"p","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"pass","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Output":"ok  \tp\t0.1s\n"}
`)
	report(summarise(in, &out), &out)
	if out.String() != "ok  \tp\t0.1s\n" {
		t.Errorf("output %q", out.String())
	}
}
