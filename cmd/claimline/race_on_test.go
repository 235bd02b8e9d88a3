//go:build race

package main

// raceDetector is true when the tests run with -race: sequential,
// CPU-bound tests, and those that start the real binary several times,
// skip then (they run in the plain pass).
const raceDetector = true
