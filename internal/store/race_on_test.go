//go:build race

package store

// RaceDetector is true when the tests run with -race. Tests that measure
// quality or sizes, and start no goroutines of their own, skip under it:
// the race detector makes SQLite's pure-Go code several times slower and
// finds nothing in them that the plain run does not.
const RaceDetector = true
