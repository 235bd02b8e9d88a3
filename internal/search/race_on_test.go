//go:build race

package search_test

// raceDetector is true when the tests run with -race. The comparisons with
// FTS5 start no goroutines and skip under it: the race detector makes
// SQLite's pure-Go code several times slower and finds nothing in them.
const raceDetector = true
