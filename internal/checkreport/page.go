package checkreport

import "html/template"

// page is the whole report: inline CSS, no script and nothing fetched, so
// it opens the same from a mail attachment, a USB stick or /_check/.
var page = template.Must(template.New("check").Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>数据检查报告</title>
<style>
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1a1a1a;background:#f5f5f2}
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
dl.row{display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;margin:.5rem 0 0;border:1px solid #ddd}
dl.row dt,dl.row dd{margin:0;padding:.25rem .5rem;border-bottom:1px solid #eee;overflow-wrap:anywhere}
dl.row dt{background:#f3f3f3;color:#333}
dl.row .mark{background:#fde2e0;font-weight:bold}
dl.row dd.mark{outline:2px solid #b3261e;outline-offset:-2px}
.empty{color:#666}
tbody th{overflow-wrap:anywhere}
@media (max-width:30rem){dl.row{grid-template-columns:1fr}dl.row dt{border-bottom:0}
table{font-size:.875rem}th,td{padding:.3rem .3rem}}
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
<table>
<thead><tr><th scope="col">文件</th><th scope="col" class="n">读取行数</th><th scope="col" class="n">已发布</th><th scope="col" class="n">未发布</th><th scope="col" class="n">错误</th><th scope="col" class="n">警告</th></tr></thead>
<tbody>
{{range $i, $f := .}}<tr><th scope="row">{{if .Problems}}<a href="#f{{$i}}">{{.Name}}</a>{{else}}{{.Name}}{{end}}</th><td class="n">{{.Rows}}</td><td class="n">{{.Published}}</td><td class="n">{{.LeftOut}}</td><td class="n">{{.Errors}}</td><td class="n">{{.Warnings}}</td></tr>
{{end}}</tbody>
</table>
</div>
{{end}}
{{range $i, $f := .Files}}{{if .Problems}}
<section class="file" id="f{{$i}}" aria-labelledby="h{{$i}}">
<h2 id="h{{$i}}">{{.Name}}</h2>
<p class="counts">读取 {{.Rows}} 行，已发布 {{.Published}} 条，未发布 {{.LeftOut}} 行；错误 {{.Errors}} 个，警告 {{.Warnings}} 个。</p>
<ol class="problems">
{{range .Problems}}<li>
<div><span class="tag {{if .Error}}e{{else}}w{{end}}">{{if .Error}}错误{{else if .Strict}}警告（--strict 时为错误）{{else}}警告{{end}}</span><span class="where">{{.Where}}</span></div>
<p class="msg">{{.Msg}}</p>
{{with .Fix}}<p class="fix"><strong>怎么改：</strong>{{.}}</p>{{end}}
{{with .Cells}}<dl class="row" aria-label="这一行的内容（标出的是有问题的单元格）">
{{range .}}<dt{{if .Bad}} class="mark"{{end}}>{{if .Header}}{{.Header}}{{else}}（无表头）{{end}}{{if .Bad}}<strong>（有问题）</strong>{{end}}</dt><dd{{if .Bad}} class="mark"{{end}}>{{if .Value}}{{.Value}}{{else}}<span class="empty">（空）</span>{{end}}</dd>
{{end}}</dl>{{end}}
</li>
{{end}}</ol>
</section>
{{end}}{{end}}
</main>
</body>
</html>
`))
