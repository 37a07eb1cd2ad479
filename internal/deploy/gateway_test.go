package deploy

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

const (
	testAccess = "creditsite-test"
	testSecret = "creditsite-test-secret"
)

// findVersitygw locates Versity's S3 gateway (installed by
// .ci/setup-versitygw.sh). Without it the integration tests skip, except
// in CI, where a missing gateway is a broken setup.
func findVersitygw(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		for _, dir := range filepath.SplitList(strings.TrimSpace(string(out))) {
			p := filepath.Join(dir, "bin", "versitygw")
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	msg := "versitygw not found on PATH or in $(go env GOPATH)/bin; install it with .ci/setup-versitygw.sh"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// startGateway runs versitygw on a free 127.0.0.1 port with a fresh posix
// root, and returns its address.
func startGateway(t *testing.T) string {
	t.Helper()
	bin := findVersitygw(t)
	addr := freeAddr(t)
	root := t.TempDir()
	cmd := exec.Command(bin, "--port", addr, "posix", root)
	cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY="+testAccess, "ROOT_SECRET_KEY="+testSecret)
	logf, err := os.Create(filepath.Join(t.TempDir(), "versitygw.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		logf.Close()
	})
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logf.Name())
			t.Fatalf("versitygw did not listen on %s: %s", addr, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return addr
}

// makeBucket creates an empty bucket; each test, and each case of the
// tests that run cases in parallel, deploys to its own.
func makeBucket(t *testing.T, admin *minio.Client, name string) {
	t.Helper()
	if err := admin.MakeBucket(context.Background(), name, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("make bucket %s: %v", name, err)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// adminClient talks to the gateway directly, bypassing any proxy, to
// inspect what a deploy left in the bucket.
func adminClient(t *testing.T, addr string) *minio.Client {
	t.Helper()
	c, err := minio.New(addr, &minio.Options{
		Creds:  credentials.NewStaticV4(testAccess, testSecret, ""),
		Region: "us-east-1",
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// proxy sits between deploy and the gateway. It records every request and
// can cut the connection: the request numbered cutAt is still forwarded
// (the gateway may apply it) but its response is never delivered, and every
// later request is dropped unanswered, as when a network link goes down;
// with once set, only that one response is lost, as in a brief glitch.
type proxy struct {
	URL string

	mu       sync.Mutex
	requests []string // "METHOD /bucket/key?query"
	cutAt    int      // 0: never
	once     bool
	// beforePut, when set, runs once before the first PUT is forwarded.
	beforePut func()
}

func startProxy(t *testing.T, gatewayAddr string) *proxy {
	t.Helper()
	p := &proxy{}
	rp := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: "http", Host: gatewayAddr})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.requests = append(p.requests, r.Method+" "+r.URL.RequestURI())
		n, cut, once := len(p.requests), p.cutAt, p.once
		hook := p.beforePut
		if r.Method == http.MethodPut {
			p.beforePut = nil
		} else {
			hook = nil
		}
		p.mu.Unlock()
		if hook != nil {
			hook()
		}
		switch {
		case cut == 0 || n < cut || once && n > cut:
			rp.ServeHTTP(w, r)
		case n == cut:
			rp.ServeHTTP(discard{}, r)
			panic(http.ErrAbortHandler)
		default:
			panic(http.ErrAbortHandler)
		}
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

// reset clears the record and sets where the next cut happens (0: none).
func (p *proxy) reset(cutAt int) { p.resetOnce(cutAt, false) }

// resetOnce is reset with a choice of a lasting cut or a single lost response.
func (p *proxy) resetOnce(cutAt int, once bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests, p.cutAt, p.once = nil, cutAt, once
}

func (p *proxy) log() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// puts returns the object keys of bucket written with PUT since the last
// reset.
func (p *proxy) puts(bucket string) []string {
	var keys []string
	for _, r := range p.log() {
		if method, key := requestKey(r, bucket); method == "PUT" && key != "" {
			keys = append(keys, key)
		}
	}
	return keys
}

// requestKey splits a logged request into its method and the object key
// it is about ("" for a request about the bucket, such as a listing).
func requestKey(r, bucket string) (method, key string) {
	method, uri, _ := strings.Cut(r, " ")
	p, _, _ := strings.Cut(uri, "?")
	if up, err := url.PathUnescape(p); err == nil {
		p = up
	}
	return method, strings.TrimPrefix(p, "/"+bucket+"/")
}

// discard is a ResponseWriter for a response that is never delivered.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}
