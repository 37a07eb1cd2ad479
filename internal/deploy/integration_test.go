package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

var (
	v1 = siteVersion{
		enterprises: []string{"91420500MA4F0001X", "91420500MA4F0002Y"},
		shards:      []string{`{"docs":["a","b"]}`, `{"docs":["c"]}`, `{"docs":["d"]}`},
		stamp:       "更新于 2024-05-01",
	}
	// v2 drops one enterprise and adds another, rewrites one search shard
	// and restamps the home page, lists and feeds.
	v2 = siteVersion{
		enterprises: []string{"91420500MA4F0001X", "91420500MA4F0003A"},
		shards:      []string{`{"docs":["a","b"]}`, `{"docs":["c"]}`, `{"docs":["d","e"]}`},
		stamp:       "更新于 2024-06-01",
	}
)

// useEnvCredentials puts the gateway's keys in the environment, as staff
// would, and hides any credentials of the machine running the tests.
func useEnvCredentials(t *testing.T) {
	none := filepath.Join(t.TempDir(), "none")
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": testAccess, "AWS_SECRET_ACCESS_KEY": testSecret,
		"AWS_ACCESS_KEY": "", "AWS_SECRET_KEY": "", "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "",
		"AWS_SHARED_CREDENTIALS_FILE": none, "AWS_CONFIG_FILE": none,
		"MINIO_ROOT_USER": "", "MINIO_ROOT_PASSWORD": "", "MINIO_ACCESS_KEY": "", "MINIO_SECRET_KEY": "",
		"AWS_ENDPOINT_URL": "", "AWS_ENDPOINT_URL_S3": "",
	} {
		t.Setenv(k, v)
	}
}

type fixture struct {
	admin *minio.Client
	proxy *proxy
	dirs  map[*siteVersion]string
	sites map[*siteVersion]map[string]builtFile
}

func newFixture(t *testing.T) *fixture {
	addr := startGateway(t)
	useEnvCredentials(t)
	f := &fixture{
		admin: adminClient(t, addr),
		proxy: startProxy(t, addr),
		dirs:  map[*siteVersion]string{},
		sites: map[*siteVersion]map[string]builtFile{},
	}
	for _, v := range []*siteVersion{&v1, &v2} {
		f.sites[v] = generate(*v)
		f.dirs[v] = filepath.Join(t.TempDir(), "public")
		writeSite(t, f.dirs[v], f.sites[v])
	}
	return f
}

func (f *fixture) options(v *siteVersion, prefix string) Options {
	return Options{
		Dir:        f.dirs[v],
		Target:     Target{Bucket: testBucket, Prefix: prefix},
		Endpoint:   f.proxy.URL,
		Region:     "us-east-1",
		MaxRetries: 2,
	}
}

// deploy runs a deploy through the proxy that must succeed and returns
// the keys it wrote and its output.
func (f *fixture) deploy(t *testing.T, o Options) ([]string, string) {
	t.Helper()
	f.proxy.reset(0)
	var out bytes.Buffer
	if err := Run(context.Background(), o, &out); err != nil {
		t.Fatalf("deploy %s: %v\n%s", o.Target, err, out.String())
	}
	puts := f.proxy.puts()
	slices.Sort(puts)
	return puts, out.String()
}

func TestDeployUploadsOnlyChangesAndDeletesLeftovers(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const prefix = "yichang"
	foreign := prefix + "/MP_verify_portal.txt" // a portal's verification file, not ours
	if _, err := f.admin.PutObject(ctx, testBucket, foreign, strings.NewReader("verify"), 6, minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}

	o := f.options(&v1, prefix)
	o.DryRun = true
	puts, out := f.deploy(t, o)
	if len(puts) != 0 {
		t.Errorf("dry run wrote %v", puts)
	}
	if !strings.Contains(out, fmt.Sprintf("新增 %d 个文件", len(f.sites[&v1]))) || !strings.Contains(out, "+ index.html") {
		t.Errorf("dry run output lacks the plan:\n%s", out)
	}
	checkBucket(t, f.admin, prefix, nil, []string{foreign})

	puts, out = f.deploy(t, f.options(&v1, prefix))
	if want := prefixed(prefix, sortedKeys(f.sites[&v1])); !slices.Equal(puts, want) {
		t.Errorf("first deploy wrote\n%q\nwant\n%q", puts, want)
	}
	t.Logf("first deploy:\n%s", out)
	checkBucket(t, f.admin, prefix, f.sites[&v1], []string{foreign})

	puts, out = f.deploy(t, f.options(&v1, prefix))
	if len(puts) != 0 || !strings.Contains(out, fmt.Sprintf("未变 %d 个文件", len(f.sites[&v1]))) {
		t.Errorf("redeploy of the same site wrote %v\n%s", puts, out)
	}

	puts, out = f.deploy(t, f.options(&v2, prefix))
	changed := changedFiles(f.sites[&v1], f.sites[&v2])
	if want := prefixed(prefix, changed); !slices.Equal(puts, want) {
		t.Errorf("second deploy wrote\n%q\nwant only the changed files\n%q", puts, want)
	}
	removed := 0
	for rel := range f.sites[&v1] {
		if _, ok := f.sites[&v2][rel]; !ok {
			removed++
		}
	}
	if removed == 0 || len(changed) == 0 || len(changed) == len(f.sites[&v2]) {
		t.Fatalf("test sites differ badly: %d changed, %d removed", len(changed), removed)
	}
	if !strings.Contains(out, fmt.Sprintf("删除 %d 个文件", removed)) ||
		!strings.Contains(out, fmt.Sprintf("未变 %d 个文件", len(f.sites[&v2])-len(changed))) ||
		!strings.Contains(out, "另有 1 个对象不是 creditsite 上传的") {
		t.Errorf("second deploy output:\n%s", out)
	}
	t.Logf("second deploy:\n%s", out)
	checkBucket(t, f.admin, prefix, f.sites[&v2], []string{foreign})
}

