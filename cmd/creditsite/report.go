package main

import (
	"fmt"
	"io"
	"path/filepath"

	"creditsite/internal/config"
	"creditsite/internal/ingest"
	"creditsite/internal/progress"
	"creditsite/internal/report"
)

func init() {
	commands["report"] = command{summary: "生成报送上级的附件2、附件3汇总表和完成情况说明", run: runReport}
}

func runReport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report", stderr)
	source := fs.String("source", ".", "网站源文件夹（含 config.yaml 和 data/）")
	out := fs.String("out", "", "报表输出文件夹（不能在 public/ 之内）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "用法：creditsite report [--source 源文件夹] --out 输出文件夹")
		return errFailed
	}
	if err := report.CheckOutDir(*source, *out); err != nil {
		return err
	}
	cfg, err := config.Load(*source)
	if err != nil {
		return err
	}
	p := progress.New(stderr)
	p.Start("读取数据", 0)
	res, err := ingest.Load(*source, ingest.OptionsFor(cfg))
	if err != nil {
		return err
	}
	ds := res.Dataset
	p.Done(fmt.Sprintf("企业亮信用 %d 条，信用承诺 %d 条", len(ds.Disclosures), len(ds.Commitments)))
	res.WriteReport(stderr)
	if res.HasErrors() {
		// The upward tables must be complete: unlike the site, they are
		// not built from the valid rows alone.
		fmt.Fprintln(stderr, "数据有错误，未生成报表。请按上面的提示改正后重新运行（也可用 creditsite check 检查）。")
		return errFailed
	}

	focus, problems, err := ingest.LoadFocus(*source)
	if err != nil {
		return err
	}
	focusErrors := false
	for _, pr := range problems {
		fmt.Fprintln(stderr, pr)
		focusErrors = focusErrors || pr.Severity == ingest.Error
	}
	if focusErrors {
		fmt.Fprintln(stderr, "重点关注对象表（data/focus/）有错误，未生成报表。")
		return errFailed
	}

	sum, err := report.Write(ds, focus, cfg, *out, p)
	if err != nil {
		return err
	}
	printSummary(stdout, sum, *out)
	return nil
}

func printSummary(w io.Writer, sum *report.Summary, out string) {
	for _, t := range sum.Stats.Targets() {
		fmt.Fprintf(w, "%s%s：%d / %d %s（%s）\n", sum.Stats.YearLabel(), t.Label, t.Count, t.Target, t.Unit, t.PercentText())
	}
	if f := sum.Focus; f != nil {
		fmt.Fprintf(w, "重点关注对象监管半数覆盖（信用承诺、信用修复培训或约谈）：%d / %d 家（%.1f%%，要求超过 50%%）\n", f.Repaired, f.Total, f.Percent())
	}
	fmt.Fprintf(w, "汇总说明见 %s\n", filepath.Join(out, report.SummaryFile))
}
