package deploy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"creditsite/internal/manifest"
	"creditsite/internal/output"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// t0 is when the tests deploy; grace periods count from it.
var t0 = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

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
	addr  string
	admin *minio.Client
	a, b  *builtSite
}

func newFixture(t *testing.T) *fixture {
	f := &fixture{addr: startGateway(t)}
	useEnvCredentials(t)
	f.admin = adminClient(t, f.addr)
	f.a, f.b = sites(t)
	return f
}

// bucket is one test's bucket, reached through its own proxy.
type bucket struct {
	name  string
	admin *minio.Client
	proxy *proxy
}

func (f *fixture) bucket(t *testing.T, name string) *bucket {
	makeBucket(t, f.admin, name)
	return &bucket{name: name, admin: f.admin, proxy: startProxy(t, f.addr)}
}

// options deploys s to the bucket under testPrefix at the time at.
func (b *bucket) options(s *builtSite, at time.Time) Options {
	return Options{
		Dir:         s.dir,
		Source:      s.src,
		Target:      Target{Bucket: b.name, Prefix: testPrefix},
		Endpoint:    b.proxy.URL,
		Region:      "us-east-1",
		MaxRetries:  2,
		SearchGrace: time.Hour,
		Now:         func() time.Time { return at },
	}
}

// deploy runs a deploy that must succeed and returns the site files it
// wrote, sorted, and its output.
func (b *bucket) deploy(t *testing.T, o Options) ([]string, string) {
	t.Helper()
	b.proxy.reset(0)
	var out bytes.Buffer
	if err := Run(context.Background(), o, &out); err != nil {
		t.Fatalf("deploy to %s: %v\n%s", o.Target, err, out.String())
	}
	var rels []string
	for _, k := range b.proxy.puts(b.name) {
		rels = append(rels, strings.TrimPrefix(k, testPrefix+"/"))
	}
	slices.Sort(rels)
	return rels, out.String()
}

func TestDeployBuiltSites(t *testing.T) {
	f := newFixture(t)
	b := f.bucket(t, "site")
	foreign := "MP_verify_portal.txt" // a portal's verification file, not ours
	if _, err := f.admin.PutObject(context.Background(), b.name, testPrefix+"/"+foreign, strings.NewReader("verify"), 6, minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}

	o := b.options(f.a, t0)
	o.DryRun = true
	puts, out := b.deploy(t, o)
	if len(puts) != 0 {
		t.Errorf("dry run wrote %v", puts)
	}
	if !strings.Contains(out, fmt.Sprintf("新增 %d 个文件", len(f.a.files))) || !strings.Contains(out, "+ index.html") {
		t.Errorf("dry run output lacks the plan:\n%s", out)
	}
	checkBucket(t, b, nil, nil, foreign)

	puts, out = b.deploy(t, b.options(f.a, t0))
	if want := sortedKeys(f.a.files); !slices.Equal(puts, want) {
		t.Errorf("first deploy wrote\n%q\nwant\n%q", puts, want)
	}
	t.Logf("first deploy:\n%s", out)
	checkBucket(t, b, f.a.files, nil, foreign)
	checkServesWholeSite(t, snapshot(t, b))

	puts, out = b.deploy(t, b.options(f.a, t0))
	if len(puts) != 0 || !strings.Contains(out, fmt.Sprintf("未变 %d 个文件", len(f.a.files))) {
		t.Errorf("redeploy of the same site wrote %v\n%s", puts, out)
	}

	puts, out = b.deploy(t, b.options(f.b, t0))
	changed := changedFiles(f.a.files, f.b.files)
	if want := slices.Sorted(slices.Values(append(slices.Clone(changed), stateName))); !slices.Equal(puts, want) {
		t.Errorf("deploy of B wrote\n%q\nwant only the changed files and the state\n%q", puts, want)
	}
	retired := retiredFiles(f.a, f.b)
	removed := 0
	for rel := range f.a.files {
		if _, ok := f.b.files[rel]; !ok && retired[rel] == nil {
			removed++
		}
	}
	if removed == 0 || len(retired) == 0 || len(changed) == len(f.b.files) {
		t.Fatalf("test sites differ badly: %d changed, %d removed, %d search files retired", len(changed), removed, len(retired))
	}
	for _, want := range []string{
		fmt.Sprintf("删除 %d 个文件", removed),
		fmt.Sprintf("未变 %d 个文件", len(f.b.files)-len(changed)),
		fmt.Sprintf("暂留 %d 个旧搜索文件", len(retired)),
		t0.Add(time.Hour).Local().Format("2006-01-02 15:04") + " 以后的发布会删除",
		"另有 1 个对象不是 creditsite 上传的",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("deploy of B: output lacks %q:\n%s", want, out)
		}
	}
	t.Logf("deploy of B:\n%s", out)
	checkBucket(t, b, f.b.files, retired, foreign)
	checkServesWholeSite(t, snapshot(t, b))

	// Within the grace period a deploy keeps A's search files; after it,
	// it removes them and the state.
	if puts, out = b.deploy(t, b.options(f.b, t0.Add(59*time.Minute))); len(puts) != 0 {
		t.Errorf("deploy within the grace period wrote %v\n%s", puts, out)
	}
	checkBucket(t, b, f.b.files, retired, foreign)
	if puts, out = b.deploy(t, b.options(f.b, t0.Add(time.Hour))); len(puts) != 0 || !strings.Contains(out, fmt.Sprintf("删除 %d 个文件", len(retired))) {
		t.Errorf("deploy after the grace period wrote %v\n%s", puts, out)
	}
	checkBucket(t, b, f.b.files, nil, foreign)
}

