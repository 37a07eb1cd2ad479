// Package deploy publishes the built site to S3-compatible object storage
// (AWS S3, Alibaba Cloud OSS, Tencent COS, Huawei OBS, MinIO …), sending
// only new and changed files and deleting objects the site no longer has,
// in an order that keeps the live site consistent at every moment.
//
// The plan (what to upload, delete or keep, and in which order) is a pure
// function of the local file list, the bucket listing and the recorded
// grace periods, in plan.go; what each file is comes from package
// manifest; the grace periods of retired search files are in grace.go;
// the minio-go client is confined to store.go.
package deploy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"creditsite/internal/config"
	"creditsite/internal/output"

	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Options describe one deploy.
type Options struct {
	Dir      string // built site folder
	Source   string // site source folder: its config.yaml gives baseURL
	BaseURL  string // overrides the config's baseURL when set, as in build
	Target   Target
	Endpoint string // service URL; "" means $AWS_ENDPOINT_URL_S3, $AWS_ENDPOINT_URL or AWS S3
	Region   string // "" lets the client ask the service
	Profile  string // credentials profile; "" means $AWS_PROFILE or "default"
	DryRun   bool   // print the plan, change nothing
	// SearchGrace is how long search files the site no longer has stay in
	// the bucket (see DefaultSearchGrace); 0 deletes them at once.
	SearchGrace time.Duration

	// Creds overrides the credential chain (defaultCredentials).
	Creds *credentials.Credentials
	// MaxRetries bounds minio-go's retries of one request (with backoff);
	// 0 keeps its default of 10.
	MaxRetries int
	// Now is the clock that times the grace periods; nil means time.Now.
	Now func() time.Time
}

// workers is how many requests of one batch run at once.
const workers = 8

// Run deploys the site and reports progress to out. Errors are one Chinese
// sentence for staff.
func Run(ctx context.Context, o Options, out io.Writer) error {
	o.Endpoint = endpointOrDefault(o.Endpoint)
	if o.Now == nil {
		o.Now = time.Now
	}
	if err := checkBase(o); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(o.Dir, "index.html")); err != nil {
		return fmt.Errorf("输出目录 %s 中没有 index.html，请先运行 creditsite build 生成站点再发布", o.Dir)
	}
	dir, release, err := pin(o.Dir)
	if err != nil {
		return err
	}
	defer release()
	o.Dir = dir
	local, err := ScanDir(o.Dir)
	if err != nil {
		return fmt.Errorf("读取输出目录失败：%v", err)
	}
	creds := o.Creds
	if creds == nil {
		creds = defaultCredentials(o.Profile)
	}
	if v, _ := creds.GetWithContext(nil); v.AccessKeyID == "" {
		return errNoCredentials
	}
	s, err := newStore(o, creds)
	if err != nil {
		return err
	}
	remote, held, err := remoteState(ctx, s, local)
	if err != nil {
		return explain(err, "读取存储桶内容", o)
	}
	g := Grace{Period: o.SearchGrace, Now: o.Now(), Retired: parseState(held).retired(sha256Of(remote, searchRoot))}
	p := MakePlan(local, remote, g)
	if o.DryRun {
		writeSteps(out, p)
	}
	writeSummary(out, o.Target, p, g, o.DryRun)
	if o.DryRun {
		return nil
	}
	if err := execute(ctx, s, o, local, p, held); err != nil {
		return explainInterrupted(err, o)
	}
	fmt.Fprintln(out, "发布完成。")
	return nil
}

// pin returns the folder holding the one build a deploy of out must read
// throughout, and what to call when done. A symlink (Symlink mode) names
// the live generation, which a build may switch at any moment: the deploy
// reads the generation it names now, which the next build keeps (see
// package output). A plain folder changes in place: the deploy holds the
// output's lock, so a build waits for it or fails naming it, and refuses
// a folder a killed build left half published.
func pin(out string) (string, func(), error) {
	if fi, err := os.Lstat(out); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		dir, err := filepath.EvalSymlinks(out)
		if err != nil {
			return "", nil, fmt.Errorf("读取输出目录失败：%v", err)
		}
		return dir, func() {}, nil
	}
	release, err := output.Hold(out)
	if errors.Is(err, output.ErrUnfinished) {
		return "", nil, fmt.Errorf("%s：%v；请先重新运行 creditsite build 完成它，再发布", out, err)
	}
	if err != nil {
		return "", nil, fmt.Errorf("现在不能发布：%v", err)
	}
	return out, release, nil
}

