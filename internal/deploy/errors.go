package deploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/minio/minio-go/v7"
)

var errNoCredentials = errors.New("未找到访问密钥：请设置环境变量 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY，或在 ~/.aws/credentials 中配置（用 --profile 或 AWS_PROFILE 选择配置段），密钥不能写在命令行上")

// explain turns a failure while doing (e.g. "读取存储桶内容") into one
// sentence naming the likely cause.
func explain(err error, doing string, o Options) error {
	if msg := cause(err, o); msg != "" {
		return errors.New(msg)
	}
	return fmt.Errorf("%s时出错：%v", doing, err)
}

// explainInterrupted reports a deploy that stopped part-way. The ordering
// of the plan guarantees the live site is still consistent, so the advice
// is always the same: fix the cause and run again.
func explainInterrupted(err error, o Options) error {
	what := "发布"
	var se *stepError
	if errors.As(err, &se) {
		verb := "上传"
		if se.step.Action == Delete {
			verb = "删除"
		}
		what = verb + " " + se.step.Rel
	}
	msg := cause(err, o)
	if msg == "" {
		msg = err.Error()
	}
	return fmt.Errorf("发布中断（%s 时）：%s；线上站点仍然完整（页面引用的文件都在），排除问题后重新运行同一命令即可完成发布", what, msg)
}

// cause recognises bad credentials, a missing bucket and an unreachable
// endpoint; "" for anything else.
func cause(err error, o Options) string {
	var resp minio.ErrorResponse
	if errors.As(err, &resp) {
		switch resp.Code {
		case "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "InvalidToken",
			"ExpiredToken", "InvalidSecurity", "AllAccessDisabled",
			"XAdminUserNotFound": // versitygw's answer to an unknown access key
			return credentialsMsg(o)
		case "NoSuchBucket":
			return fmt.Sprintf("存储桶 %s 不存在，请检查 --target 中的桶名，以及 --endpoint 是否是该桶所在地域的地址", o.Target.Bucket)
		case "AuthorizationHeaderMalformed", "InvalidRegion":
			return fmt.Sprintf("存储服务不接受地域设置，请用 --region 指定存储桶 %s 所在的地域", o.Target.Bucket)
		}
		if resp.StatusCode == 401 || resp.StatusCode == 403 {
			return credentialsMsg(o)
		}
		return ""
	}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.Is(err, context.Canceled):
		return "操作已取消"
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("无法连接存储服务 %s：域名无法解析，请检查 --endpoint 和网络", o.Endpoint)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("无法连接存储服务 %s：连接被拒绝，请检查 --endpoint 的地址和端口", o.Endpoint)
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return fmt.Sprintf("无法连接存储服务 %s：连接超时，请检查 --endpoint 和网络", o.Endpoint)
	case errors.As(err, &opErr), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), minio.IsNetworkOrHostDown(err, false):
		return fmt.Sprintf("与存储服务 %s 的连接中断（已多次重试）", o.Endpoint)
	}
	return ""
}

func credentialsMsg(o Options) string {
	return fmt.Sprintf("访问密钥无效或没有存储桶 %s 的读写权限，请检查 AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY（或配置文件中的密钥）及其授权", o.Target.Bucket)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
