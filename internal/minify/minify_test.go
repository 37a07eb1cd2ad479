package minify

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// TestInvisibleCharactersStayEscaped: escapes of characters nobody sees
// (a noncharacter, an ideographic space, a zero-width space, NUL, a
// private-use character beyond U+FFFF) come out of the minifier as
// escapes, in strings and in regular expressions, and mean what they
// meant: node evaluates the minified module.
func TestInvisibleCharactersStayEscaped(t *testing.T) {
	src := `// values the search modules write as escapes
export const s = ['a\uFFFF', 'b\u3000c', '\u200B', 'x\u0000y', '\u{F0000}', '宜昌·示范'];
export const re = [/[\u3000\uFFFF]/u.test('\u3000'), /^\u{F0000}$/u.test('\u{F0000}'), /[\uFF01-\uFF5E\u3000]/g.source.length];
`
	out, err := Asset("js/x.js", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range string(out) {
		if r != '\n' && r != ' ' && !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S) {
			t.Fatalf("minified script holds %U: %s", r, out)
		}
	}
	if !strings.Contains(string(out), "宜昌·示范") {
		t.Errorf("visible characters escaped too: %s", out)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: the minified module's values are not checked")
	}
	dir := t.TempDir()
	for name, js := range map[string][]byte{"src.mjs": []byte(src), "min.mjs": out} {
		os.WriteFile(filepath.Join(dir, name), js, 0o644)
	}
	values := func(name string) string {
		cmd := exec.Command(node, "--input-type=module", "-e", `const m = await import('./`+name+`'); console.log(JSON.stringify([m.s, m.re]))`)
		cmd.Dir = dir
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("node %s: %v\n%s", name, err, b)
		}
		return string(b)
	}
	want, got := values("src.mjs"), values("min.mjs")
	if got != want || !json.Valid([]byte(got)) {
		t.Errorf("minified module gives %s, source %s", got, want)
	}
}

// TestSyntaxErrorNamesTheFile: a script the minifier cannot parse is an
// error naming it; other files pass unchanged.
func TestSyntaxErrorNamesTheFile(t *testing.T) {
	if _, err := Asset("js/a.js", []byte("export function (\n")); err == nil || !strings.Contains(err.Error(), "static/js/a.js") {
		t.Errorf("error %v, want one naming static/js/a.js", err)
	}
	if out, err := Asset("favicon.svg", []byte("<svg/>  ")); err != nil || string(out) != "<svg/>  " {
		t.Errorf("svg: %q, %v", out, err)
	}
}
