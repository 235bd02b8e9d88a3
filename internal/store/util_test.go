package store_test

import "os"

func mkdirAll(p string) error { return os.MkdirAll(p, 0o755) }

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
