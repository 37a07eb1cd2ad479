package build

import (
	"os"
	"runtime/debug"
)

// A build is a short batch job, so the garbage collector may let the heap
// grow to three times what is live (gcPercent) instead of twice, which
// saves a tenth of a county-sized build's time, until the heap reaches
// memoryLimit: past it the collector works harder, so that large builds (a
// province's half a million commitments) stay under 2 GB on an ordinary
// machine.
const (
	gcPercent   = 200
	memoryLimit = 1800 << 20
)

// indexGCPercent is the garbage collector's percent while the search
// index is built beside the pages. The index holds 50–100 MB at a time
// (a batch's analysis, the forward lists, scorch's segment builder), which
// at gcPercent let the heap grow 150–200 MB more than the pages alone
// need: as many more pages of memory the kernel had to fault in (55,000
// at 10k/50k, a second of system time). Collecting at twice the live heap
// instead faults 35,000 fewer and costs about a CPU-second less; a build
// without the index is not affected (it has none to build).
const indexGCPercent = 100

// collectSoonerWhileIndexing sets indexGCPercent, unless the GOGC
// environment variable says otherwise, and returns what sets the percent
// back.
func collectSoonerWhileIndexing() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	was := debug.SetGCPercent(indexGCPercent)
	return func() { debug.SetGCPercent(was) }
}

// TuneMemory sets the garbage collector for builds, unless the GOGC and
// GOMEMLIMIT environment variables say otherwise. The command calls it,
// and so do the benchmarks, so that they measure what users run.
func TuneMemory() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
