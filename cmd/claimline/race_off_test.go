//go:build !race

package main

// raceDetector is true when the tests run with -race: the tests that start
// the real binary several times skip then (they run in the plain pass).
const raceDetector = false
