// Package packaging holds what the release archives carry besides the
// binary (使用说明.txt, the Windows .bat files) and the test that a built
// archive works on a machine without Go.
package packaging

import (
	"archive/zip"
	"bytes"
	"context"
	"debug/pe"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
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

// TestWindowsArchives builds the Windows archives with the release
// command and inspects them without running anything: each zip opens
// with its Chinese names flagged as UTF-8 (as Windows' own unzip needs),
// holds the binary, 使用说明.txt and the three .bat files in one folder;
// the text files have CRLF line ends and no byte order mark (which would
// break @echo off), the .bat files switch the console to UTF-8 before
// any Chinese and keep the window open; the binary is a console PE for
// the archive's architecture.
func TestWindowsArchives(t *testing.T) {
	if testing.Short() {
		t.Skip("跳过：-short 时不构建发布包")
	}
	for _, tool := range []string{"bash", "git", "python3", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("跳过：找不到打包所需的 %s", tool)
		}
	}
	dist := t.TempDir()
	release := exec.Command("bash", "../scripts/release.sh", "windows/amd64", "windows/arm64")
	release.Env = append(os.Environ(), "DIST="+dist, "VERSION=v0.0.0-test")
	if out, err := release.CombinedOutput(); err != nil {
		t.Fatalf("release.sh: %v\n%s", err, out)
	}
	for arch, machine := range map[string]uint16{"amd64": pe.IMAGE_FILE_MACHINE_AMD64, "arm64": pe.IMAGE_FILE_MACHINE_ARM64} {
		name := "creditsite_v0.0.0-test_windows_" + arch
		files := unzip(t, filepath.Join(dist, name+".zip"))
		var got []string
		for f := range files {
			got = append(got, f)
		}
		slices.Sort(got)
		want := []string{name + "/creditsite.exe", name + "/使用说明.txt", name + "/检查数据.bat", name + "/生成网站.bat", name + "/预览网站.bat"}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("%s.zip holds %q, want %q", name, got, want)
		}
		for f, b := range files {
			if strings.HasSuffix(f, ".bat") || strings.HasSuffix(f, ".txt") {
				checkText(t, f, b)
			}
			if strings.HasSuffix(f, ".bat") {
				checkBat(t, f, string(b))
			}
		}
		checkPE(t, files[name+"/creditsite.exe"], machine)
	}
}

// unzip returns the files of a zip archive by name, failing on a
// non-ASCII name that is not flagged as UTF-8.
func unzip(t *testing.T, file string) map[string][]byte {
	t.Helper()
	z, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	out := map[string][]byte{}
	for _, f := range z.File {
		if !utf8.ValidString(f.Name) || f.Flags&0x800 == 0 && strings.ContainsFunc(f.Name, func(r rune) bool { return r > 0x7f }) {
			t.Errorf("%s: the name %q is not flagged as UTF-8: Windows would show it garbled", file, f.Name)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	return out
}

// checkText: UTF-8 without a byte order mark, every line ending in CRLF.
func checkText(t *testing.T, name string, b []byte) {
	t.Helper()
	if bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) || !utf8.Valid(b) {
		t.Errorf("%s: not UTF-8 without a byte order mark", name)
	}
	if n, crlf := bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")); n == 0 || n != crlf || bytes.Contains(b, []byte("\r\r")) || !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Errorf("%s: %d line ends, %d of them CRLF: cmd.exe and Notepad want every line ending in CRLF", name, n, crlf)
	}
}

// checkBat checks what a double-clicked .bat needs on a clerk's machine:
// output off, the console in UTF-8 before the first Chinese character,
// the files found beside the .bat wherever it was unzipped, no ( ) block
// (a ")" in the folder's path, as in "creditsite (2)", ends a block
// early), the exit status shown, and the window kept open at the end.
func checkBat(t *testing.T, name, text string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n")
	if lines[0] != "@echo off" || lines[1] != "chcp 65001 >nul" {
		t.Errorf("%s starts %q, want @echo off, then chcp 65001 >nul", name, lines[:2])
	}
	if i := strings.IndexFunc(text, func(r rune) bool { return r > 0x7f }); i < len(lines[0])+len(lines[1])+4 {
		t.Errorf("%s: a non-ASCII character before chcp 65001", name)
	}
	if !slices.Contains(lines, `pushd "%~dp0"`) || lines[len(lines)-1] != "pause" {
		t.Errorf("%s: want pushd \"%%~dp0\" and pause as the last line", name)
	}
	for i, l := range lines {
		code := strings.TrimSpace(l)
		if strings.HasPrefix(strings.ToLower(code), "rem ") || strings.HasPrefix(code, "echo ") || strings.HasPrefix(code, "start ") {
			continue
		}
		if strings.HasSuffix(code, "(") || strings.HasPrefix(code, ")") {
			t.Errorf("%s:%d: a ( ) block: %q", name, i+1, l)
		}
	}
	if !strings.Contains(text, "结束状态 %code%") {
		t.Errorf("%s does not show the exit status", name)
	}
	if !strings.Contains(text, `if not exist "creditsite.exe" goto notunzipped`) {
		t.Errorf("%s does not say to unzip first when run from inside the zip", name)
	}
}

// checkPE: a Windows console program for the given machine.
func checkPE(t *testing.T, b []byte, machine uint16) {
	t.Helper()
	f, err := pe.NewFile(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("creditsite.exe is not a PE file: %v", err)
	}
	if f.Machine != machine {
		t.Errorf("creditsite.exe is for machine %#x, want %#x", f.Machine, machine)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok || oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_CUI {
		t.Errorf("creditsite.exe is not a 64-bit console program: %T", f.OptionalHeader)
	}
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