// TestDeployInterrupted cuts the connection at every request of the
// deploy of B over A that changes the bucket, and at the first of the
// steps that only read it: that request is applied but its answer lost,
// and every later one is dropped. So the deploy stops within and after
// each of its steps (the listing, the HEAD requests, each batch of
// uploads, the state, each batch of deletions). The bucket must then
// serve one whole site, a second run must complete the deploy, and a run
// after the grace period must leave exactly B.
func TestDeployInterrupted(t *testing.T) {
	f := newFixture(t)
	m := f.bucket(t, "measure")
	m.deploy(t, m.options(f.a, t0))
	m.deploy(t, m.options(f.b, t0))
	steps := deploySteps(m.proxy.log(), m.name, f.a)
	if len(steps) < 10 {
		t.Fatalf("the deploy of B took only %d steps: %v", len(steps), steps)
	}
	for _, s := range steps {
		last := s.last
		if !s.writes() {
			last = s.first // reading changes nothing: one cut shows it
		}
		for cut := s.first; cut <= last; cut++ {
			t.Run(fmt.Sprintf("%s/%d", s.name, cut), func(t *testing.T) {
				t.Parallel()
				b := f.bucket(t, fmt.Sprintf("cut%03d", cut))
				b.deploy(t, b.options(f.a, t0))
				b.proxy.reset(cut)
				o := b.options(f.b, t0)
				o.MaxRetries = 1 // every later request is dropped: retrying only waits
				err := Run(context.Background(), o, io.Discard)
				if err == nil {
					t.Errorf("cut at request %d: deploy reported success", cut)
				} else if !strings.Contains(err.Error(), "连接中断") && !strings.Contains(err.Error(), "无法连接") {
					t.Errorf("cut at request %d: unclear error %q", cut, err)
				}
				objs := snapshot(t, b)
				checkServesWholeSite(t, objs)
				checkFromEither(t, objs, f.a, f.b)
				b.deploy(t, b.options(f.b, t0))
				checkBucket(t, b, f.b.files, retiredFiles(f.a, f.b), "")
				b.deploy(t, b.options(f.b, t0.Add(time.Hour)))
				if got, want := listKeys(t, b), sortedKeys(f.b.files); !slices.Equal(got, want) {
					t.Errorf("after the grace period the bucket holds\n%q\nwant\n%q", got, want)
				}
			})
		}
	}
}

// TestDeployDuringBuild switches the output to another generation once
// the deploy has begun to upload, as a build finishing meanwhile does. The
// deploy must upload the generation it planned from, whole: planning from
// one build and reading files from the next would put up pages and a
// search root whose search files the plan never included.
func TestDeployDuringBuild(t *testing.T) {
	f := newFixture(t)
	b := f.bucket(t, "duringbuild")
	out := filepath.Join(t.TempDir(), "public")
	link := func(s *builtSite) {
		t.Helper()
		live, err := filepath.EvalSymlinks(s.dir)
		if err != nil {
			t.Fatal(err)
		}
		// Replaced by one rename, as a build switches.
		if err := os.Symlink(live, out+".new"); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(out+".new", out); err != nil {
			t.Fatal(err)
		}
	}
	link(f.a)
	o := b.options(f.a, t0)
	o.Dir = out
	b.proxy.beforePut = func() { link(f.b) }
	if err := Run(context.Background(), o, io.Discard); err != nil {
		t.Fatalf("deploy while a build switched the output: %v", err)
	}
	checkBucket(t, b, f.a.files, nil, "")
}

