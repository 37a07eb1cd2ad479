//go:build !unix

package main

import "os"

// peakRSS is 0 where the OS reports no peak memory of a finished child
// (Windows): the benchmark then prints 0 MB for it.
func peakRSS(*os.ProcessState) int64 { return 0 }
