package main

import (
	"net"
	"strconv"
	"strings"
	"testing"
)

// A PostgreSQL database that cannot be reached at start: every command that
// opens the database says which one and why, shows no password, and exits
// non-zero.
func TestUnreachablePostgresAtStart(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close() // nothing listens there now
	db := "postgres://ann:s3cret@127.0.0.1:" + port + "/claims?sslmode=disable"
	for _, args := range [][]string{
		{"serve", "--db", db, "--addr", "127.0.0.1:0"},
		{"search", "--db", db, "anything"},
		{"reindex", "--db", db},
	} {
		code, out, errs := cli(t, "", nil, args...)
		if code == 0 {
			t.Errorf("%s: exit 0 with the database out of reach", args[0])
		}
		if !strings.Contains(errs, "cannot reach the PostgreSQL database 127.0.0.1:"+port+"/claims") {
			t.Errorf("%s: stderr does not say which database cannot be reached: %q", args[0], errs)
		}
		if strings.Contains(out+errs, "s3cret") {
			t.Errorf("%s: the password was shown: %q %q", args[0], out, errs)
		}
	}
	code, _, errs := cli(t, "", map[string]string{"CLAIMLINE_DB": db}, "token", "list")
	if code == 0 || !strings.Contains(errs, "cannot reach") || strings.Contains(errs, "s3cret") {
		t.Errorf("CLAIMLINE_DB: exit %d, stderr %q", code, errs)
	}
}