// TestDeployFolderOutput deploys a site published as a plain folder
// (publish: folder), which a build changes in place: not while a build
// writes it, nor while a killed build's publish waits to be completed.
func TestDeployFolderOutput(t *testing.T) {
	f := newFixture(t)
	b := f.bucket(t, "folder")
	out := filepath.Join(t.TempDir(), "public")
	d, err := output.Open(out, output.Options{Mode: output.Folder})
	if err != nil {
		t.Fatal(err)
	}
	for rel, body := range f.a.files {
		d.WriteFile(rel, body)
	}
	if _, err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	o := b.options(f.a, t0)
	o.Dir = out
	building, err := output.Open(out, output.Options{Mode: output.Folder})
	if err != nil {
		t.Fatal(err)
	}
	err = Run(context.Background(), o, io.Discard)
	building.Abort()
	if want := fmt.Sprintf("进程 %d", os.Getpid()); err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "--wait") {
		t.Errorf("deploy while a build writes: %v, want an error naming %q", err, want)
	}
	journal := filepath.Join(filepath.Dir(out), ".public.generations", "journal")
	if err := os.WriteFile(journal, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = Run(context.Background(), o, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "请先重新运行 creditsite build") {
		t.Errorf("deploy of a half published folder: %v", err)
	}
	os.Remove(journal)
	checkBucket(t, b, nil, nil, "")
	b.deploy(t, o)
	checkBucket(t, b, f.a.files, nil, "")
	// The deploy released the output.
	d, err = output.Open(out, output.Options{Mode: output.Folder})
	if err != nil {
		t.Fatalf("build after the deploy: %v", err)
	}
	d.Abort()
}

// TestDeployRetries loses the answer to the first request of each step
// of the deploy of B; the deploy must retry and finish on its own.
func TestDeployRetries(t *testing.T) {
	f := newFixture(t)
	m := f.bucket(t, "measure")
	m.deploy(t, m.options(f.a, t0))
	m.deploy(t, m.options(f.b, t0))
	total := len(m.proxy.log())
	for _, s := range deploySteps(m.proxy.log(), m.name, f.a) {
		t.Run(fmt.Sprintf("%s/%d", s.name, s.first), func(t *testing.T) {
			t.Parallel()
			b := f.bucket(t, fmt.Sprintf("lost%03d", s.first))
			b.deploy(t, b.options(f.a, t0))
			b.proxy.resetOnce(s.first, true)
			if err := Run(context.Background(), b.options(f.b, t0), io.Discard); err != nil {
				t.Errorf("answer to request %d lost: %v", s.first, err)
			}
			if n := len(b.proxy.log()); n <= total {
				t.Errorf("answer to request %d lost: %d requests, want a retry beyond %d", s.first, n, total)
			}
			checkBucket(t, b, f.b.files, retiredFiles(f.a, f.b), "")
		})
	}
}

// step is a run of requests of a deploy that belong together, numbered
// from 1 as the proxy counts them.
type step struct {
	name        string
	first, last int
}

// writes tells whether the step changes the bucket.
func (s step) writes() bool { return s.name != "GET" && s.name != "HEAD" }

// deploySteps cuts the logged requests of a deploy over the site prev
// into its steps: the requests of one kind in a row, where each batch of
// uploads (as uploadBatch numbers them) and each deletion request is a
// step of its own. Steps run one after the other, so the numbers are the
// same in every run.
func deploySteps(log []string, bucket string, prev *builtSite) []step {
	var steps []step
	for i, r := range log {
		method, key := requestKey(r, bucket)
		name := method
		switch rel := strings.TrimPrefix(key, testPrefix+"/"); {
		case method == "PUT" && rel != stateName:
			a := Change
			if _, ok := prev.files[rel]; !ok {
				a = Add
			}
			name = fmt.Sprintf("upload%d", uploadBatch(kindOf(rel), a))
		case method == "PUT" || method == "DELETE":
			name = "state"
		case method == "POST":
			name = fmt.Sprintf("delete%d", i+1)
		}
		if n := len(steps); n > 0 && steps[n-1].name == name {
			steps[n-1].last = i + 1
		} else {
			steps = append(steps, step{name, i + 1, i + 1})
		}
	}
	return steps
}

