// Package config reads the site configuration file (config.yaml at the
// source root). Every setting has a default, so a source folder without a
// config file builds the Yichang site.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"creditsite/internal/srcfile"
)

// FileName is the configuration file looked for at the source root.
const FileName = "config.yaml"

// Config is the site configuration.
type Config struct {
	Title        string `yaml:"title"`        // site title
	BaseURL      string `yaml:"baseURL"`      // absolute URL the site is published at, may carry a sub-path
	ColumnTitle  string `yaml:"columnTitle"`  // the 专栏 the two columns belong to
	Disclosures  string `yaml:"disclosures"`  // title of the 企业亮信用 column
	Commitments  string `yaml:"commitments"`  // title of the 信用承诺 column
	Office       string `yaml:"office"`       // publishing office, shown in the footer
	PageSize     int    `yaml:"pageSize"`     // list entries per page
	AllowRawHTML bool   `yaml:"allowRawHTML"` // pass raw HTML in Markdown through
	SampleData   bool   `yaml:"sampleData"`   // mark every page as 示例数据
	Timestamps   bool   `yaml:"timestamps"`   // show the build time on pages (breaks byte-identical rebuilds)
	Targets      struct {
		Enterprises int `yaml:"enterprises"` // yearly target for 企业亮信用 enterprises
		Commitments int `yaml:"commitments"` // yearly target for enterprises publicly committing (信用承诺)
		// Year is the assessment year the targets are counted for; 0
		// means the year of the newest commitment (see stats.Compute).
		Year int `yaml:"year"`
	} `yaml:"targets"`
	// Units maps an export's file name (without .csv) to the 报送单位 it
	// comes from, for files without a 填报单位 line.
	Units         map[string]string `yaml:"units"`
	MaxAttachment int64             `yaml:"maxAttachmentBytes"` // largest attachment copied into the site
	FeedEntries   int               `yaml:"feedEntries"`        // entries in feed.xml
	LatestOnHome  int               `yaml:"latestOnHome"`       // latest entries listed on the home page
	// PrivatePatterns are extra regular expressions (RE2 syntax) of
	// personal data: a row with a match in any published field is not
	// published, like one with a resident ID or phone number.
	PrivatePatterns []string `yaml:"privatePatterns"`
	// MaxCellBytes is the longest cell a CSV file may hold (0: the
	// reader's default, 16 KiB); a longer one is refused as a stray
	// quote that took in the lines below.
	MaxCellBytes int `yaml:"maxCellBytes"`
	// Publish is how a build is made live in the output folder: "symlink"
	// (the output is a symlink to the live generation, switched in one
	// step), "folder" (a plain folder, for hosts that need one), or empty
	// for symlink where the system allows it.
	Publish string `yaml:"publish"`
	// KeepGenerations is how many earlier generations are kept beside the
	// live one for `creditsite rollback` (symlink publishing; default 1).
	KeepGenerations int `yaml:"keepGenerations"`
}

// Default returns the configuration used when no config file exists.
func Default() *Config {
	c := &Config{
		Title:         "信用中国（湖北宜昌）",
		BaseURL:       "/",
		ColumnTitle:   "诚信建设万里行",
		Disclosures:   "企业亮信用",
		Commitments:   "信用承诺",
		Office:        "宜昌市社会信用体系建设领导小组办公室",
		PageSize:      50,
		MaxAttachment: 10 << 20,
		FeedEntries:   50,
		LatestOnHome:  10,
		Units:         map[string]string{},
	}
	c.Targets.Enterprises = 100
	c.Targets.Commitments = 5000
	for k, v := range YichangUnits {
		c.Units[k] = v
	}
	return c
}

// YichangUnits names Yichang's 13 counties and districts and 宜昌高新区 by
// the pinyin file names counties commonly use for their exports.
var YichangUnits = map[string]string{
	"xiling":    "西陵区",
	"wujiagang": "伍家岗区",
	"dianjun":   "点军区",
	"xiaoting":  "猇亭区",
	"yiling":    "夷陵区",
	"yuanan":    "远安县",
	"xingshan":  "兴山县",
	"zigui":     "秭归县",
	"changyang": "长阳土家族自治县",
	"wufeng":    "五峰土家族自治县",
	"yidu":      "宜都市",
	"dangyang":  "当阳市",
	"zhijiang":  "枝江市",
	"gaoxin":    "宜昌高新区",
}

// Load reads DIR/config.yaml over the defaults. A missing file is not an
// error; a malformed one is, naming the file and line.
//
// The file is read only as a regular file inside DIR (see srcfile). A link
// or special file in its place is an error naming it, not a missing file:
// building with the defaults instead would publish the site under the
// wrong title, address and units without anyone noticing.
func Load(dir string) (*Config, error) {
	c := Default()
	path := filepath.Join(dir, FileName)
	b, err := read(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, err // names config.yaml and why it was not read
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: 配置文件格式错误：%s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return c, c.validate(path)
}

// read returns the bytes of DIR/config.yaml.
func read(dir string) ([]byte, error) {
	src, err := srcfile.OpenSource(dir)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	return src.ReadFile(FileName)
}

func (c *Config) validate(path string) error {
	if c.PageSize < 1 {
		return fmt.Errorf("%s: pageSize 必须大于 0", path)
	}
	if y := c.Targets.Year; y != 0 && (y < 2000 || y > 2999) {
		return fmt.Errorf("%s: targets.year（考核年度）%d 无效，应为四位年份，如 2026", path, y)
	}
	if _, err := ParseBaseURL(c.BaseURL); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if c.Publish != "" && c.Publish != "symlink" && c.Publish != "folder" {
		return fmt.Errorf("%s: publish 只能是 symlink（按版本切换，默认）或 folder（普通文件夹），不能是“%s”", path, c.Publish)
	}
	if c.KeepGenerations < 0 {
		return fmt.Errorf("%s: keepGenerations（保留的上一版本个数）不能为负数", path)
	}
	return nil
}

// BasePath returns the path part of the base URL, always with leading and
// trailing slashes ("/" or "/xyyc/").
func (c *Config) BasePath() string {
	u, err := ParseBaseURL(c.BaseURL)
	if err != nil {
		return "/"
	}
	return u.Path
}

// ParseBaseURL checks a base URL (absolute like https://host/sub/ or a bare
// path like /sub/) and returns it with a trailing slash on its path.
func ParseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("站点地址 %q 无效，应形如 https://xy.yichang.gov.cn/xyyc/", s)
	}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

// AbsoluteBaseURL reports whether the base URL names a scheme and host
// (https://xy.yichang.gov.cn/xyyc/), as sitemaps need; a bare path such as
// the default "/" does not.
func (c *Config) AbsoluteBaseURL() bool {
	u, err := ParseBaseURL(c.BaseURL)
	return err == nil && u.Scheme != "" && u.Host != ""
}

// AbsURL returns the absolute URL of a site path such as "enterprises/X/",
// for feeds and the sitemap. With a path-only base URL it is host-relative.
func (c *Config) AbsURL(p string) string {
	u, err := ParseBaseURL(c.BaseURL)
	if err != nil {
		return "/" + p
	}
	return u.String() + strings.TrimPrefix(p, "/")
}
