// Package packaging holds what the release archives carry besides the
// binary (使用说明.txt, the Windows .bat files) and the test that a built
// archive works on a machine without Go.
package packaging

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestLinuxArchiveWorksWithoutGo builds the linux/amd64 archive with the
// release command, unpacks it into a fresh folder and, with no Go
// toolchain on PATH, takes it through the staff's steps: init, put the
// exports in, check, build, serve.
func TestLinuxArchiveWorksWithoutGo(t *testing.T) {
	if testing.Short() {
		t.Skip("跳过：-short 时不构建发布包")
	}
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skipf("跳过：发布包测试只在 linux/amd64 上运行（本机 %s/%s）", runtime.GOOS, runtime.GOARCH)
	}
	for _, tool := range []string{"bash", "git", "tar", "gzip", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("跳过：找不到打包所需的 %s", tool)
		}
	}
	dist := t.TempDir()
	release := exec.Command("bash", "../scripts/release.sh", "linux/amd64")
	release.Env = append(os.Environ(), "DIST="+dist, "VERSION=v0.0.0-test")
	if out, err := release.CombinedOutput(); err != nil {
		t.Fatalf("release.sh: %v\n%s", err, out)
	}
	home := t.TempDir()
	untar := exec.Command("tar", "-xzf", filepath.Join(dist, "creditsite_v0.0.0-test_linux_amd64.tar.gz"), "-C", home)
	if out, err := untar.CombinedOutput(); err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	pkg := filepath.Join(home, "creditsite_v0.0.0-test_linux_amd64")
	for _, f := range []string{"creditsite", "使用说明.txt"} {
		if _, err := os.Stat(filepath.Join(pkg, f)); err != nil {
			t.Fatalf("the archive lacks %s", f)
		}
	}
	c := clerk{t: t, dir: pkg, env: []string{"PATH=" + pathWithoutGo(), "HOME=" + home, "LANG=C.UTF-8"}}
	if out := c.run(0, "version"); !strings.Contains(out, "creditsite v0.0.0-test") {
		t.Errorf("version: %s", out)
	}
	c.run(0, "init", "site")
	copyTree(t, "../testdata/exports", filepath.Join(pkg, "site", "data"))
	if out := c.run(1, "check", "--source", "site"); !strings.Contains(out, "共读取 4 个文件") {
		t.Errorf("check did not read the exports:\n%s", out)
	}
	c.run(1, "build", "--source", "site") // 1: rows of xiaoting-errors.csv are left out
	if _, err := os.Stat(filepath.Join(pkg, "site", "public", "index.html")); err != nil {
		t.Errorf("build wrote no site/public/index.html: %v", err)
	}
	c.serve()
}

// clerk runs the unpacked binary in its folder, as staff would.
type clerk struct {
	t   *testing.T
	dir string
	env []string
}

func (c clerk) command(args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(c.dir, "creditsite"), args...)
	cmd.Dir, cmd.Env = c.dir, c.env
	return cmd
}

// run runs a command that must end with the given exit status.
func (c clerk) run(status int, args ...string) string {
	c.t.Helper()
	cmd := c.command(args...)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != status {
		c.t.Fatalf("creditsite %s: exit %d (%v), want %d\n%s", strings.Join(args, " "), code, err, status, buf.String())
	}
	return buf.String()
}

// serve starts the preview, fetches the disclosures list and stops it.
func (c clerk) serve() {
	t := c.t
	port := freePort(t)
	cmd := c.command("serve", "--source", "site", "--port", fmt.Sprint(port))
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Errorf("serve did not stop on SIGINT\n%s", log.String())
		}
	}()
	page := get(t, fmt.Sprintf("http://127.0.0.1:%d/disclosures/", port), done)
	if !strings.Contains(page, "企业亮信用") {
		t.Errorf("/disclosures/ from serve:\n%.500s\nserve said:\n%s", page, log.String())
	}
}

// get fetches url once the server answers, giving up after a minute or
// when the server exits.
func get(t *testing.T, url string, exited <-chan error) string {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %s", url, resp.Status)
			}
			return string(b)
		}
		select {
		case err := <-exited:
			t.Fatalf("serve exited before answering: %v", err)
		case <-ctx.Done():
			t.Fatalf("GET %s: %v", url, err)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// pathWithoutGo is PATH less every folder holding a go command, so the
// archive is tried as on a machine where Go was never installed.
func pathWithoutGo() string {
	var keep []string
	for _, d := range filepath.SplitList(os.Getenv("PATH")) {
		if _, err := os.Stat(filepath.Join(d, "go")); err != nil {
			keep = append(keep, d)
		}
	}
	return strings.Join(keep, string(filepath.ListSeparator))
}

// copyTree copies the files under src into dst, keeping sub-folders.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err == nil {
			err = os.WriteFile(target, b, 0o644)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
