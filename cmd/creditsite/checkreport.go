package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"creditsite/internal/checkreport"
	"creditsite/internal/config"
	"creditsite/internal/ingest"
	"creditsite/internal/privacy"
)

// writeCheckReport writes the HTML check report to file through a
// temporary file renamed into place, so a report open in a browser or
// being mailed is never half written.
func writeCheckReport(file string, res *ingest.Result, cfg *config.Config) error {
	d, err := privacy.New(cfg.PrivatePatterns)
	if err != nil {
		return err
	}
	// A fixed temporary name: one a killed build left is overwritten and
	// renamed away by the next, never piling up beside the output.
	tmp, err := os.Create(filepath.Join(filepath.Dir(file), "."+filepath.Base(file)+".tmp"))
	if err != nil {
		return fmt.Errorf("无法写入检查报告 %s：%v", file, err)
	}
	defer os.Remove(tmp.Name())
	err = checkreport.Write(tmp, res, d)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		return fmt.Errorf("无法写入检查报告 %s：%v", file, err)
	}
	return nil
}

// exitCodesUsage is a command's -h: its flags, an example and the exit
// codes scripts and the Windows .bat files rely on.
func exitCodesUsage(fs *flag.FlagSet, example string) func() {
	return func() {
		w := fs.Output()
		fmt.Fprintf(w, "用法：%s [参数]\n\n参数：\n", fs.Name())
		printFlags(fs)
		fmt.Fprintf(w, "\n例：%s\n\n结束状态：0 没有错误；1 数据有错误（有行未发布，或 --strict 拒绝发布）；2 用法错误或其他问题（找不到文件夹、无法写入等）。\n", example)
	}
}
