package deploy

import (
	"creditsite/internal/humanize"

	"fmt"
	"io"
)

// writeSteps lists every planned action, in the order it would run.
func writeSteps(w io.Writer, p Plan) {
	sign := map[Action]string{Add: "+", Change: "~", Delete: "-"}
	for _, batches := range [][][]Step{p.Uploads, p.Deletes} {
		for _, b := range batches {
			for _, s := range b {
				fmt.Fprintf(w, "%s %s (%s)\n", sign[s.Action], s.Rel, humanize.Bytes(s.Size))
			}
		}
	}
}

// writeSummary prints the counts and bytes of the plan.
func writeSummary(w io.Writer, t Target, p Plan, g Grace, dryRun bool) {
	if dryRun {
		fmt.Fprintf(w, "发布计划（演练，不做任何更改）→ %s\n", t)
	} else {
		fmt.Fprintf(w, "发布到 %s\n", t)
	}
	for _, l := range []struct {
		label string
		t     Tally
	}{{"新增", p.Added}, {"修改", p.Changed}, {"删除", p.Deleted}, {"未变", p.Unchanged}} {
		fmt.Fprintf(w, "  %s %d 个文件，%s\n", l.label, l.t.Files, humanize.Bytes(l.t.Bytes))
	}
	if p.Kept.Files > 0 {
		fmt.Fprintf(w, "  暂留 %d 个旧搜索文件，%s：刚打开搜索页的访问者可能还在用，%s 以后的发布会删除\n",
			p.Kept.Files, humanize.Bytes(p.Kept.Bytes), expiry(p, g).Local().Format("2006-01-02 15:04"))
	}
	if n := len(p.Foreign); n > 0 {
		fmt.Fprintf(w, "  另有 %d 个对象不是 creditsite 上传的，保留不动（如 %s）\n", n, p.Foreign[0])
	}
}
