package searchindex

import (
	"testing"

	"creditsite/internal/ingest"
)

func TestZZStats(t *testing.T) {
	res, err := ingest.Load("/dev/shm/s", ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := indexAndRead(res.Dataset.Enterprises); err != nil {
		t.Fatal(err)
	}
}
