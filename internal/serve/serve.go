// Package serve is the preview server behind `creditsite serve`: it builds
// the site into a temporary folder, serves it on 127.0.0.1 and rebuilds
// whenever content/, layouts/, data/ or config.yaml change.
package serve

import (
	"context"

	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
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

// Run serves until ctx is done.
func Run(ctx context.Context, o Options) error {
	tmp, err := os.MkdirTemp("", "creditsite-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "public")
	rebuild := func() {
		start := time.Now()
		rep, err := build.Run(build.Options{Source: o.Source, Out: out, BaseURL: "/", Log: o.Log})
		if err != nil {
			fmt.Fprintf(o.Log, "生成失败（仍显示上一次的结果）：%v\n", err)
			return
		}
		fmt.Fprintf(o.Log, "已生成：%d 个页面，%s，用时 %v\n", rep.Site.Pages, rep.Output, time.Since(start).Round(time.Millisecond))
	}
	if _, err := os.Stat(o.Source); err != nil {
		return fmt.Errorf("源文件夹 %s 不存在", o.Source)
	}
	rebuild()

	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	watch(w, o.Source)

	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s：%v", o.Addr, err)
	}
	srv := &http.Server{Handler: noCache(http.FileServer(http.Dir(out))), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	if o.Ready != nil {
		o.Ready("http://" + ln.Addr().String() + "/")
	}

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
			fmt.Fprintf(o.Log, "监视文件变化出错：%v\n", err)
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
