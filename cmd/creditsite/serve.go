package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	"creditsite/internal/serve"
)

func init() {
	commands["serve"] = command{summary: "本地预览：生成网站并在修改后自动重新生成", run: runServe}
}

func runServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	source := fs.String("source", ".", "源文件夹")
	port := fs.Int("port", 1313, "预览端口（只在本机 127.0.0.1 上提供）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return serve.Run(ctx, serve.Options{
		Source: *source,
		Addr:   fmt.Sprintf("127.0.0.1:%d", *port),
		Log:    stderr,
		Ready: func(url string) {
			fmt.Fprintf(stdout, "预览地址：%s（修改 content/、layouts/、data/ 或 config.yaml 后自动重新生成；按 Ctrl+C 退出）\n", url)
		},
	})
}
