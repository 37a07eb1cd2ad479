package main

import (
	"fmt"
	"io"

	"creditsite/internal/scaffold"
)

func init() {
	commands["init"] = command{summary: "新建一个网站文件夹（配置、数据文件夹和说明）", run: runInit}
}

func runInit(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("init", stderr)
	sample := fs.Bool("sample", false, "放入示例数据（演示用，不要和真实数据放在一起）")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法：creditsite init [--sample] 文件夹")
		fmt.Fprintln(stderr, "例如：creditsite init 信用网站")
		printFlags(fs)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("请指定一个（新的或空的）文件夹，如 creditsite init 信用网站")
	}
	dir := fs.Arg(0)
	write := scaffold.New
	if *sample {
		write = scaffold.Sample
	}
	if err := write(dir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已新建网站文件夹 %s。\n", dir)
	if *sample {
		fmt.Fprintln(stdout, "其中是示例数据（不是真实企业），只用于演示。")
		return nil
	}
	fmt.Fprintf(stdout, "下一步：修改 %[1]s/config.yaml，把附件2、附件3 放进 %[1]s/data/disclosures、%[1]s/data/commitments，\n然后运行 creditsite check --source %[1]s 检查，creditsite build --source %[1]s 生成网站。\n", dir)
	return nil
}
