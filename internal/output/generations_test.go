package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// assertNoLeftovers checks that nothing but OUT, the live generation, the
// kept ones and their records is left beside OUT, and in the trash at most
// the generation the last build stopped keeping.
func assertNoLeftovers(t *testing.T, out string) {
	t.Helper()
	l := layoutOf(out)
	entries, _ := os.ReadDir(l.parent)
	for _, e := range entries {
		if n := e.Name(); n != l.base && n != filepath.Base(l.gens) {
			t.Errorf("left beside the output: %s", n)
		}
	}
	entries, _ = os.ReadDir(l.gens)
	for _, e := range entries {
		n := strings.TrimSuffix(e.Name(), recordSuffix)
		if !isGeneration(strings.TrimPrefix(n, trashPrefix)) && n != lockName && e.Name() != folderRecord && e.Name() != folderOwner {
			t.Errorf("left in %s: %s", l.gens, e.Name())
		}
	}
}

func TestGenerationsSwitchKeepAndRollback(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	publish(t, out, map[string]string{"index.html": "v1", "css/site.css": "css"})
	live1, _ := Live(out)
	publish(t, out, map[string]string{"index.html": "v2", "css/site.css": "css"})
	live2, _ := Live(out)
	if fi, err := os.Lstat(out); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("output is not a symlink: %v", err)
	}
	if live1 == live2 || read(t, filepath.Join(out, "index.html")) != "v2" {
		t.Fatalf("second build not live: %s %s", live1, live2)
	}
	// An unchanged file is the same file (a hard link), not a copy.
	if inode(t, filepath.Join(live1, "css/site.css")) != inode(t, filepath.Join(live2, "css/site.css")) {
		t.Error("unchanged file was copied instead of linked")
	}
	publish(t, out, map[string]string{"index.html": "v3", "css/site.css": "css"})
	gens, _ := layoutOf(out).generations()
	if len(gens) != 2 {
		t.Errorf("kept %d generations, want the live one and one before it: %v", len(gens), gens)
	}
	assertNoLeftovers(t, out)
	if _, err := Rollback(out, false); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "v2" {
		t.Fatalf("after rollback the site reads %q, want v2", got)
	}
	if _, err := Rollback(out, false); !errors.Is(err, ErrNoEarlier) {
		t.Fatalf("second rollback: %v", err)
	}
	publish(t, out, map[string]string{"index.html": "v4", "css/site.css": "css"})
	if got := read(t, filepath.Join(out, "index.html")); got != "v4" {
		t.Fatalf("build after rollback: %q", got)
	}
}

func TestOneWriterAtATime(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	first.WriteFile("index.html", []byte("first"))
	_, err = Open(out, Options{})
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("进程 %d", os.Getpid())) {
		t.Fatalf("second Open while the first holds the lock: %v", err)
	}
	got := make(chan error, 1)
	go func() {
		second, err := Open(out, Options{Wait: true})
		if err == nil {
			second.WriteFile("index.html", []byte("second"))
			_, err = second.Commit()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("waiting Open returned while the lock was held: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	if _, err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	if s := read(t, filepath.Join(out, "index.html")); s != "second" {
		t.Fatalf("site reads %q after both builds", s)
	}
}

func TestLeftoversOfKilledBuildsRemoved(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	publish(t, out, map[string]string{"index.html": "a"})
	l := layoutOf(out)
	for _, p := range []string{filepath.Join(l.gens, tmpPrefix+"20260101T000000.000000000"), filepath.Join(l.parent, ".public.staging-123")} {
		os.MkdirAll(filepath.Join(p, "x"), 0o755)
		os.WriteFile(filepath.Join(p, "x", "f.html"), []byte("half"), 0o644)
	}
	os.Symlink("nowhere", l.link("20260101T000000.000000000"))
	os.WriteFile(filepath.Join(l.gens, "20260101T000000.000000000.record.tmp"), []byte("key: half"), 0o644)
	publish(t, out, map[string]string{"index.html": "b"})
	assertNoLeftovers(t, out)
}

func TestLegacyFolderBecomesGeneration(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	os.MkdirAll(filepath.Join(out, "x"), 0o755)
	os.WriteFile(filepath.Join(out, Marker), []byte(markerOfOldVersions), 0o644)
	os.WriteFile(filepath.Join(out, "index.html"), []byte("old"), 0o644)
	publish(t, out, map[string]string{"index.html": "new"})
	if fi, _ := os.Lstat(out); fi.Mode()&os.ModeSymlink == 0 || read(t, filepath.Join(out, "index.html")) != "new" {
		t.Fatal("old plain folder not replaced by the new generation")
	}
	if _, err := Rollback(out, false); err != nil || read(t, filepath.Join(out, "index.html")) != "old" {
		t.Fatalf("rollback to the old folder: %v", err)
	}
}

const markerOfOldVersions = "managed by creditsite: files not produced by a build are deleted\n"

func TestForeignSymlinkRefused(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "mine"), 0o755)
	os.WriteFile(filepath.Join(dir, "mine", "thesis.docx"), []byte("precious"), 0o644)
	out := filepath.Join(dir, "public")
	os.Symlink("mine", out)
	if _, err := Open(out, Options{}); err == nil || !strings.Contains(err.Error(), "不是本程序建立的") {
		t.Fatalf("Open on a foreign symlink: %v", err)
	}
}

