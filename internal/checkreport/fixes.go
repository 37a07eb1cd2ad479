package checkreport

import "strings"

// fix pairs a sign in a problem's message with the rule behind it and
// what the clerk should do, in the words of the README's 常见提示 table.
type fix struct {
	signs []string // the message holds all of them
	text  string
}

// fixes is the one place that maps a kind of problem to its advice; the
// first entry whose signs all appear wins, so narrower entries come first.
var fixes = []fix{
	{[]string{"疑似身份证号"}, "代码栏填的是身份证号（个人信息，不得公布）。请填写企业营业执照上的统一社会信用代码。"},
	{[]string{"数字格式"}, "Excel 只保留 15 位有效数字，代码末尾几位已丢失，无法从文件中恢复。请向企业或在国家企业信用信息公示系统查得原代码，把该列设为“文本”格式后重新填写。"},
	{[]string{"当成数字"}, "Excel 只保留 15 位有效数字，代码末尾几位已丢失，无法从文件中恢复。请向企业或在国家企业信用信息公示系统查得原代码，把该列设为“文本”格式后重新填写。"},
	{[]string{"统一社会信用代码", "未通过校验"}, "代码抄错了（国家标准 GB 32100 的校验不通过）。请向企业（营业执照）或在国家企业信用信息公示系统核实原代码。不要只改最后一位来“凑”通过校验：那样得到的是别人的或不存在的代码。"},
	{[]string{"统一社会信用代码", "应为18位"}, "代码位数不对，常见于多打或漏打一位。请按营业执照核实。"},
	{[]string{"统一社会信用代码", "位"}, "代码的结构不对（登记管理部门、机构类别或行政区划）。请按营业执照核实原代码。"},
	{[]string{"个人信息"}, "身份证号、手机号、带区号的固定电话、电子邮箱不能公开。请删去后重新报送。"},
	{[]string{"填报单位", "手机"}, "网站只显示单位名称。请在表中删去电话。"},
	{[]string{"填报单位：××"}, "网站上的报送单位会显示为文件名。请把文件改名为单位拼音（如 xiling.csv），或在表头上方加一行“填报单位：××”。"},
	{[]string{"比表头"}, "某一格里的逗号（或分号、制表符）没有加引号，后面各列错位了。请在 Excel 中改正后重新导出，或直接使用 .xlsx 工作簿。"}, // its message names the missing quotes too
	{[]string{"引号"}, "用记事本改过的 CSV 里多了一个英文引号（\"）。请在 Excel 中改正该单元格后重新另存为“CSV UTF-8”，或直接使用 .xlsx 工作簿。"},
	{[]string{"“?”"}, "生僻字可能在另存为“CSV（逗号分隔）”时变成了“?”。请另存为“CSV UTF-8（逗号分隔）”或直接使用 .xlsx 工作簿。"},
	{[]string{"零宽或不可见字符"}, "从网页、微信复制时带进来的看不见的字符，已自动去除，无需处理；如经常出现，请检查数据来源。"},
	{[]string{"续行"}, "一家企业多张证书时合并的单元格另存为 CSV 后成了空白，已按上一行的企业发布。如果不是同一家企业，请补全。"},
	{[]string{"另一张表"}, "同一个表格下面又接了一张别的表，这些行都未发布。请把不同的表分开放进各自的文件夹。"},
	{[]string{"附件1"}, "附件1《重点关注对象表》放错了文件夹，整表未读取。请放进 data/focus/。"},
	{[]string{"表头含有", "应放在"}, "按表头看，这是另一张表，放错了文件夹，整个文件未读取。请把文件移到上面所说的文件夹；如果确是这张表，请换用通知附带的模板表头。"},
	{[]string{"表头没有", "任何内容列"}, "表头里没有这张表的任何内容列，整个文件未读取。请使用通知附带的模板，列名与模板一致。"},
	{[]string{"表头缺少"}, "表头少了必需的列（列名须与模板一致，如“统一社会信用代码”不能写成“信用代码”），整个文件未读取。请按通知附带的模板改正表头后重新报送。"},
	{[]string{"列出现了不止一次"}, "表头中同一列名出现了两次，只读取了第一列。请删去多余的列，或改正列名。"},
	{[]string{"缺少"}, "必填项为空：企业名称、统一社会信用代码；承诺表另有信用承诺类型、信用承诺事项、做出信用承诺时间。请补全。"},
	{[]string{"没有任何补充公示内容"}, "附件2 的一行只有企业名称和代码，没有证书、信用报告或其他补充公示信息。请补全或删去这一行。"},
	{[]string{"信用承诺类型", "无效"}, "信用承诺类型只能是 主动公示型、审批替代型、行业自律型、信用修复型 之一。"},
	{[]string{"不是有效日期"}, "日期写错了。可写作 2018-12-17、2018/12/17、2018.12.17、2018年12月17日 或 二〇一八年十二月十七日，只有年月的写作 2018年12月。"},
	{[]string{"找不到表头"}, "文件里没有同时含“企业名称”和“统一社会信用代码”的表头行。请使用通知附带的模板。"},
	{[]string{".xls"}, "请在 Excel 或 WPS 中另存为 .xlsx 工作簿。"},
	{[]string{"隐藏"}, "隐藏的行和工作表照常发布；不该发布的请删除。"},
	{[]string{"无法识别的文字"}, "文件中有乱码行。请整表另存为“CSV UTF-8”或直接使用 .xlsx 工作簿。"},
	{[]string{"不一致"}, "同一统一社会信用代码的几条记录企业名称不同（企业改名，或代码、名称填错），网站显示最新一条记录中的名称。请对照下面两行核实：名称填错的请改正，代码填错的请按营业执照改正代码。"},
	{[]string{"完全相同"}, "重复报送，只发布一次，无需处理。"},
	{[]string{"不认识的列"}, "表中有模板之外的列，该列不会发布。"},
	{[]string{"有效期"}, "有效期写法无法识别截止日期，按原文显示，不判断是否过期。"},
	{[]string{"示例数据"}, "creditsite gen 生成的示例数据（不是真实企业）会和真实数据一起发布。请删除示例文件，并把 config.yaml 的 sampleData 设为 false。"},
	{[]string{"是文件夹"}, "数据文件夹里不能再分子文件夹。请把文件直接放在 data/disclosures/、data/commitments/ 下。"},
	{[]string{"符号链接"}, "只读取普通文件。请把文件本身放进文件夹。"},
}

// advice returns what to do about a problem, or "" when no entry fits
// (the message itself then says it).
func advice(msg string) string {
	for _, f := range fixes {
		if containsAll(msg, f.signs) {
			return f.text
		}
	}
	return ""
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
