//go:build race

package exchange_test

// raceDetector is true when the tests run with -race. The spreadsheet round
// trips run Gnumeric, a program of its own, and import on one goroutine:
// they run once, in the plain pass.
const raceDetector = true
