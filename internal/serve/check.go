package serve

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"strings"
	"sync/atomic"

	"creditsite/internal/checkreport"
	"creditsite/internal/config"
	"creditsite/internal/ingest"
	"creditsite/internal/privacy"
)

// checkPath is where the preview shows the check report of its latest
// build. The report lives in memory only: it is never written into the
// output, so no build of the site can publish it.
const checkPath = "/_check/"

// checked is the check report of the latest build and the banner every
// preview page gets while that build found problems ("" when none).
type checked struct {
	report []byte
	banner string
}

// checkState holds the latest checked; builds replace it while requests
// read it.
type checkState struct{ cur atomic.Pointer[checked] }

// update renders the report of a build's data. A failure to render leaves
// the previous report: the preview must go on serving.
func (c *checkState) update(source string, res *ingest.Result) error {
	cfg, err := config.Load(source)
	if err != nil {
		return err
	}
	d, err := privacy.New(cfg.PrivatePatterns)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := checkreport.Write(&b, res, d); err != nil {
		return err
	}
	c.cur.Store(&checked{report: b.Bytes(), banner: banner(res)})
	return nil
}

// banner says on a preview page that the data has problems, linking to
// the report; "" when there are none.
func banner(res *ingest.Result) string {
	if len(res.Problems) == 0 {
		return ""
	}
	errs := 0
	for _, p := range res.Problems {
		if p.Severity == ingest.Error {
			errs++
		}
	}
	msg := fmt.Sprintf("预览提示：数据有 %d 个错误、%d 个警告，未发布 %d 行。", errs, len(res.Problems)-errs, res.Skipped)
	return `<div id="creditsite-check-banner" role="status" style="margin:0;padding:.6rem 1rem;background:#fff4e5;color:#1a1a1a;border-bottom:3px solid #b3261e;font:16px/1.6 sans-serif">` +
		html.EscapeString(msg) + ` <a href="` + checkPath + `" style="color:#0b4f9c;font-weight:bold">查看检查报告</a>（此提示只在预览中显示，不会发布）</div>`
}

// withCheck serves the report at checkPath and adds the banner to every
// HTML page of site.
func (c *checkState) withCheck(site http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cur := c.cur.Load()
		switch {
		case r.URL.Path == checkPath && cur != nil:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(cur.report)
		case r.URL.Path == strings.TrimSuffix(checkPath, "/"):
			http.Redirect(w, r, checkPath, http.StatusMovedPermanently)
		case cur == nil || cur.banner == "":
			site.ServeHTTP(w, r)
		default:
			// The page is changed, so no part or "not modified" of it.
			for _, h := range []string{"Range", "If-Modified-Since", "If-None-Match", "If-Range"} {
				r.Header.Del(h)
			}
			bw := &bannerWriter{ResponseWriter: w, banner: cur.banner}
			site.ServeHTTP(bw, r)
			bw.flush()
		}
	})
}

// bannerWriter holds back an HTML response to put the banner after its
// <body> tag; other responses pass through.
type bannerWriter struct {
	http.ResponseWriter
	banner string
	status int
	held   *bytes.Buffer // nil unless the response is HTML
}

func (b *bannerWriter) WriteHeader(status int) {
	if strings.HasPrefix(b.Header().Get("Content-Type"), "text/html") {
		b.status, b.held = status, &bytes.Buffer{}
		b.Header().Del("Content-Length")
		return
	}
	b.ResponseWriter.WriteHeader(status)
}

func (b *bannerWriter) Write(p []byte) (int, error) {
	if b.status == 0 && b.held == nil {
		b.WriteHeader(http.StatusOK)
	}
	if b.held != nil {
		return b.held.Write(p)
	}
	return b.ResponseWriter.Write(p)
}

// flush sends a held page with the banner inserted.
func (b *bannerWriter) flush() {
	if b.held == nil {
		return
	}
	page := b.held.Bytes()
	at := 0
	if i := bytes.Index(page, []byte("<body")); i >= 0 {
		if j := bytes.IndexByte(page[i:], '>'); j >= 0 {
			at = i + j + 1
		}
	}
	b.ResponseWriter.WriteHeader(b.status)
	b.ResponseWriter.Write(page[:at])
	b.ResponseWriter.Write([]byte(b.banner))
	b.ResponseWriter.Write(page[at:])
}
