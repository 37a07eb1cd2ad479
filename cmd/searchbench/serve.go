package main

import (
	"compress/gzip"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"mime"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// mount serves the folder Dir at the URL path Path (ending in "/").
type mount struct{ Path, Dir string }

// site is one server: its mounts, longest path first.
type site []mount

// gzipTypes are the types compressed on the fly: the project's nginx
// example (README, 部署到网站服务器) plus WebAssembly for Pagefind.
// Pagefind's index files (.pf_meta, .pf_index, .pf_fragment) are gzip
// files already, which Pagefind inflates itself.
var gzipTypes = []string{"text/html", "text/css", "application/javascript", "application/json", "application/octet-stream",
	"image/svg+xml", "application/xml", "application/atom+xml", "text/csv", "application/wasm"}

// types are the content types both servers send, by extension.
var types = map[string]string{
	".html": "text/html", ".css": "text/css", ".js": "application/javascript", ".mjs": "application/javascript",
	".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml", ".wasm": "application/wasm",
	".csv": "text/csv", ".txt": "text/plain", ".png": "image/png", ".ico": "image/x-icon",
}

// serveNginx starts nginx with a generated configuration in dir, one
// server per site on a free port of 127.0.0.1, gzip on (level 6) for
// gzipTypes, each logging its requests to accessLog(dir, i). It returns
// each site's base URL and a function that stops nginx.
func serveNginx(nginx, dir string, sites []site) ([]string, func(), error) {
	var b strings.Builder
	fmt.Fprintf(&b, "worker_processes 1;\npid %s/nginx.pid;\nerror_log %s/error.log;\ndaemon off;\n", dir, dir)
	if os.Geteuid() == 0 {
		b.WriteString("user root;\n") // the folders are the caller's, mode 0700
	}
	b.WriteString("events { worker_connections 256; }\nhttp {\n  types {\n")
	for ext, t := range types {
		fmt.Fprintf(&b, "    %s %s;\n", t, ext[1:])
	}
	fmt.Fprintf(&b, "  }\n  default_type application/octet-stream;\n  charset utf-8;\n  sendfile on;\n")
	b.WriteString("  log_format bench '$uri $status $body_bytes_sent';\n")
	for _, tmp := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		fmt.Fprintf(&b, "  %s_temp_path %s/%s;\n", tmp, dir, tmp)
	}
	fmt.Fprintf(&b, "  gzip on;\n  gzip_comp_level 6;\n  gzip_types %s;\n", strings.Join(gzipTypes[1:], " "))
	var urls []string
	for i, s := range sites {
		port, err := freePort()
		if err != nil {
			return nil, nil, err
		}
		fmt.Fprintf(&b, "  server {\n    listen 127.0.0.1:%d;\n    access_log %s bench;\n", port, accessLog(dir, i))
		for _, m := range s {
			fmt.Fprintf(&b, "    location %s { alias %s/; index index.html; }\n", m.Path, m.Dir)
		}
		b.WriteString("  }\n")
		urls = append(urls, fmt.Sprintf("http://127.0.0.1:%d", port))
	}
	b.WriteString("}\n")
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(b.String()), 0o644); err != nil {
		return nil, nil, err
	}
	cmd := exec.Command(nginx, "-p", dir, "-c", conf, "-e", filepath.Join(dir, "error.log"))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	stop := func() {
		cmd.Process.Signal(syscall.SIGQUIT) // graceful: the master ends its workers
		cmd.Wait()
	}
	for _, u := range urls {
		if err := waitListening(strings.TrimPrefix(u, "http://")); err != nil {
			stop()
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			return nil, nil, fmt.Errorf("nginx: %v\n%s", err, log)
		}
	}
	return urls, stop, nil
}

// serveGo serves with Go's file server and gzip (default level) for
// gzipTypes, with nginx's mounts and logs: the stand-in when nginx cannot
// run, and the server that can emulate a link (l, -rtt; nil: none) and
// speak HTTPS with HTTP/2 (h2, -h2).
func serveGo(dir string, sites []site, l *link, h2 bool) ([]string, func(), error) {
	var cert tls.Certificate
	if h2 {
		var err error
		if cert, err = selfSigned(); err != nil {
			return nil, nil, err
		}
	}
	for ext, t := range types {
		mime.AddExtensionType(ext, t)
	}
	var urls []string
	var servers []*http.Server
	for i, s := range sites {
		log, err := os.Create(accessLog(dir, i))
		if err != nil {
			return nil, nil, err
		}
		mux := http.NewServeMux()
		phone := l.to() // each site its own host, over its own link
		for _, m := range s {
			mux.Handle(m.Path, logged(log, phone.carry(http.StripPrefix(strings.TrimSuffix(m.Path, "/"), gzipped(http.FileServer(http.Dir(m.Dir)))))))
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, nil, err
		}
		srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		servers = append(servers, srv)
		if h2 { // net/http speaks HTTP/2 over TLS by itself
			srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
			go srv.ServeTLS(ln, "", "")
			urls = append(urls, "https://"+ln.Addr().String())
			continue
		}
		go srv.Serve(ln)
		urls = append(urls, "http://"+ln.Addr().String())
	}
	return urls, func() {
		for _, s := range servers {
			s.Close()
		}
	}, nil
}

