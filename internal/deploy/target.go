package deploy

import (
	"fmt"
	"net/url"
	"strings"

	"creditsite/internal/config"
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

// checkBase refuses to publish a site whose baseURL is not where the
// target puts it: the sitemap, the feed and the 404 page name their pages
// by baseURL, so a mismatch publishes a site whose 404 page and
// subscriptions point at pages that are not there. A prefix must end
// baseURL's path (a CDN may map a longer path onto the bucket), and the
// bucket's root is only the path /.
func (t Target) checkBase(baseURL string) error {
	u, err := config.ParseBaseURL(baseURL)
	if err != nil {
		return err
	}
	if t.Prefix == "" && u.Path == "/" || t.Prefix != "" && strings.HasSuffix(u.Path, "/"+t.Prefix+"/") {
		return nil
	}
	want := *u
	want.Path = "/" + t.listPrefix()
	return fmt.Errorf("站点地址（baseURL）%s 与发布位置 %s 不一致，请把 --target 改成 %s，或者把 config.yaml 的 baseURL（或 --base-url）改成 %s 后重新运行 creditsite build 再发布",
		baseURL, t, Target{Bucket: t.Bucket, Prefix: strings.Trim(u.Path, "/")}, want.String())
}
