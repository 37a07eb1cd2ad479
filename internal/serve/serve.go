// Package serve is the preview server behind `creditsite serve`: it builds
// the site into a temporary folder, serves it on 127.0.0.1 as a static
// host would (see staticSite) and rebuilds whenever content/, layouts/,
// data/ or config.yaml change. The temporary folder is removed when the
// server stops, and one left by a serve that was killed is removed by the
// next (see cleanStale).
package serve

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"creditsite/internal/build"
)

// Options for the preview server.
type Options struct {
	Source string
	Addr   string    // listen address, e.g. 127.0.0.1:1313
	Log    io.Writer // build results and problems
	Ready  func(url string)
}

// debounce groups the burst of events one save produces into one rebuild.
const debounce = 300 * time.Millisecond

// Run serves until ctx is done or the process gets SIGINT or SIGTERM, then
// removes its temporary folder and returns nil. Errors: the source folder
// is missing, the temporary folder cannot be made, Addr cannot be listened
// on, the file watcher cannot start.
func Run(ctx context.Context, o Options) error {
	// Caught here, not only by the command, so that no way of stopping the
	// server short of SIGKILL leaves the temporary folder behind.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, err := os.Stat(o.Source); err != nil {
		return fmt.Errorf("源文件夹 %s 不存在", o.Source)
	}
	cleanStale(o.Log)
	tmp, err := newTempDir()
	if err != nil {
		return err
	}
	defer func() {
		if err := tmp.Remove(); err != nil {
			fmt.Fprintln(o.Log, err)
		}
	}()
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s：%v", o.Addr, err)
	}
	defer ln.Close()
	url := "http://" + ln.Addr().String() + "/"
	out := filepath.Join(tmp.path, "public")
	check := &checkState{}
	rebuild := rebuilder(ctx, o, out, url, check)
	rebuild()
	if ctx.Err() != nil { // stopped during the first build
		return nil
	}

	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	watch(w, o.Source)

	srv := &http.Server{Handler: noCache(check.withCheck(staticSite(out))), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	if o.Ready != nil {
		o.Ready(url)
	}
	return loop(ctx, w, o.Log, rebuild)
}

// rebuilder returns the build of the preview into out, stopped when ctx
// is done. The site's address is the server's own, so the preview has its
// sitemap and feed as the published site does, with links that work in it.
// Each build's problems become the report check serves.
func rebuilder(ctx context.Context, o Options, out, url string, check *checkState) func() {
	return func() {
		start := time.Now()
		rep, err := build.Run(build.Options{Source: o.Source, Out: out, BaseURL: url, Log: o.Log, Context: ctx})
		if ctx.Err() != nil { // stopping: the build's end is no news
			return
		}
		if rep != nil && rep.Ingest != nil {
			if cerr := check.update(o.Source, rep.Ingest); cerr != nil {
				fmt.Fprintf(o.Log, "检查报告生成失败：%v\n", cerr)
			}
		}
		if err != nil {
			fmt.Fprintf(o.Log, "生成失败（仍显示上一次的结果）：%v\n", err)
			return
		}
		fmt.Fprintf(o.Log, "已生成：%d 个页面，%s，用时 %v\n", rep.Site.Pages, rep.Output, time.Since(start).Round(time.Millisecond))
	}
}

// loop rebuilds after changes until ctx is done.
func loop(ctx context.Context, w *fsnotify.Watcher, log io.Writer, rebuild func()) error {
	var timer <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev := <-w.Events:
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					watchTree(w, ev.Name)
				}
			}
			timer = time.After(debounce)
		case err := <-w.Errors:
			fmt.Fprintf(log, "监视文件变化出错：%v\n", err)
		case <-timer:
			rebuild()
		}
	}
}

// watch adds the source root (for config.yaml) and the trees under it that
// a build reads. fsnotify watches single folders, so each is added.
func watch(w *fsnotify.Watcher, source string) {
	w.Add(source)
	for _, d := range []string{"content", "layouts", "data"} {
		watchTree(w, filepath.Join(source, d))
	}
}

func watchTree(w *fsnotify.Watcher, root string) {
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			w.Add(p)
		}
		return nil
	})
}

// noCache makes the browser fetch every file again, so a reload after a
// rebuild always shows the new site.
func noCache(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}
