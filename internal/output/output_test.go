package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// modes are the publishing modes every behaviour is tested in.
var modes = map[string]Mode{"symlink": Symlink, "folder": Folder}

func publish(t *testing.T, out string, files map[string]string) Stats {
	t.Helper()
	return publishMode(t, out, Symlink, files)
}

func publishMode(t *testing.T, out string, m Mode, files map[string]string) Stats {
	t.Helper()
	d, err := Open(out, Options{Mode: m})
	if err != nil {
		t.Fatal(err)
	}
	for n, s := range files {
		if err := d.WriteFile(n, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	st, err := d.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func read(t *testing.T, p string) string {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestIncrementalPublish(t *testing.T) {
	for name, m := range modes {
		t.Run(name, func(t *testing.T) { testIncrementalPublish(t, m) })
	}
}

func testIncrementalPublish(t *testing.T, m Mode) {
	out := filepath.Join(t.TempDir(), "public")
	publish := func(t *testing.T, out string, files map[string]string) Stats { return publishMode(t, out, m, files) }
	st := publish(t, out, map[string]string{"index.html": "a", "x/index.html": "b", "old/index.html": "c"})
	if st.Added != 3 {
		t.Fatalf("first build: %+v", st)
	}
	// A web server running as another user must be able to read the site.
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o755 {
		t.Fatalf("output folder mode %v (%v), want 0755", fi.Mode().Perm(), err)
	}
	past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	os.Chtimes(filepath.Join(out, "index.html"), past, past)

	st = publish(t, out, map[string]string{"index.html": "a", "x/index.html": "B", "new.txt": "d"})
	if st != (Stats{Added: 1, Changed: 1, Removed: 1, Unchanged: 1}) {
		t.Fatalf("second build: %+v", st)
	}
	if fi, _ := os.Stat(filepath.Join(out, "index.html")); !fi.ModTime().Equal(past) {
		t.Error("unchanged file was rewritten")
	}
	if read(t, filepath.Join(out, "x/index.html")) != "B" || read(t, filepath.Join(out, "new.txt")) != "d" {
		t.Error("changed or new file not published")
	}
	if _, err := os.Stat(filepath.Join(out, "old")); !os.IsNotExist(err) {
		t.Error("stale file or its empty folder kept")
	}
	assertNoLeftovers(t, out)
}

func TestAbortLeavesOutputUntouched(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	publish(t, out, map[string]string{"index.html": "old"})
	d, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d.WriteFile("index.html", []byte("half"))
	d.WriteFile("more.html", []byte("half"))
	d.Abort()
	if read(t, filepath.Join(out, "index.html")) != "old" {
		t.Error("aborted build changed the output")
	}
	if _, err := os.Stat(filepath.Join(out, "more.html")); !os.IsNotExist(err) {
		t.Error("aborted build added a file")
	}
}

func TestRefusesForeignFolder(t *testing.T) {
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "thesis.docx"), []byte("precious"), 0o644)
	if _, err := Open(out, Options{}); err == nil || !strings.Contains(err.Error(), "不是本程序生成的") {
		t.Fatalf("Open on a foreign folder: %v", err)
	}
}

func TestRejectsBadNames(t *testing.T) {
	d, err := Open(filepath.Join(t.TempDir(), "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, n := range []string{"../x", "/etc/passwd", ".", "a//b"} {
		if d.WriteFile(n, nil) == nil {
			t.Errorf("WriteFile(%q) accepted", n)
		}
	}
	d.WriteFile("a.html", nil)
	if d.WriteFile("a.html", nil) == nil {
		t.Error("duplicate file accepted")
	}
}

func TestUnwritableParent(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write anywhere")
	}
	parent := t.TempDir()
	os.Chmod(parent, 0o555)
	defer os.Chmod(parent, 0o755)
	if _, err := Open(filepath.Join(parent, "public"), Options{}); err == nil || !strings.Contains(err.Error(), "无法") {
		t.Fatalf("got %v", err)
	}
}

func TestOutputUnderAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := Open(filepath.Join(file, "public"), Options{}); err == nil || !strings.Contains(err.Error(), "无法") {
		t.Fatalf("got %v", err)
	}
}

func TestRecall(t *testing.T) {
	for name, m := range modes {
		t.Run(name, func(t *testing.T) { testRecall(t, m) })
	}
}

func testRecall(t *testing.T, m Mode) {
	out := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"index.html": "a", "x/index.html": "b", "empty.txt": ""}
	commit := func(key string) {
		t.Helper()
		d, err := Open(out, Options{Mode: m})
		if err != nil {
			t.Fatal(err)
		}
		for n, s := range files {
			if err := d.WriteFile(n, []byte(s)); err != nil {
				t.Fatal(err)
			}
		}
		d.Remember(key, []byte(`{"pages":2}`))
		if _, err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	recalled := func(key string) bool {
		t.Helper()
		note, st, ok := Recall(out, key)
		if ok && (string(note) != `{"pages":2}` || st != (Stats{Unchanged: 3})) {
			t.Fatalf("recalled %q, %+v", note, st)
		}
		return ok
	}
	if recalled("k1") {
		t.Fatal("recalled a folder that does not exist")
	}
	commit("k1") // new folder: staged folder renamed into place
	if !recalled("k1") || recalled("k2") || recalled("") {
		t.Fatal("first commit: wrong recall")
	}
	commit("k2") // existing folder: files compared one by one
	if !recalled("k2") || recalled("k1") {
		t.Fatal("second commit: wrong recall")
	}
	later := time.Now().Add(time.Hour)
	for _, tamper := range []func(){
		func() { os.Chtimes(filepath.Join(out, "x/index.html"), later, later) },
		func() {
			os.Remove(filepath.Join(out, "index.html"))
			os.WriteFile(filepath.Join(out, "index.html"), []byte("z"), 0o644)
		},
		func() { os.Remove(filepath.Join(out, "empty.txt")) },
		func() { os.WriteFile(filepath.Join(out, "stray.html"), nil, 0o644) },
	} {
		tamper()
		if recalled("k2") {
			t.Fatal("recalled a folder changed after the build")
		}
		commit("k2")
		if !recalled("k2") || read(t, filepath.Join(out, "index.html")) != "a" {
			t.Fatal("rebuild did not restore the folder")
		}
		if _, err := os.Stat(filepath.Join(out, "stray.html")); err == nil {
			t.Fatal("stray file kept")
		}
	}
}

func TestSameNoticesGrownAndEmptyFiles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	for _, c := range []struct {
		disk, data string
		want       bool
	}{{"", "", true}, {"abc", "abc", true}, {"abd", "abc", false}, {"abcd", "abc", false}, {"ab", "abc", false}} {
		os.WriteFile(p, []byte(c.disk), 0o644)
		if got := same(p, []byte(c.data)); got != c.want {
			t.Errorf("same(%q on disk, %q) = %v", c.disk, c.data, got)
		}
	}
	if same(filepath.Join(dir, "missing"), nil) {
		t.Error("a missing file is the same as nothing")
	}
}

