//go:build !race

package store

// RaceDetector is true when the tests run with -race (see race_on_test.go).
const RaceDetector = false
