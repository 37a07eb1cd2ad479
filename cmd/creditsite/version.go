package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// Set by the release build (scripts/release.sh) with
// -ldflags "-X main.version=… -X main.commit=… -X main.date=…"; a plain
// go build leaves them empty and versionInfo reads what the Go toolchain
// recorded instead.
var version, commit, date string

func init() {
	commands["version"] = command{summary: "显示版本、提交、构建日期和 Go 版本", run: runVersion}
}

func runVersion(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	v, c, d := versionInfo()
	fmt.Fprintf(stdout, "creditsite %s\n提交：%s\n构建日期：%s\nGo 版本：%s（%s/%s）\n",
		v, c, d, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

// versionInfo returns the injected version, commit and date, falling
// back to the module version and VCS stamp go build embeds, so a binary
// built from a checkout still says which commit it is.
func versionInfo() (v, c, d string) {
	v, c, d = version, commit, date
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return orUnknown(v, "开发版"), orUnknown(c, "未知"), orUnknown(d, "未知")
	}
	if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	vcs := map[string]string{}
	for _, s := range bi.Settings {
		vcs[s.Key] = s.Value
	}
	if c == "" && vcs["vcs.revision"] != "" {
		c = vcs["vcs.revision"]
		if vcs["vcs.modified"] == "true" {
			c += "（含未提交的修改）"
		}
	}
	if d == "" {
		d = vcs["vcs.time"]
	}
	return orUnknown(v, "开发版"), orUnknown(c, "未知"), orUnknown(d, "未知")
}

func orUnknown(s, unknown string) string {
	if s == "" {
		return unknown
	}
	return s
}
