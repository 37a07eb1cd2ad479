package deploy

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// metaSHA256 is the user metadata entry (x-amz-meta-creditsite-sha256) that
// holds an uploaded file's SHA-256. It makes comparisons independent of how
// a service computes ETags, and marks the object as creditsite's own.
const metaSHA256 = "Creditsite-Sha256"

// store is the bucket seen through minio-go, limited to what deploy needs.
type store struct {
	client *minio.Client
	target Target
}

// defaultCredentials reads keys from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
// (and AWS_SESSION_TOKEN), then from the profile in ~/.aws/credentials or
// ~/.aws/config (profile "" means AWS_PROFILE or "default"), then from
// MINIO_ROOT_USER/MINIO_ROOT_PASSWORD.
func defaultCredentials(profile string) *credentials.Credentials {
	return credentials.NewChainCredentials([]credentials.Provider{
		&credentials.EnvAWS{},
		&credentials.FileAWSCredentials{Profile: profile},
		&credentials.EnvMinio{},
	})
}

// virtualHostSuffixes are services that only accept virtual-hosted-style
// requests (BUCKET.host); minio-go already knows AWS, Google and Aliyun.
var virtualHostSuffixes = []string{".aliyuncs.com", ".myqcloud.com", ".myhuaweicloud.com"}

func newStore(o Options, creds *credentials.Credentials) (*store, error) {
	host, secure, err := parseEndpoint(o.Endpoint)
	if err != nil {
		return nil, err
	}
	c, err := minio.New(host, &minio.Options{
		Creds:      creds,
		Secure:     secure,
		Region:     o.Region,
		MaxRetries: o.MaxRetries,
		BucketLookupViaURL: func(u url.URL, _ string) minio.BucketLookupType {
			for _, s := range virtualHostSuffixes {
				if strings.HasSuffix(u.Hostname(), s) {
					return minio.BucketLookupDNS
				}
			}
			return minio.BucketLookupAuto // path style unless minio-go knows better
		},
	})
	if err != nil {
		return nil, err
	}
	return &store{client: c, target: o.Target}, nil
}

// list returns every object under the target prefix.
func (s *store) list(ctx context.Context) ([]RemoteObject, error) {
	var objs []RemoteObject
	prefix := s.target.listPrefix()
	for o := range s.client.ListObjectsIter(ctx, s.target.Bucket, minio.ListObjectsOptions{
		Prefix:    prefix,
		Recursive: true,
	}) {
		if o.Err != nil {
			return nil, o.Err
		}
		objs = append(objs, RemoteObject{
			Rel:  strings.TrimPrefix(o.Key, prefix),
			Size: o.Size,
			ETag: strings.Trim(o.ETag, `"`),
		})
	}
	return objs, nil
}

// stat fills in the SHA-256 creditsite stored with the object, if any.
func (s *store) stat(ctx context.Context, r *RemoteObject) error {
	info, err := s.client.StatObject(ctx, s.target.Bucket, s.target.key(r.Rel), minio.StatObjectOptions{})
	if err != nil {
		return err
	}
	r.SHA256 = info.Metadata.Get("X-Amz-Meta-" + metaSHA256)
	return nil
}

// put uploads one site file with its headers. minio-go retries network
// errors with backoff, rereading the file from the start.
//
// Over plain HTTP minio-go would sign the body in aws-chunked streaming
// form, and some S3-compatible servers then keep "aws-chunked" in the
// stored Content-Encoding, which breaks the file for browsers. A plain
// body with Content-MD5, which the server checks, avoids that everywhere.
func (s *store) put(ctx context.Context, dir string, f LocalFile, h Headers) error {
	file, err := os.Open(filepath.Join(dir, filepath.FromSlash(f.Rel)))
	if err != nil {
		return err
	}
	defer file.Close()
	_, err = s.client.PutObject(ctx, s.target.Bucket, s.target.key(f.Rel), file, f.Size, minio.PutObjectOptions{
		ContentType:     h.ContentType,
		CacheControl:    h.CacheControl,
		ContentEncoding: h.ContentEncoding,
		UserMetadata:    map[string]string{metaSHA256: f.SHA256},
		SendContentMd5:  true,
		// Plain body instead of aws-chunked (see above).
		DisableContentSha256: true,
	})
	return err
}

// get returns the bytes of the object rel.
func (s *store) get(ctx context.Context, rel string) ([]byte, error) {
	obj, err := s.client.GetObject(ctx, s.target.Bucket, s.target.key(rel), minio.GetObjectOptions{})
	if err != nil {
		return nil, err
	}
	defer obj.Close()
	return io.ReadAll(obj)
}

// putState records the state (see stateName); nil removes it. Nobody
// should cache it: the next deploy reads it from the bucket.
func (s *store) putState(ctx context.Context, data []byte) error {
	key := s.target.key(stateName)
	if data == nil {
		return s.client.RemoveObject(ctx, s.target.Bucket, key, minio.RemoveObjectOptions{})
	}
	_, err := s.client.PutObject(ctx, s.target.Bucket, key, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{
		ContentType:          ContentType(stateName),
		CacheControl:         "no-store",
		SendContentMd5:       true,
		DisableContentSha256: true, // see put
	})
	return err
}

// remove deletes objects with multi-object DELETE requests.
func (s *store) remove(ctx context.Context, rels []string) error {
	objs := func(yield func(minio.ObjectInfo) bool) {
		for _, r := range rels {
			if !yield(minio.ObjectInfo{Key: s.target.key(r)}) {
				return
			}
		}
	}
	results, err := s.client.RemoveObjectsWithIter(ctx, s.target.Bucket, objs, minio.RemoveObjectsOptions{})
	if err != nil {
		return err
	}
	for res := range results {
		if res.Err != nil {
			return res.Err
		}
	}
	return nil
}