// Files are staged in the background: a write that fails must still stop
// the commit, and nothing may be published.
func TestFailedWriteStopsCommit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	d, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d.WriteFile("a", []byte("a file"))
	d.WriteFile("a/b", []byte("a file inside a file")) // "a" cannot be both
	if _, err := d.Commit(); err == nil {
		t.Fatal("commit succeeded although a file could not be written")
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("output folder exists after a failed commit: %v", err)
	}
}

// An output named "." (a build run inside the web root's folder) is that
// folder by its name in its parent: its generations go beside it, not into
// it, where they would be served and make it look foreign.
func TestOutputIsCurrentFolder(t *testing.T) {
	for name, m := range modes {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			site := filepath.Join(parent, "site")
			os.Mkdir(site, 0o755)
			t.Chdir(site)
			d, err := Open(".", Options{Mode: m})
			if err != nil {
				t.Fatal(err)
			}
			d.WriteFile("index.html", []byte("a"))
			if _, err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			if b, err := os.ReadFile(filepath.Join(site, "index.html")); string(b) != "a" {
				t.Fatalf("site/index.html: %q, %v", b, err)
			}
			if !isDir(filepath.Join(parent, ".site.generations")) {
				t.Error("no generations folder beside the output")
			}
			entries, _ := os.ReadDir(site)
			for _, e := range entries {
				if e.Name() != "index.html" {
					t.Errorf("left inside the output: %s", e.Name())
				}
			}
		})
	}
}
