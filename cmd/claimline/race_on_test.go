//go:build race

package main

// raceDetector is true when the tests run with -race: sequential,
// CPU-bound tests skip under it (skipUnderRace).
const raceDetector = true
