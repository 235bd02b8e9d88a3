//go:build race

package exchange_test

// raceDetector is true when the tests run with -race (see skipUnderRace).
const raceDetector = true
