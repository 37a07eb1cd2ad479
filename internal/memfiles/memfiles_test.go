package memfiles

import "testing"

func TestFiles(t *testing.T) {
	var f Files
	data := []byte("<p>一</p>")
	if err := f.WriteFile("a/index.html", data); err != nil {
		t.Fatal(err)
	}
	data[3] = 'x' // the writer's buffer may be reused: the kept file must not change
	if got := string(f.Map()["a/index.html"]); got != "<p>一</p>" {
		t.Errorf("kept %q", got)
	}
	if err := f.WriteFile("a/index.html", data); err == nil {
		t.Error("writing a file twice: no error")
	}
}