func TestDeployErrorsAreExplained(t *testing.T) {
	f := newFixture(t)
	b := f.bucket(t, "errors")
	badConfig := t.TempDir()
	if err := os.WriteFile(filepath.Join(badConfig, "config.yaml"), []byte("baseURL: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, c := range []struct {
		name string
		edit func(*Options)
		want string
	}{
		{"bad secret", func(o *Options) { o.Creds = credentials.NewStaticV4(testAccess, "wrong", "") }, "访问密钥无效或没有存储桶 errors 的读写权限"},
		{"unknown key", func(o *Options) { o.Creds = credentials.NewStaticV4("nobody", "x", "") }, "访问密钥无效"},
		{"missing bucket", func(o *Options) { o.Target.Bucket = "nosuch" }, "存储桶 nosuch 不存在"},
		{"unreachable", func(o *Options) { o.Endpoint = "http://" + freeAddr(t) }, "无法连接存储服务 http://127.0.0.1:"},
		{"not built", func(o *Options) { o.Dir = t.TempDir() }, "请先运行 creditsite build"},
		{"bad endpoint", func(o *Options) { o.Endpoint = "https://oss.example.com/path" }, "--endpoint"},
		{"bad config", func(o *Options) { o.Source = badConfig }, "config.yaml: 配置文件格式错误"},
		{"prefix is not baseURL's path", func(o *Options) { o.Target.Prefix = "xyyc" },
			"站点地址（baseURL）https://xy.example.gov.cn/yichang/ 与发布位置 s3://errors/xyyc/ 不一致，请把 --target 改成 s3://errors/yichang/，或者把 config.yaml 的 baseURL（或 --base-url）改成 https://xy.example.gov.cn/xyyc/ 后重新运行 creditsite build 再发布"},
		{"bucket root for a sub-path", func(o *Options) { o.Target.Prefix = "" }, "请把 --target 改成 s3://errors/yichang/"},
		{"--base-url overrides config.yaml", func(o *Options) { o.BaseURL = "https://xy.example.gov.cn/" },
			"站点地址（baseURL）https://xy.example.gov.cn/ 与发布位置 s3://errors/yichang/ 不一致"},
	} {
		o := b.options(f.a, t0)
		c.edit(&o)
		err := Run(ctx, o, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	if err := Run(ctx, b.options(f.a, t0), io.Discard); err != errNoCredentials {
		t.Errorf("without credentials: %v", err)
	}
	checkBucket(t, b, nil, nil, "")
}

func TestDeployWithProfile(t *testing.T) {
	f := newFixture(t)
	b := f.bucket(t, "profile")
	file := filepath.Join(t.TempDir(), "credentials")
	ini := fmt.Sprintf("[default]\naws_access_key_id = wrong\naws_secret_access_key = wrong\n\n[credit]\naws_access_key_id = %s\naws_secret_access_key = %s\n", testAccess, testSecret)
	if err := os.WriteFile(file, []byte(ini), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", file)
	o := b.options(f.a, t0)
	o.Profile = "credit"
	b.deploy(t, o)
	checkBucket(t, b, f.a.files, nil, "")
}

// changedFiles lists, sorted, the files of next that prev lacks or has
// with other bytes.
func changedFiles(prev, next map[string][]byte) []string {
	var out []string
	for rel, body := range next {
		if p, ok := prev[rel]; !ok || !bytes.Equal(p, body) {
			out = append(out, rel)
		}
	}
	slices.Sort(out)
	return out
}

// retiredFiles returns the search files of prev that next lacks: a deploy
// of next keeps them for the grace period.
func retiredFiles(prev, next *builtSite) map[string][]byte {
	out := map[string][]byte{}
	for rel, body := range prev.files {
		if _, ok := next.files[rel]; !ok && manifest.Classify(rel) == manifest.SearchFile {
			out[rel] = body
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
