package deploy

import (
	"fmt"
	"net/url"
	"strings"
)

// Target is where the site goes: a bucket and a key prefix ("" for the
// bucket root).
type Target struct {
	Bucket string
	Prefix string // without leading or trailing slash
}

// ParseTarget reads s3://BUCKET/PREFIX.
func ParseTarget(s string) (Target, error) {
	rest, ok := strings.CutPrefix(s, "s3://")
	bucket, prefix, _ := strings.Cut(rest, "/")
	if !ok || bucket == "" {
		return Target{}, fmt.Errorf("--target %q 的格式不对，应写成 s3://桶名/前缀，例如 s3://credit-site/yichang", s)
	}
	return Target{Bucket: bucket, Prefix: strings.Trim(prefix, "/")}, nil
}

func (t Target) String() string {
	if t.Prefix == "" {
		return "s3://" + t.Bucket + "/"
	}
	return "s3://" + t.Bucket + "/" + t.Prefix + "/"
}

// key returns the object key of the site file rel.
func (t Target) key(rel string) string {
	if t.Prefix == "" {
		return rel
	}
	return t.Prefix + "/" + rel
}

// listPrefix is the prefix that lists exactly the site's objects.
func (t Target) listPrefix() string {
	if t.Prefix == "" {
		return ""
	}
	return t.Prefix + "/"
}

// parseEndpoint splits an endpoint URL into the host minio-go wants and
// whether to use TLS; a bare host means HTTPS.
func parseEndpoint(s string) (host string, secure bool, err error) {
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") ||
		strings.Trim(u.Path, "/") != "" {
		return "", false, fmt.Errorf("--endpoint %q 的格式不对，应写成 https://主机名[:端口]，不带路径，例如 https://oss-cn-hangzhou.aliyuncs.com", s)
	}
	return u.Host, u.Scheme == "https", nil
}
