package main

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
)

func TestVersionPrintsInjectedValues(t *testing.T) {
	defer func(v, c, d string) { version, commit, date = v, c, d }(version, commit, date)
	version, commit, date = "v1.2.3", "abc1234", "2026-11-30T00:00:00Z"
	var out, errb bytes.Buffer
	if code := run([]string{"version"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"creditsite v1.2.3", "提交：abc1234", "构建日期：2026-11-30T00:00:00Z", "Go 版本：" + runtime.Version()} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestVersionDefaultsWithoutLdflags(t *testing.T) {
	v, c, d := versionInfo()
	if v == "" || c == "" || d == "" {
		t.Errorf("versionInfo() = %q, %q, %q; want no empty field", v, c, d)
	}
}
