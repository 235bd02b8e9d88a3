//go:build race

package api_test

// raceDetector is true when the tests run with -race. The test that pages
// through 10,000 entries measures nothing the race detector can add to:
// it runs once, in the plain pass, and the paging code runs under -race in
// the smaller tests.
const raceDetector = true
