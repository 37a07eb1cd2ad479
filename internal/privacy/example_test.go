package privacy_test

import (
	"fmt"

	"creditsite/internal/privacy"
)

func ExampleDetector_Find() {
	var d privacy.Detector
	s := "法人身份证420502199001010044，联系电话13900000006"
	for _, m := range d.Find(s) {
		fmt.Println(m.Kind, s[m.Start:m.End])
	}
	// Output:
	// 身份证号 420502199001010044
	// 手机号码 13900000006
}

func ExampleDetector_Strip() {
	var d privacy.Detector
	unit, ms := d.Strip("宜都市发改局（联系电话：0717-4822222）")
	fmt.Println(unit, len(ms), ms[0].Kind)
	// Output: 宜都市发改局 1 固定电话
}
