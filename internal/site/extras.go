package site

import (
	"creditsite/internal/feed"
	"creditsite/internal/opendata"
)

// statsPage renders /stats/ with the counts and charts of package stats.
func (b *builder) statsPage() job {
	return b.render("stats.html", b.page("stats/", "统计", "stats", b.stats))
}

// searchPage renders /search/; the index it reads is written by package
// searchindex in its own build stage.
func (b *builder) searchPage() job {
	return b.render("search.html", b.page("search/", "搜索", "search", nil))
}

func (b *builder) feed() job {
	return func(w Writer) (int, error) {
		data, err := feed.Atom(b.in.Data, b.in.Config)
		if err != nil {
			return 0, err
		}
		return 0, w.WriteFile("feed.xml", data)
	}
}

// Open-data downloads, linked from the column pages.
var (
	disclosureDownloads = []Link{{Title: "Excel 表格（.xlsx）", URL: "opendata/disclosures.xlsx"},
		{Title: "CSV（UTF-8）", URL: "opendata/disclosures.csv"}, {Title: "JSON", URL: "opendata/disclosures.json"}}
	commitmentDownloads = []Link{{Title: "Excel 表格（.xlsx）", URL: "opendata/commitments.xlsx"},
		{Title: "CSV（UTF-8）", URL: "opendata/commitments.csv"}, {Title: "JSON", URL: "opendata/commitments.json"}}
)

func (b *builder) openData() []job {
	ds := b.in.Data
	file := func(name string, data func() ([]byte, error)) job {
		return func(w Writer) (int, error) {
			out, err := data()
			if err != nil {
				return 0, err
			}
			return 0, w.WriteFile(name, out)
		}
	}
	return []job{
		file("opendata/disclosures.xlsx", func() ([]byte, error) { return opendata.DisclosuresXLSX(ds) }),
		file("opendata/disclosures.csv", func() ([]byte, error) { return opendata.DisclosuresCSV(ds), nil }),
		file("opendata/disclosures.json", func() ([]byte, error) { return opendata.DisclosuresJSON(ds) }),
		file("opendata/commitments.xlsx", func() ([]byte, error) { return opendata.CommitmentsXLSX(ds) }),
		file("opendata/commitments.csv", func() ([]byte, error) { return opendata.CommitmentsCSV(ds), nil }),
		file("opendata/commitments.json", func() ([]byte, error) { return opendata.CommitmentsJSON(ds) }),
	}
}
