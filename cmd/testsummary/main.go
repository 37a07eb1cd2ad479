// Command testsummary runs go test and ends with a line for each reason
// browser tests were skipped, so a machine without Chromium (or axe-core,
// or versitygw) shows "2 browser suites skipped (9 tests): Chromium not
// found (…)" instead of a plain "ok" that hides it. It prints what go test
// prints (package results, the output of failed tests) and exits with its
// status.
//
//	go run ./cmd/testsummary ./...
//	go run ./cmd/testsummary -run Browser ./internal/serve/
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"

	"creditsite/internal/browsertest"
)

func main() {
	os.Exit(run("go", os.Args[1:], os.Environ(), os.Stdout, os.Stderr))
}

// event is the part of a go test -json event used here.
type event struct {
	Action, Package, Test, Output string
}

// skips counts skipped tests and the packages (suites) they are in, for
// one reason.
type skips struct {
	tests    int
	packages map[string]bool
}

// run runs goBin test -json args with env and summarises it on stdout.
func run(goBin string, args, env []string, stdout, stderr io.Writer) int {
	cmd := exec.Command(goBin, append([]string{"test", "-json"}, args...)...)
	cmd.Env, cmd.Stderr = env, stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	reasons := summarise(out, stdout)
	err = cmd.Wait()
	report(reasons, stdout)
	if err != nil {
		if exit, ok := err.(*exec.ExitError); ok {
			return exit.ExitCode()
		}
		fmt.Fprintln(stderr, err)
		return 2
	}
	return 0
}

// summarise copies what go test would print without -v and returns the
// browser skips by reason.
func summarise(r io.Reader, w io.Writer) map[string]*skips {
	reasons := map[string]*skips{}
	held := map[string]*strings.Builder{} // a running test's output, printed if it fails
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			fmt.Fprintln(w, sc.Text()) // not an event: go test's own message
			continue
		}
		key := e.Package + " " + e.Test
		switch {
		case e.Action == "build-output" || e.Test == "" && e.Action == "output" && e.Output != "PASS\n":
			io.WriteString(w, e.Output)
		case e.Action == "output":
			if held[key] == nil {
				held[key] = &strings.Builder{}
			}
			held[key].WriteString(e.Output)
		case e.Action == "fail" && e.Test != "":
			io.WriteString(w, held[key].String())
			delete(held, key)
		case e.Action == "skip" && e.Test != "":
			if reason, ok := skipReason(held[key]); ok {
				s := reasons[reason]
				if s == nil {
					s = &skips{packages: map[string]bool{}}
					reasons[reason] = s
				}
				s.tests++
				s.packages[e.Package] = true
			}
			delete(held, key)
		case e.Action == "pass":
			delete(held, key)
		}
	}
	return reasons
}

// skipReason finds browsertest.Missing's line in a skipped test's output.
func skipReason(out *strings.Builder) (string, bool) {
	if out == nil {
		return "", false
	}
	_, after, ok := strings.Cut(out.String(), browsertest.SkipMarker)
	reason, _, _ := strings.Cut(after, "\n")
	return strings.TrimSpace(reason), ok
}

// report prints one line per reason, most suites first.
func report(reasons map[string]*skips, w io.Writer) {
	names := make([]string, 0, len(reasons))
	for r := range reasons {
		names = append(names, r)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := reasons[names[i]], reasons[names[j]]
		return len(a.packages) > len(b.packages) || len(a.packages) == len(b.packages) && names[i] < names[j]
	})
	for _, r := range names {
		s := reasons[r]
		fmt.Fprintf(w, "%d browser suites skipped (%d tests): %s\n", len(s.packages), s.tests, r)
	}
}
