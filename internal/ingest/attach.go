package ingest

import (
	"creditsite/internal/humanize"

	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"creditsite/internal/model"
	"creditsite/internal/uscc"
)

// magic is the start of every file type published as an attachment.
var magic = map[string][]byte{
	".pdf":  []byte("%PDF-"),
	".jpg":  {0xFF, 0xD8, 0xFF},
	".jpeg": {0xFF, 0xD8, 0xFF},
	".png":  {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
}

// attach lists data/attachments/<统一社会信用代码>/* into the enterprises.
// Symbolic links are never followed.
func (l *loader) attach(sourceDir, dataDir string, ds *model.Dataset) error {
	dir := filepath.Join(dataDir, "attachments")
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("无法读取文件夹 %s：%v", dir, err)
	}
	if !fi.IsDir() {
		l.add(rel(sourceDir, dir), 0, Error, "应为文件夹（不能是快捷方式或文件），附件均未发布")
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("无法读取文件夹 %s：%v", dir, err)
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		file := rel(sourceDir, p)
		switch {
		case isJunk(e.Name()):
		case e.Type()&fs.ModeSymlink != 0:
			l.add(file, 0, Error, "是快捷方式（符号链接），出于安全考虑不读取")
		case !e.IsDir():
			l.add(file, 0, Error, "附件应放在以统一社会信用代码命名的文件夹中（attachments/统一社会信用代码/文件名），此文件未发布")
		default:
			code := normCode(e.Name())
			ent := ds.Enterprise(code)
			if ent == nil {
				why := "没有已发布的记录"
				if err := uscc.Validate(code); err != nil {
					why = "不是有效的统一社会信用代码（" + err.Error() + "）"
				}
				l.add(file, 0, Error, "文件夹名“%s”%s，其中的附件未发布", e.Name(), why)
				continue
			}
			if err := l.attachFolder(sourceDir, p, ent); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *loader) attachFolder(sourceDir, dir string, ent *model.Enterprise) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("无法读取文件夹 %s：%v", dir, err)
	}
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(dir, name)
		file := rel(sourceDir, p)
		if isJunk(name) {
			continue
		}
		if msg := l.refuse(name, p, e); msg != "" {
			l.add(file, 0, Error, "%s，此附件未发布", msg)
			continue
		}
		info, err := e.Info()
		if err != nil {
			return fmt.Errorf("无法读取文件 %s：%v", p, err)
		}
		ent.Attachments = append(ent.Attachments, model.Attachment{Name: name, Path: p, Size: info.Size()})
	}
	return nil
}

// refuse says why an attachment cannot be published, or "".
func (l *loader) refuse(name, p string, e fs.DirEntry) string {
	switch {
	case e.Type()&fs.ModeSymlink != 0:
		return "是快捷方式（符号链接），出于安全考虑不读取"
	case e.IsDir():
		return "附件文件夹中不能再有子文件夹"
	case !e.Type().IsRegular():
		return "不是普通文件"
	case !safeName(name):
		return "文件名含有不允许的字符（如 ..、/、\\、控制字符）"
	}
	want, ok := magic[strings.ToLower(filepath.Ext(name))]
	if !ok {
		return "只发布 PDF、JPG、PNG 格式的扫描件"
	}
	info, err := e.Info()
	if err != nil {
		return "无法读取文件信息"
	}
	if info.Size() > l.opt.MaxAttachmentBytes {
		return fmt.Sprintf("文件大小 %s 超过上限 %s", humanize.Bytes(info.Size()), humanize.Bytes(l.opt.MaxAttachmentBytes))
	}
	head, err := readHead(p, len(want))
	if err != nil || !bytes.Equal(head, want) {
		return fmt.Sprintf("文件内容不是 %s 格式（扩展名与内容不符）", strings.ToUpper(strings.TrimPrefix(filepath.Ext(name), ".")))
	}
	return ""
}

func readHead(p string, n int) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, n)
	_, err = io.ReadFull(f, b)
	return b, err
}

// safeName reports whether name is a plain file name that stays inside its
// folder wherever it is copied to (no path elements, no hidden files).
func safeName(name string) bool {
	if name == "" || strings.HasPrefix(name, ".") || filepath.IsAbs(name) || !utf8.ValidString(name) {
		return false
	}
	for _, r := range name {
		if r == '/' || r == '\\' || r == ':' || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// Readme is the note `creditsite init` leaves in each data folder to say
// what goes there; it is never read as data.
const Readme = "说明.txt"

// isJunk reports files that operating systems (or init) leave in folders.
func isJunk(name string) bool {
	switch strings.ToLower(name) {
	case ".ds_store", "thumbs.db", "desktop.ini", "__macosx", Readme:
		return true
	}
	return false
}
