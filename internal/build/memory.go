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
