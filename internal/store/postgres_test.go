package store_test

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"claimline/internal/store"
)

func TestIsPostgresAndDescribe(t *testing.T) {
	cases := []struct {
		addr     string
		postgres bool
		describe string
	}{
		{"claimline.db", false, "claimline.db"},
		{"/var/lib/claimline/postgres.db", false, "/var/lib/claimline/postgres.db"},
		{"postgres://ann:s3cret@db.example.org:6543/claims?sslmode=require", true, "postgres://ann@db.example.org:6543/claims"},
		{"postgresql://ann@db.example.org/claims?password=s3cret", true, "postgres://ann@db.example.org:5432/claims"},
	}
	for _, c := range cases {
		if got := store.IsPostgres(c.addr); got != c.postgres {
			t.Errorf("IsPostgres(%q) = %v", c.addr, got)
		}
		got := store.Describe(c.addr)
		if got != c.describe {
			t.Errorf("Describe(%q) = %q, want %q", c.addr, got, c.describe)
		}
		if strings.Contains(got, "s3cret") {
			t.Errorf("Describe(%q) shows the password", c.addr)
		}
	}
}

// A PostgreSQL address that answers nothing fails Open at once, with a
// message naming the database and not its password.
func TestOpenPostgresUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	addr := "postgres://ann:s3cret@127.0.0.1:" + strconv.Itoa(port) + "/claims?sslmode=disable"
	st, err := store.Open(ctx, addr)
	if err == nil {
		st.Close()
		t.Fatal("Open succeeded on a port where nothing listens")
	}
	msg := err.Error()
	if !strings.Contains(msg, "cannot reach the PostgreSQL database 127.0.0.1:"+strconv.Itoa(port)+"/claims") {
		t.Errorf("message does not say which database cannot be reached: %s", msg)
	}
	if strings.Contains(msg, "s3cret") {
		t.Errorf("message shows the password: %s", msg)
	}
}

func TestOpenPostgresBadURL(t *testing.T) {
	_, err := store.Open(context.Background(), "postgres://ann:s3cret@127.0.0.1:notaport/claims")
	if err == nil {
		t.Fatal("Open accepted a URL with a bad port")
	}
	if !strings.Contains(err.Error(), "not a PostgreSQL URL") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("message: %v", err)
	}
}