// accessLog is the file the i-th site's server logs each request to, as
// "PATH STATUS BODY-BYTES" (bytes sent, after compression, without headers).
func accessLog(dir string, i int) string { return filepath.Join(dir, fmt.Sprintf("access-%d.log", i)) }

// logged writes h's requests to log as nginx's bench format does.
func logged(log *os.File, h http.Handler) http.Handler {
	var mu sync.Mutex
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &countingWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(cw, r)
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(log, "%s %d %d\n", r.URL.Path, cw.status, cw.n)
	})
}

type countingWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (c *countingWriter) WriteHeader(code int) { c.status = code; c.ResponseWriter.WriteHeader(code) }

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n += int64(n)
	return n, err
}

// gzipped compresses responses of gzipTypes for clients that accept gzip.
func gzipped(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.close()
		r.Header.Del("Range")
		h.ServeHTTP(gw, r)
	})
}

type gzipWriter struct {
	http.ResponseWriter
	zw      *gzip.Writer
	decided bool
}

func (g *gzipWriter) WriteHeader(code int) {
	if !g.decided {
		g.decided = true
		t, _, _ := strings.Cut(g.Header().Get("Content-Type"), ";")
		for _, z := range gzipTypes {
			if t == z && code == http.StatusOK {
				g.Header().Del("Content-Length")
				g.Header().Set("Content-Encoding", "gzip")
				g.Header().Add("Vary", "Accept-Encoding")
				g.zw = gzip.NewWriter(g.ResponseWriter)
			}
		}
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(p []byte) (int, error) {
	if !g.decided {
		g.WriteHeader(http.StatusOK)
	}
	if g.zw != nil {
		return g.zw.Write(p)
	}
	return g.ResponseWriter.Write(p)
}

func (g *gzipWriter) close() {
	if g.zw != nil {
		g.zw.Close()
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func waitListening(addr string) error {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return nil
		}
	}
	return fmt.Errorf("nothing listens on %s after 10 s", addr)
}

// logTail reads what a server's access log gained.
type logTail struct {
	path string
	off  int64
}

// fetch is one request a server logged.
type fetch struct {
	Path  string `json:"path"`
	Bytes int64  `json:"bytes"`
}

// take returns the requests logged since the last call.
func (t *logTail) take() ([]fetch, error) {
	data, err := os.ReadFile(t.path)
	if err != nil || int64(len(data)) < t.off {
		return nil, err
	}
	var out []fetch
	for _, l := range strings.Split(string(data[t.off:]), "\n") {
		f := strings.Fields(l)
		if len(f) != 3 {
			continue
		}
		n, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %q: %v", t.path, l, err)
		}
		out = append(out, fetch{f[0], n})
	}
	t.off = int64(len(data))
	return out, nil
}

// link is an emulated network link between the browser and one host, as
// a phone's radio link would be: every response starts a round trip
// after its request, and the bytes of all responses (after gzip) share
// the link's speed, first come first served. It is emulated by the
// server, so it holds for every request, also those of Pagefind's web
// worker, which network conditions set through the page would miss. A
// nil *link is the machine's own: no delay.
type link struct {
	rtt         time.Duration
	bytesPerSec float64 // 0: unlimited
	mu          sync.Mutex
	free        time.Time // when the link will have sent all it was given
}

// newLink returns a link with round-trip time rtt (ms) and speed kbps
// (kbit/s; 0: unlimited), or nil for rtt 0.
func newLink(rtt, kbps float64) *link {
	if rtt <= 0 {
		return nil
	}
	return &link{rtt: time.Duration(rtt * float64(time.Millisecond)), bytesPerSec: kbps * 1000 / 8}
}

// to returns a new link like l, for another host.
func (l *link) to() *link {
	if l == nil {
		return nil
	}
	return &link{rtt: l.rtt, bytesPerSec: l.bytesPerSec}
}

// String describes l for the report's server line.
func (l *link) String() string {
	if l == nil {
		return ""
	}
	speed := "unlimited speed"
	if l.bytesPerSec > 0 {
		speed = fmt.Sprintf("%.0f kbit/s", l.bytesPerSec*8/1000)
	}
	return fmt.Sprintf("; over an emulated link of %d ms round trips and %s", l.rtt.Milliseconds(), speed)
}

// carry serves h over l: a round trip before the response, then its
// bytes at l's speed.
func (l *link) carry(h http.Handler) http.Handler {
	if l == nil {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(l.rtt)
		h.ServeHTTP(&pacedWriter{ResponseWriter: w, link: l}, r)
	})
}

// reserve queues n bytes on the link and returns when they will have
// been sent.
func (l *link) reserve(n int, now time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.free.Before(now) {
		l.free = now
	}
	l.free = l.free.Add(time.Duration(float64(n) / l.bytesPerSec * float64(time.Second)))
	return l.free
}

// pacedWriter writes a response at its link's speed.
type pacedWriter struct {
	http.ResponseWriter
	link *link
}

func (p *pacedWriter) Write(b []byte) (int, error) {
	if p.link.bytesPerSec > 0 {
		time.Sleep(time.Until(p.link.reserve(len(b), time.Now())))
	}
	return p.ResponseWriter.Write(b)
}

// selfSigned returns a certificate for 127.0.0.1, valid for a day, signed
// by its own key: what -h2 serves HTTPS with.
func selfSigned() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "searchbench"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
