package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"

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
	strict := fs.Bool("strict", false, "数据有任何错误即不生成报表")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "用法：creditsite report [--source 源文件夹] [--strict] --out 输出文件夹")
		return errPrinted // a usage error, not the data's: status 2
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

	focus, focusProblems, err := ingest.LoadFocus(*source)
	if err != nil {
		return err
	}
	for _, pr := range focusProblems {
		fmt.Fprintln(stderr, pr)
	}
	all := &ingest.Result{Problems: slices.Concat(res.Problems, focusProblems)}
	// Like build --strict: any error, or a warning marked for --strict,
	// refuses the whole report, so nothing incomplete is sent upward.
	if *strict && all.HasStrictErrors() {
		fmt.Fprintln(stderr, "数据有错误，按 --strict 要求未生成报表。请按上面的提示改正后重新运行（也可用 creditsite check 检查）。")
		return errFailed
	}

	sum, err := report.Write(ds, focus, all.Problems, cfg, *out, p)
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
	if sum.LeftOut > 0 {
		fmt.Fprintf(w, "有 %d 处错误，相应的行未纳入报表，清单见 %s（或 %s 的“未纳入的记录”工作表）。\n",
			sum.LeftOut, filepath.Join(out, report.LeftOutFile), filepath.Join(out, report.SummaryXLSX))
	}
	fmt.Fprintf(w, "汇总说明见 %s（另有 %s、%s）\n", filepath.Join(out, report.SummaryFile), report.SummaryXLSX, report.SummaryText)
}
