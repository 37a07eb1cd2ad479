package main

import (
	"fmt"
	"io"
	"path/filepath"

	"creditsite/internal/gen"
	"creditsite/internal/scaffold"
)

func init() {
	commands["gen"] = command{summary: "生成示例数据（用于演示、测试和性能测试）", run: runGen}
}

func runGen(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("gen", stderr)
	source := fs.String("source", ".", "源文件夹，数据写入其 data/ 下")
	def := scaffold.SampleOptions // the demo's sizes: one definition for gen and init --sample
	enterprises := fs.Int("enterprises", def.Enterprises, "企业亮信用企业数（每家一条补充公示）")
	commitments := fs.Int("commitments", def.Commitments, "信用承诺条数")
	seed := fs.Uint64("seed", def.Seed, "随机种子：相同参数生成相同数据")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *enterprises < 0 || *commitments < 0 {
		return fmt.Errorf("企业数和承诺条数不能为负数")
	}
	d := gen.Generate(gen.Options{Enterprises: *enterprises, Commitments: *commitments, Seed: *seed})
	dir := filepath.Join(*source, "data")
	if err := d.Write(dir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已在 %s 生成 %d 条补充公示、%d 条信用承诺\n", dir, *enterprises, *commitments)
	return nil
}
