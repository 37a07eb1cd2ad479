package opendata

import (
	"encoding/json"
	"fmt"

	"creditsite/internal/model"
	"creditsite/internal/schema"
)

// DisclosuresJSON returns the disclosures as a JSON array. The error is
// always nil (every string encodes); it is kept for callers that treat
// all downloads alike.
func DisclosuresJSON(ds *model.Dataset) ([]byte, error) {
	return marshal(disclosureColumns, ds.Disclosures), nil
}

// CommitmentsJSON returns the commitments as a JSON array; the error is
// always nil, as for DisclosuresJSON.
func CommitmentsJSON(ds *model.Dataset) ([]byte, error) {
	return marshal(commitmentColumns, ds.Commitments), nil
}

// marshal writes one record per line: small, yet readable and diffable.
func marshal[R any](cols []schema.Column[R], records []*R) []byte {
	b := []byte("[")
	for i, r := range records {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendObject(append(b, '\n'), cols, r)
	}
	return append(b, "\n]\n"...)
}

// appendObject writes r as an object whose keys follow the column order,
// which a map (sorted keys) would not keep.
func appendObject[R any](b []byte, cols []schema.Column[R], r *R) []byte {
	b = append(b, '{')
	for i, c := range cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendString(b, c.Key), ':')
		b = appendString(b, c.Get(r))
	}
	return append(b, '}')
}

// appendString writes s as json.Marshal does: escaping <, > and & as
// \u003c etc., so that the file is safe to inline in HTML.
func appendString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always encodes
	return append(b, q...)
}

// ParseDisclosuresJSON reads a file written by DisclosuresJSON.
func ParseDisclosuresJSON(b []byte) ([]*model.Disclosure, error) {
	return unmarshal(disclosureColumns, b)
}

// ParseCommitmentsJSON reads a file written by CommitmentsJSON.
func ParseCommitmentsJSON(b []byte) ([]*model.Commitment, error) {
	return unmarshal(commitmentColumns, b)
}

// unmarshal reads records back; a missing key reads as "", unknown keys
// are ignored.
func unmarshal[R any](cols []schema.Column[R], b []byte) ([]*R, error) {
	var in []map[string]string
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, err
	}
	out := make([]*R, len(in))
	for i, obj := range in {
		var err error
		if out[i], err = record(cols, func(j int) string { return obj[cols[j].Key] }); err != nil {
			return nil, fmt.Errorf("第 %d 条：%v", i+1, err)
		}
	}
	return out, nil
}
