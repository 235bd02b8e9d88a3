//go:build !linux

package store_test

import "time"

// threadCPU is not measured here: the benchmarks report wall time only.
func threadCPU() time.Duration { return 0 }

func processCPU() time.Duration { return 0 }

func lockThread() func() { return func() {} }