// A Folder-mode publish killed half way is completed by the next Open: the
// journal's steps can be repeated.
func TestFolderJournalCompletes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	old := map[string]string{"index.html": "list: a b", "enterprises/a/index.html": "a", "enterprises/b/index.html": "b"}
	publishMode(t, out, Folder, old)
	l := layoutOf(out)
	stage := tmpPrefix + "20260101T000000.000000000"
	// The new build adds c and drops b; the kill came after c's page moved,
	// before the list and the deletion.
	os.MkdirAll(filepath.Join(l.gens, stage), 0o755)
	os.WriteFile(filepath.Join(l.gens, stage, "index.html"), []byte("list: a c"), 0o644)
	os.MkdirAll(filepath.Join(out, "enterprises/c"), 0o755)
	os.WriteFile(filepath.Join(out, "enterprises/c/index.html"), []byte("c"), 0o644)
	j := journal{Stage: stage, Write: []string{"enterprises/c/index.html", "index.html"}, Delete: []string{"enterprises/b/index.html"}}
	if err := writeJSON(filepath.Join(l.gens, journalName), j); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := Recall(out, "k"); ok {
		t.Fatal("a folder with a publish in progress was trusted")
	}
	d, err := Open(out, Options{Mode: Folder})
	if err != nil {
		t.Fatal(err)
	}
	d.Abort()
	if read(t, filepath.Join(out, "index.html")) != "list: a c" || read(t, filepath.Join(out, "enterprises/c/index.html")) != "c" {
		t.Fatal("interrupted publish not completed")
	}
	if exists(filepath.Join(out, "enterprises/b")) {
		t.Error("deleted enterprise's page or folder kept")
	}
	assertNoLeftovers(t, out)
}

func TestPublishOrder(t *testing.T) {
	changed := map[string]bool{"index.html": true, "search/meta.json": true, "search/t/ab.bin": false,
		"disclosures/index.html": true, "disclosures/page/9/index.html": false, "enterprises/x/index.html": true,
		"enterprises/y/index.html": false, "css/site.css": true, "feed.xml": true}
	got := strings.Join(publishOrder(changed), " ")
	want := "css/site.css search/t/ab.bin enterprises/y/index.html disclosures/page/9/index.html " +
		"enterprises/x/index.html disclosures/index.html feed.xml index.html search/meta.json"
	if got != want {
		t.Errorf("publish order\n got %s\nwant %s", got, want)
	}
	if got := strings.Join(deleteOrder([]string{"css/a.css", "enterprises/x/index.html", "index2.html"}), " "); got != "index2.html enterprises/x/index.html css/a.css" {
		t.Errorf("delete order %s", got)
	}
}

