package checkreport

import "html/template"

// page is the whole report: inline CSS, no script and nothing fetched, so
// it opens the same from a mail attachment, a USB stick or /_check/.
var page = template.Must(template.Must(template.New("check").Funcs(template.FuncMap{
	"inc": func(i int) int { return i + 1 },
}).Parse(rowTemplate)).Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>数据检查报告</title>
<style>
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",system-ui,sans-serif;color:#1a1a1a;background:#f5f5f2}
main{max-width:68rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0}
h2{font-size:1.25rem;margin:0 0 .5rem;overflow-wrap:anywhere}
a{color:#0b4f9c}
a:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}
.summary{background:#fff;border:1px solid #ccc;border-radius:6px;padding:.75rem 1rem}
.summary p{margin:.25rem 0}
.ok{border-left:6px solid #1d6b32}
.bad{border-left:6px solid #b3261e}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.wide{overflow-x:auto}
section.file{background:#fff;border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1.5rem 0}
.counts{margin:0 0 .75rem;color:#333}
ol.problems{list-style:none;margin:0;padding:0}
ol.problems>li{border-top:1px solid #ddd;padding:.75rem 0}
.where{font-family:ui-monospace,Consolas,monospace;font-weight:bold;overflow-wrap:anywhere}
.tag{display:inline-block;padding:0 .4rem;border-radius:4px;font-weight:bold;margin-right:.4rem;color:#fff}
.tag.e{background:#b3261e}
.tag.w{background:#8a5a00}
.msg{margin:.25rem 0}
.fix{margin:.25rem 0;padding:.4rem .6rem;background:#eef4fb;border-left:4px solid #0b4f9c}
.card>.notes{list-style:none;margin:.25rem 0 0;padding:0}
.card>.notes>li{margin:.5rem 0 0}
.num{font-weight:bold;margin-right:.3rem}
.label{margin:.75rem 0 0;font-weight:bold;color:#333}
.label .where{font-weight:normal}
dl.row{display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;margin:.25rem 0 0;border:1px solid #ddd}
dl.row dt,dl.row dd{margin:0;padding:.25rem .5rem;border-bottom:1px solid #eee;overflow-wrap:anywhere}
dl.row dt{background:#f3f3f3;color:#333}
dl.row .mark{background:#fde2e0;font-weight:bold}
dl.row dd.mark{outline:2px solid #b3261e;outline-offset:-2px}
ol.lines{list-style:none;margin:.25rem 0 0;padding:0;border:1px solid #ddd;font-family:ui-monospace,Consolas,"Microsoft YaHei",monospace;font-size:.9rem}
ol.lines li{display:grid;grid-template-columns:minmax(3.5rem,max-content) 1fr;border-bottom:1px solid #eee}
ol.lines .ln{padding:.2rem .5rem;background:#f3f3f3;color:#555;text-align:right;font-variant-numeric:tabular-nums}
ol.lines code{padding:.2rem .5rem;white-space:pre-wrap;overflow-wrap:anywhere;font-family:inherit}
ol.lines li.mark code{background:#fde2e0;outline:2px solid #b3261e;outline-offset:-2px}
ol.lines li.mark .ln{font-weight:bold;color:#b3261e}
.empty{color:#666}
tbody th{overflow-wrap:anywhere}
@media (max-width:40rem){
dl.row{grid-template-columns:1fr}dl.row dt{border-bottom:0}
table.files,table.files tbody,table.files tr,table.files th,table.files td{display:block}
table.files thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
table.files tr{border:1px solid #ccc;border-radius:6px;margin:0 0 .5rem;padding:.4rem .6rem;background:#fff}
table.files th,table.files td{border:0;padding:.1rem 0}
table.files td{display:inline-block;margin-right:1rem;text-align:left}
table.files td::before{content:attr(data-label) " ";color:#555}
}
</style>
</head>
<body>
<main>
<h1>数据检查报告</h1>
<div class="summary {{if .Errors}}bad{{else}}ok{{end}}">
<p>共读取 {{.Rows}} 行数据，发布 {{.Records}} 条记录，<strong>未发布 {{.Skipped}} 行</strong>；错误 {{.Errors}} 个，警告 {{.Warnings}} 个{{if .Strict}}（其中 {{.Strict}} 个警告在 --strict 时为错误）{{end}}。</p>
{{if .Errors}}<p>有“错误”的行没有发布，其余行照常发布。请按每条问题下的说明改正后重新报送。</p>{{else if .Warnings}}<p>没有错误，所有行都已发布；“警告”请核实。</p>{{else}}<p>没有发现问题。</p>{{end}}
<p>为保护个人信息，身份证号、手机号等已部分隐去（如 4205**********1234）。行号与 <code>creditsite check</code> 的文字输出相同：CSV 文件为 文件:行号（记事本中的行号），工作簿为 文件:工作表!行号（Excel 左边的行号）。</p>
</div>
{{with .Files}}
<h2 id="files" style="margin-top:1.5rem">各文件情况</h2>
<div class="wide">
<table class="files">
<thead><tr><th scope="col">文件</th><th scope="col" class="n">读取行数</th><th scope="col" class="n">已发布</th><th scope="col" class="n">未发布</th><th scope="col" class="n">错误</th><th scope="col" class="n">警告</th></tr></thead>
<tbody>
{{range $i, $f := .}}<tr><th scope="row">{{if .Problems}}<a href="#f{{$i}}">{{.Name}}</a>{{else}}{{.Name}}{{end}}</th><td class="n" data-label="读取">{{.Rows}}</td><td class="n" data-label="已发布">{{.Published}}</td><td class="n" data-label="未发布">{{.LeftOut}}</td><td class="n" data-label="错误">{{.Errors}}</td><td class="n" data-label="警告">{{.Warnings}}</td></tr>
{{end}}</tbody>
</table>
</div>
{{end}}
{{range $i, $f := .Files}}{{if .Problems}}
<section class="file" id="f{{$i}}" aria-labelledby="h{{$i}}">
<h2 id="h{{$i}}">{{.Name}}</h2>
<p class="counts">读取 {{.Rows}} 行，已发布 {{.Published}} 条，未发布 {{.LeftOut}} 行；错误 {{.Errors}} 个，警告 {{.Warnings}} 个。</p>
<ol class="problems">
{{range .Problems}}{{$it := .}}<li class="card">
<div class="where">{{.Where}}</div>
<ol class="notes">
{{$num := .Numbered}}{{range $n, $note := .Notes}}<li>{{if $num}}<span class="num">{{inc $n}}.</span>{{end}}<span class="tag {{if .Error}}e{{else}}w{{end}}">{{if .Error}}错误{{else if .Strict}}警告（--strict 时为错误）{{else}}警告{{end}}</span>{{.Msg}}
{{with .Fix}}<p class="fix"><strong>怎么改：</strong>{{.}}</p>{{end}}</li>
{{end}}</ol>
{{with .Row}}<p class="label">{{if .Header}}表头行（按 Excel 的列标）{{else}}这一行的内容（原样）{{end}}</p>{{template "row" .}}{{end}}
{{with .Other}}<p class="label">{{if $it.IsDuplicate}}它重复的那一行（先出现，已发布）{{else}}网站采用其企业名称的最新记录（供对照）{{end}}：<span class="where">{{.Where}}</span></p>{{template "row" .}}{{end}}
{{with .Lines}}<p class="label">{{if $it.InWorkbook}}工作表开头几行（空行略去，行号同 Excel 左边的行号，各格以 | 分隔）{{else if $it.OfFile}}文件开头几行（原样，行号同记事本）{{else}}文件中这几行的原样内容（行号同记事本，标出的是有问题的行）{{end}}</p>
<ol class="lines">
{{range .}}<li{{if .Bad}} class="mark"{{end}}><span class="ln">{{.Place}}</span><code>{{if .Text}}{{.Text}}{{else}}<span class="empty">（空行）</span>{{end}}</code></li>
{{end}}</ol>{{end}}
</li>
{{end}}</ol>
</section>
{{end}}{{end}}
</main>
</body>
</html>
`))

// rowTemplate shows one row as typed, each cell under its column with the
// bad ones marked (and, when a place has several problems, numbered).
const rowTemplate = `{{define "row"}}<dl class="row" aria-label="{{.Where}} 这一行的内容（标出的是有问题的单元格）">
{{range .Shown}}<dt{{if .Bad}} class="mark"{{end}}>{{if .Header}}{{.Header}}{{else}}（无表头）{{end}}{{if .Bad}}<strong>（有问题{{if $.Numbered}}{{range $i, $n := .Bad}}{{if eq $i 0}}：{{else}}、{{end}}{{$n}}{{end}}{{end}}）</strong>{{end}}</dt><dd{{if .Bad}} class="mark"{{end}}>{{if .Value}}{{.Value}}{{else}}<span class="empty">（空）</span>{{end}}</dd>
{{end}}</dl>{{end}}`
