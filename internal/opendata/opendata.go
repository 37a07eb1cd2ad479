// Package opendata publishes the two columns as downloadable Excel
// workbooks, CSV and JSON with exactly the fields the pages show, and
// reads them back.
//
// The fields are the published columns of the notice's tables as package
// schema declares them (header = the notice's name, JSON key = the
// column's Key, value = its Get), followed by 报送单位. Adding or renaming
// a column in schema changes the downloads, and README.md must follow:
// a test checks it.
//
// The .xlsx workbook is the download for Excel: a CSV opened in Excel
// loses data (an all-digit credit code becomes 9.14206E+17 with digits
// 16–18 zeroed, 0042050012345678 loses its zeros), a workbook's typed
// cells do not. Codes and certificate numbers are text cells formatted as
// text, dates are date cells formatted yyyy-mm-dd, the header row is
// frozen and columns are sized to their content (see workbook). The same
// data gives the same bytes.
//
// CSV files are for programs: UTF-8 with a byte order mark, the Chinese
// column names of the notice's tables as headers and CRLF line ends. A
// cell that a spreadsheet would run as a formula (one starting with = + -
// @, a tab or a carriage return) gets a leading apostrophe; so does a cell
// that itself starts with an apostrophe, which keeps the encoding
// reversible: readers drop one leading apostrophe.
//
// JSON files hold an array of objects, keys in the same order as the CSV
// columns. Dates are "YYYY-MM-DD", "YYYY-MM" when only the month is known,
// or "" when not given. Records come newest first, as on the pages.
package opendata

import (
	"fmt"

	"creditsite/internal/model"
	"creditsite/internal/schema"
)

// The download's columns: the notice's published columns, then 报送单位.
var (
	disclosureColumns = withUnit(schema.Disclosures, func(d *model.Disclosure) *model.Source { return &d.Source })
	commitmentColumns = withUnit(schema.Commitments, func(c *model.Commitment) *model.Source { return &c.Source })
)

// withUnit returns t's published columns followed by 报送单位. The pages
// show who sent each record, so the downloads do too; it is no column of
// the notice's tables (the upward report files records by unit instead),
// which is why it is declared here and not in schema.
func withUnit[R any](t *schema.Table[R], src func(*R) *model.Source) []schema.Column[R] {
	unit := schema.Column[R]{Name: "报送单位", Key: "reporting_unit", Kind: schema.Line,
		Get: func(r *R) string { return src(r).Unit },
		Set: func(r *R, s string) error { src(r).Unit = s; return nil }}
	return append(t.Published(), unit)
}

// headers returns the columns' CSV headers.
func headers[R any](cols []schema.Column[R]) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

// values returns r's published values in column order.
func values[R any](cols []schema.Column[R], r *R) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Get(r)
	}
	return out
}

// record rebuilds a record from its published values; value(i) is the
// value of cols[i].
func record[R any](cols []schema.Column[R], value func(i int) string) (*R, error) {
	r := new(R)
	for i, c := range cols {
		if err := c.Set(r, value(i)); err != nil {
			return nil, fmt.Errorf("%s：%v", c.Name, err)
		}
	}
	return r, nil
}