// Rollback follows what was live, not the order generations were made: a
// generation withdrawn by a rollback is never returned to, and the build
// after a rollback keeps the generation it replaced.
func TestRollbackFollowsWhatWasLive(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	publish(t, out, map[string]string{"index.html": "good"})
	publish(t, out, map[string]string{"index.html": "bad"})
	if _, err := Rollback(out, false); err != nil || read(t, filepath.Join(out, "index.html")) != "good" {
		t.Fatalf("rollback: %v", err)
	}
	publish(t, out, map[string]string{"index.html": "fixed"})
	if _, err := Rollback(out, false); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "good" {
		t.Fatalf("rollback after a build returned to %q, want the generation that build replaced", got)
	}
	gens, _ := layoutOf(out).generations()
	for _, g := range gens {
		if b, _ := os.ReadFile(filepath.Join(layoutOf(out).gens, g, "index.html")); string(b) == "bad" {
			t.Errorf("the withdrawn generation %s is still kept", g)
		}
	}
}

// A generation that could not go live is not left behind as a rollback
// target.
func TestFailedSwitchLeavesNoGeneration(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	publish(t, out, map[string]string{"index.html": "a"})
	l := layoutOf(out)
	d, err := Open(out, Options{Mode: Symlink})
	if err != nil {
		t.Fatal(err)
	}
	d.WriteFile("index.html", []byte("b"))
	// A folder where the new symlink must go makes the switch fail.
	if err := os.MkdirAll(filepath.Join(l.link(d.gen), "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Commit(); err == nil {
		t.Fatal("switch succeeded")
	}
	os.RemoveAll(l.link(d.gen))
	if gens, _ := l.generations(); len(gens) != 1 || read(t, filepath.Join(out, "index.html")) != "a" {
		t.Fatalf("after a failed switch: generations %v", gens)
	}
}

func TestNestedOutputRefused(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	publish(t, out, map[string]string{"index.html": "a"})
	if _, err := Open(filepath.Join(out, "xyyc"), Options{}); err == nil || !strings.Contains(err.Error(), "另一个网站的输出文件夹") {
		t.Fatalf("output inside another: %v", err)
	}
}

// A build that has just taken the lock has not yet written its stamp: a
// second build in that instant must still name it (CI caught "进程号未知").
func TestHolderNamedWhileStampIsWritten(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	gens := layoutOf(out).gens
	if err := os.MkdirAll(gens, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(gens, lockName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if held, err := tryLock(f); !held || err != nil {
		t.Fatalf("tryLock: %v %v", held, err)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		f.WriteAt([]byte("pid 4242\nstarted 2026-11-30 10:00:00\ncommand creditsite build\n"), 0)
	}()
	_, err = Open(out, Options{})
	if err == nil || !strings.Contains(err.Error(), "进程 4242") {
		t.Fatalf("Open while another holds the lock and writes its stamp late: %v", err)
	}
}

// Hold keeps builds out while a reader needs one build throughout, and
// refuses a folder whose publish a killed build left half done.
func TestHold(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	release, err := Hold(out) // never built: nothing to hold
	if err != nil {
		t.Fatal(err)
	}
	release()
	d, err := Open(out, Options{Mode: Folder})
	if err != nil {
		t.Fatal(err)
	}
	d.WriteFile("index.html", []byte("a"))
	if _, err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	release, err = Hold(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(out, Options{Mode: Folder}); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("进程 %d", os.Getpid())) {
		t.Errorf("build while held: %v", err)
	}
	if _, err := Hold(out); err == nil || strings.Contains(err.Error(), "--wait") {
		t.Errorf("second Hold: %v, want the holder named without --wait", err)
	}
	release()
	journal := filepath.Join(filepath.Dir(out), ".public.generations", journalName)
	if err := os.WriteFile(journal, []byte(`{"stage":"tmp-x"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Hold(out); !errors.Is(err, ErrUnfinished) {
		t.Errorf("Hold with a journal: %v", err)
	}
	d, err = Open(out, Options{Mode: Folder}) // completes the journal
	if err != nil {
		t.Fatal(err)
	}
	d.Abort()
	release, err = Hold(out)
	if err != nil {
		t.Fatalf("Hold after the journal was completed: %v", err)
	}
	release()
}
