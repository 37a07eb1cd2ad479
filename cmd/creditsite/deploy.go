package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"creditsite/internal/deploy"
)

func init() {
	commands["deploy"] = command{
		summary: "把生成的站点发布到对象存储（OSS、COS、OBS、MinIO、S3），只传有变化的文件",
		run:     runDeploy,
	}
}

func runDeploy(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("deploy", stderr)
	source := fs.String("source", ".", "站点源目录（其中 config.yaml 的 baseURL 要与发布位置一致）")
	baseURL := fs.String("base-url", "", "网站发布地址，生成时用了 --base-url 的，这里写同一个地址")
	out := fs.String("out", "", "要发布的输出目录（默认为 源目录/public）")
	target := fs.String("target", "", "发布位置，写成 s3://桶名/前缀，例如 s3://credit-site/yichang")
	endpoint := fs.String("endpoint", "", "对象存储服务地址，例如 https://oss-cn-hangzhou.aliyuncs.com（默认为 AWS S3）")
	region := fs.String("region", "", "存储桶所在地域，例如 ap-guangzhou（不填时向服务查询）")
	profile := fs.String("profile", "", "~/.aws/credentials 中的配置段名（默认为 AWS_PROFILE 或 default）")
	dryRun := fs.Bool("dry-run", false, "只列出要上传和删除的文件，不做任何更改")
	grace := fs.Duration("search-grace", deploy.DefaultSearchGrace, "网站不再使用的旧搜索文件保留多久再删除，如 30m、2h（正在搜索的访问者还会用到）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "creditsite deploy：多余的参数 %q；密钥请用环境变量或配置文件提供，不要写在命令行上\n", fs.Args())
		return errFailed
	}
	if *grace < 0 {
		fmt.Fprintln(stderr, "creditsite deploy：--search-grace 不能为负数，例如写 1h 或 30m")
		return errFailed
	}
	if *target == "" {
		fmt.Fprintln(stderr, "creditsite deploy：请用 --target 指定发布位置，例如 --target s3://credit-site/yichang")
		return errFailed
	}
	t, err := deploy.ParseTarget(*target)
	if err != nil {
		return err
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join(*source, "public")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return deploy.Run(ctx, deploy.Options{
		Dir:         dir,
		Source:      *source,
		BaseURL:     *baseURL,
		Target:      t,
		Endpoint:    *endpoint,
		Region:      *region,
		Profile:     *profile,
		DryRun:      *dryRun,
		SearchGrace: *grace,
	}, stdout)
}