// TestDeployInterrupted cuts the connection after every possible number of
// requests of an update, checks that the bucket then still serves a
// consistent site, and that running the deploy again completes it.
func TestDeployInterrupted(t *testing.T) {
	f := newFixture(t)
	f.deploy(t, f.options(&v1, "measure"))
	f.deploy(t, f.options(&v2, "measure"))
	total := len(f.proxy.log())
	if total < 10 {
		t.Fatalf("update made only %d requests", total)
	}
	for cut := 1; cut <= total; cut++ {
		prefix := fmt.Sprintf("cut%02d", cut)
		f.deploy(t, f.options(&v1, prefix))
		f.proxy.reset(cut)
		err := Run(context.Background(), f.options(&v2, prefix), io.Discard)
		if err == nil {
			t.Errorf("cut after %d of %d requests: deploy reported success", cut, total)
		} else if !strings.Contains(err.Error(), "连接中断") && !strings.Contains(err.Error(), "无法连接") {
			t.Errorf("cut after %d requests: unclear error %q", cut, err)
		}
		checkConsistent(t, f.admin, prefix, f.sites[&v1], f.sites[&v2])
		f.deploy(t, f.options(&v2, prefix))
		checkBucket(t, f.admin, prefix, f.sites[&v2], nil)
	}
}

// TestDeployRetries loses the response to each request of an update in
// turn; the deploy must retry and finish on its own.
func TestDeployRetries(t *testing.T) {
	f := newFixture(t)
	f.deploy(t, f.options(&v1, "measure"))
	f.deploy(t, f.options(&v2, "measure"))
	total := len(f.proxy.log())
	for lost := 1; lost <= total; lost++ {
		prefix := fmt.Sprintf("lost%02d", lost)
		f.deploy(t, f.options(&v1, prefix))
		f.proxy.resetOnce(lost, true)
		if err := Run(context.Background(), f.options(&v2, prefix), io.Discard); err != nil {
			t.Errorf("response %d of %d lost: %v", lost, total, err)
		}
		if n := len(f.proxy.log()); n <= total {
			t.Errorf("response %d lost: %d requests, want a retry beyond %d", lost, n, total)
		}
		checkBucket(t, f.admin, prefix, f.sites[&v2], nil)
	}
}