// checkBase reads the site's baseURL as build does and checks it against
// the target.
func checkBase(o Options) error {
	base := o.BaseURL
	if base == "" {
		cfg, err := config.Load(o.Source)
		if err != nil {
			return err
		}
		base = cfg.BaseURL
	}
	return o.Target.checkBase(base)
}

func endpointOrDefault(e string) string {
	for _, v := range []string{e, os.Getenv("AWS_ENDPOINT_URL_S3"), os.Getenv("AWS_ENDPOINT_URL")} {
		if v != "" {
			return v
		}
	}
	return "https://s3.amazonaws.com"
}

// remoteState lists the bucket, fetches the metadata that MakePlan needs
// (see NeedsStat) and reads the state object (nil when there is none),
// which is not one of the site's files.
func remoteState(ctx context.Context, s *store, local []LocalFile) ([]RemoteObject, []byte, error) {
	listed, err := s.list(ctx)
	if err != nil {
		return nil, nil, err
	}
	byRel := make(map[string]LocalFile, len(local))
	for _, l := range local {
		byRel[l.Rel] = l
	}
	var (
		remote   []RemoteObject
		hasState bool
	)
	for _, r := range listed {
		if r.Rel == stateName {
			hasState = true
		} else {
			remote = append(remote, r)
		}
	}
	var need []*RemoteObject
	for i := range remote {
		if NeedsStat(remote[i], byRel) {
			need = append(need, &remote[i])
		}
	}
	err = parallel(ctx, need, func(ctx context.Context, r *RemoteObject) error {
		return s.stat(ctx, r)
	})
	if err != nil || !hasState {
		return remote, nil, err
	}
	held, err := s.get(ctx, stateName)
	return remote, held, err
}

// sha256Of returns the SHA-256 creditsite stored with the object rel, or
// "" when the bucket lacks it.
func sha256Of(remote []RemoteObject, rel string) string {
	for _, r := range remote {
		if r.Rel == rel {
			return r.SHA256
		}
	}
	return ""
}

// stepError names the file a failed request was about.
type stepError struct {
	step Step
	err  error
}

func (e *stepError) Error() string { return e.step.Rel + ": " + e.err.Error() }
func (e *stepError) Unwrap() error { return e.err }

// execute runs the plan batch by batch: all uploads, then the state of
// the grace periods, then all deletions. The state is written once the
// new search/meta.json is live, so a retirement time is never earlier than
// the moment the live site stopped naming the file.
func execute(ctx context.Context, s *store, o Options, local []LocalFile, p Plan, held []byte) error {
	byRel := make(map[string]LocalFile, len(local))
	for _, l := range local {
		byRel[l.Rel] = l
	}
	exists := func(rel string) bool { _, ok := byRel[rel]; return ok }
	for _, batch := range p.Uploads {
		err := parallel(ctx, batch, func(ctx context.Context, st Step) error {
			if err := s.put(ctx, o.Dir, byRel[st.Rel], HeadersFor(st.Rel, exists)); err != nil {
				return &stepError{st, err}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if next := nextState(p, byRel[searchRoot].SHA256, o.Now()); !bytes.Equal(next, held) {
		if err := s.putState(ctx, next); err != nil {
			return &stepError{Step{Change, stateName, int64(len(next))}, err}
		}
	}
	for _, batch := range p.Deletes {
		rels := make([]string, len(batch))
		for i, st := range batch {
			rels[i] = st.Rel
		}
		if err := s.remove(ctx, rels); err != nil {
			return &stepError{batch[0], err}
		}
	}
	return nil
}

// parallel calls fn for every item with a few workers and returns the
// first error; after one, no new item is started.
func parallel[T any](ctx context.Context, items []T, fn func(context.Context, T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
		next     = make(chan T)
	)
	for range min(workers, len(items)) {
		wg.Go(func() {
			for it := range next {
				if err := fn(ctx, it); err != nil {
					once.Do(func() { firstErr = err; cancel() })
				}
			}
		})
	}
feed:
	for _, it := range items {
		select {
		case next <- it:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return firstErr
}
