package opendata

import (
	"encoding/json"
	"fmt"

	"creditsite/internal/model"
)

// DisclosuresJSON returns the disclosures as a JSON array.
func DisclosuresJSON(ds *model.Dataset) ([]byte, error) {
	out := make([]Disclosure, len(ds.Disclosures))
	for i, d := range ds.Disclosures {
		out[i] = fromDisclosure(d)
	}
	return marshal(out)
}

// CommitmentsJSON returns the commitments as a JSON array.
func CommitmentsJSON(ds *model.Dataset) ([]byte, error) {
	out := make([]Commitment, len(ds.Commitments))
	for i, c := range ds.Commitments {
		out[i] = fromCommitment(c)
	}
	return marshal(out)
}

// marshal writes one record per line: small, yet readable and diffable.
func marshal[T any](records []T) ([]byte, error) {
	b := []byte("[")
	for i, r := range records {
		line, err := json.Marshal(r) // escapes <, > and & as \u003c etc.
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(append(b, '\n'), line...)
	}
	return append(b, "\n]\n"...), nil
}

// ParseDisclosuresJSON reads a file written by DisclosuresJSON.
func ParseDisclosuresJSON(b []byte) ([]*model.Disclosure, error) {
	var in []Disclosure
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, err
	}
	out := make([]*model.Disclosure, len(in))
	for i, d := range in {
		var err error
		if out[i], err = d.model(); err != nil {
			return nil, fmt.Errorf("第 %d 条：%v", i+1, err)
		}
	}
	return out, nil
}

// ParseCommitmentsJSON reads a file written by CommitmentsJSON.
func ParseCommitmentsJSON(b []byte) ([]*model.Commitment, error) {
	var in []Commitment
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, err
	}
	out := make([]*model.Commitment, len(in))
	for i, c := range in {
		var err error
		if out[i], err = c.model(); err != nil {
			return nil, fmt.Errorf("第 %d 条：%v", i+1, err)
		}
	}
	return out, nil
}
