package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"creditsite/internal/output"
)

func init() {
	commands["rollback"] = command{summary: "恢复上一次生成的网站版本（发现新发布的内容有误时使用）", run: runRollback}
}

func runRollback(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("rollback", stderr)
	source := fs.String("source", ".", "源文件夹")
	out := fs.String("out", "", "输出文件夹（默认为 源文件夹/public）")
	wait := fs.Bool("wait", false, "另一个生成过程正在写入时，等它结束后继续")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join(*source, "public")
	}
	gen, err := output.Rollback(*out, *wait)
	if errors.Is(err, output.ErrNoEarlier) {
		return fmt.Errorf("%s 没有保留上一版本（config.yaml 的 keepGenerations 决定保留几个）", *out)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s 已恢复为 %s 生成的版本；下次运行 build 时会按数据重新生成\n", *out, describeGeneration(gen))
	return nil
}

// describeGeneration names a generation by its local start time.
func describeGeneration(gen string) string {
	if t, ok := output.GenerationTime(gen); ok {
		return t.Local().Format("2006-01-02 15:04:05")
	}
	return gen
}