func TestDeployErrorsAreExplained(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		edit func(*Options)
		want string
	}{
		{"bad secret", func(o *Options) { o.Creds = credentials.NewStaticV4(testAccess, "wrong", "") }, "访问密钥无效或没有存储桶 site 的读写权限"},
		{"unknown key", func(o *Options) { o.Creds = credentials.NewStaticV4("nobody", "x", "") }, "访问密钥无效"},
		{"missing bucket", func(o *Options) { o.Target.Bucket = "nosuch" }, "存储桶 nosuch 不存在"},
		{"unreachable", func(o *Options) { o.Endpoint = "http://" + freeAddr(t) }, "无法连接存储服务 http://127.0.0.1:"},
		{"not built", func(o *Options) { o.Dir = t.TempDir() }, "请先运行 creditsite build"},
		{"bad endpoint", func(o *Options) { o.Endpoint = "https://oss.example.com/path" }, "--endpoint"},
	} {
		o := f.options(&v1, "errors")
		c.edit(&o)
		err := Run(ctx, o, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	if err := Run(ctx, f.options(&v1, "errors"), io.Discard); err != errNoCredentials {
		t.Errorf("without credentials: %v", err)
	}
	checkBucket(t, f.admin, "errors", nil, nil)
}

func TestDeployWithProfile(t *testing.T) {
	f := newFixture(t)
	file := filepath.Join(t.TempDir(), "credentials")
	ini := fmt.Sprintf("[default]\naws_access_key_id = wrong\naws_secret_access_key = wrong\n\n[credit]\naws_access_key_id = %s\naws_secret_access_key = %s\n", testAccess, testSecret)
	if err := os.WriteFile(file, []byte(ini), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", file)
	o := f.options(&v1, "")
	o.Profile = "credit"
	f.deploy(t, o)
	checkBucket(t, f.admin, "", f.sites[&v1], nil)
}

func prefixed(prefix string, rels []string) []string {
	out := make([]string, len(rels))
	for i, r := range rels {
		out[i] = Target{Prefix: prefix}.key(r)
	}
	return out
}

// changedFiles lists, sorted, the files of next that prev lacks or has
// with other bytes.
func changedFiles(prev, next map[string]builtFile) []string {
	var out []string
	for rel, f := range next {
		if p, ok := prev[rel]; !ok || !bytes.Equal(p.body, f.body) {
			out = append(out, rel)
		}
	}
	slices.Sort(out)
	return out
}

// listKeys returns the keys under prefix with the prefix removed.
func listKeys(t *testing.T, c *minio.Client, prefix string) []string {
	t.Helper()
	lp := Target{Prefix: prefix}.listPrefix()
	var keys []string
	for o := range c.ListObjectsIter(context.Background(), testBucket, minio.ListObjectsOptions{Prefix: lp, Recursive: true}) {
		if o.Err != nil {
			t.Fatalf("list: %v", o.Err)
		}
		keys = append(keys, strings.TrimPrefix(o.Key, lp))
	}
	slices.Sort(keys)
	return keys
}

func getObject(t *testing.T, c *minio.Client, key string) ([]byte, minio.ObjectInfo) {
	t.Helper()
	obj, err := c.GetObject(context.Background(), testBucket, key, minio.GetObjectOptions{})
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	defer obj.Close()
	body, err := io.ReadAll(obj)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	info, err := obj.Stat()
	if err != nil {
		t.Fatalf("stat %s: %v", key, err)
	}
	return body, info
}

// checkBucket checks that the prefix holds exactly the site's files plus
// the foreign keys (full keys), each byte-identical with its headers.
func checkBucket(t *testing.T, c *minio.Client, prefix string, site map[string]builtFile, foreign []string) {
	t.Helper()
	want := sortedKeys(site)
	for _, k := range foreign {
		want = append(want, strings.TrimPrefix(k, Target{Prefix: prefix}.listPrefix()))
	}
	slices.Sort(want)
	if got := listKeys(t, c, prefix); !slices.Equal(got, want) {
		t.Fatalf("bucket under %q holds\n%q\nwant\n%q", prefix, got, want)
	}
	for rel, f := range site {
		body, info := getObject(t, c, Target{Prefix: prefix}.key(rel))
		if !bytes.Equal(body, f.body) {
			t.Errorf("%s: object differs from the built file (%d bytes, want %d)", rel, len(body), len(f.body))
		}
		h := info.Metadata
		if info.ContentType != f.contentType || h.Get("Cache-Control") != f.cacheControl ||
			h.Get("Content-Encoding") != f.contentEncoding {
			t.Errorf("%s: served as %q, %q, encoding %q; want %q, %q, %q", rel,
				info.ContentType, h.Get("Cache-Control"), h.Get("Content-Encoding"),
				f.contentType, f.cacheControl, f.contentEncoding)
		}
	}
}

var linkAttr = regexp.MustCompile(`(?:href|src)="/([^"]*)"|<(?:loc|link)>/([^<]*)<`)

// checkConsistent checks the bucket mid-update: every object is one of the
// two versions of a built file, and every page, feed and search entry
// refers only to objects that exist.
func checkConsistent(t *testing.T, c *minio.Client, prefix string, old, next map[string]builtFile) {
	t.Helper()
	keys := listKeys(t, c, prefix)
	exists := func(rel string) bool {
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		_, ok := slices.BinarySearch(keys, rel)
		return ok
	}
	for _, rel := range keys {
		body, _ := getObject(t, c, Target{Prefix: prefix}.key(rel))
		o, inOld := old[rel]
		n, inNext := next[rel]
		if !(inOld && bytes.Equal(body, o.body) || inNext && bytes.Equal(body, n.body)) {
			t.Errorf("%s/%s: object matches neither the old nor the new built file", prefix, rel)
			continue
		}
		var refs []string
		for _, m := range linkAttr.FindAllStringSubmatch(string(body), -1) {
			refs = append(refs, m[1]+m[2])
		}
		if rel == "search/meta.json" {
			var meta struct{ Shards []string }
			if err := json.Unmarshal(body, &meta); err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			for _, s := range meta.Shards {
				refs = append(refs, "search/"+s)
			}
		}
		for _, ref := range refs {
			if !exists(ref) {
				t.Errorf("%s/%s refers to %s, which is not in the bucket", prefix, rel, ref)
			}
		}
	}
}
