package main

import (
	"io"
	"path/filepath"

	"creditsite/internal/config"
	"creditsite/internal/content"
	"creditsite/internal/ingest"
)

func init() {
	commands["check"] = command{summary: "检查数据文件，列出所有问题，不生成网站", run: runCheck}
}

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	source := fs.String("source", ".", "源文件夹（含 data/），或直接放着 disclosures/ 和 commitments/ 的文件夹")
	strict := fs.Bool("strict", false, "与 build --strict 相同：标为“--strict 时为错误”的警告也算错误")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(*source)
	if err != nil {
		return err
	}
	res, err := ingest.Load(*source, ingest.OptionsFor(cfg))
	if err != nil {
		return err
	}
	// The pages too: a page build would refuse (a link, bad front matter)
	// must not pass check.
	if _, err := content.Load(filepath.Join(*source, "content"), cfg.AllowRawHTML); err != nil {
		res.WriteReport(stdout)
		return err
	}
	res.WriteReport(stdout)
	if res.HasErrors() || *strict && res.HasStrictErrors() {
		return errFailed
	}
	return nil
}
