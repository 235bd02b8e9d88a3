package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/fetch"
	"claimline/internal/store"
)

// pageServer serves text/plain at /story on 127.0.0.2 (body holds it) and
// 404 elsewhere.
func pageServer(t testing.TB, body *atomic.Value) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2: %v", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/story/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte(body.Load().(string)))
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

func runWith(g *fetch.Fetcher, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	sys := stdio{in: strings.NewReader(""), out: &out, err: &errb, getenv: func(string) string { return "" }}
	if g != nil {
		sys.getter = g
	}
	code := run(context.Background(), args, sys)
	return code, out.String(), errb.String()
}

func TestSourceRecheckAndUpdate(t *testing.T) {
	var body atomic.Value
	body.Store("The council voted 5-4 on Monday to close the bridge.\n\nThe mayor said \"we will appeal\".\n")
	base := pageServer(t, &body)
	db := filepath.Join(t.TempDir(), "r.db")
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "t"})
	for _, in := range []claimline.SourceInput{
		{Title: "Bridge", URL: base + "/story/1", Text: body.Load().(string)},
		{Title: "Gone", URL: base + "/gone", Text: "A page that is no longer there."},
		{Title: "Pasted", Text: "No address at all."},
	} {
		if _, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: in}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	f := fetch.NewAllowing("127.0.0.2/32")

	code, out, errs := runWith(f, "source", "recheck", "--db", db, "1")
	if code != 0 || !strings.HasPrefix(out, "unchanged 1 Bridge\n") {
		t.Fatalf("unchanged: exit %d\n%s%s", code, out, errs)
	}
	body.Store("The council voted 6-3 on Monday to close the bridge.\n\nThe mayor said \"we will appeal\".\n")
	code, out, errs = runWith(f, "source", "recheck", "--all", "--db", db)
	if code != 1 || !strings.Contains(out, "changed   1 Bridge: version 2, changed without a correction note\n") ||
		!strings.Contains(out, "failed    2 Gone: ") || strings.Contains(out, "Pasted") || !strings.Contains(errs, "1 of 2 sources could not be checked") {
		t.Errorf("--all: exit %d\n%s%s", code, out, errs)
	}
	// The guarded fetcher refuses the loopback address: failed, with why.
	code, out, _ = runWith(nil, "source", "recheck", "--db", db, "1")
	if code != 1 || !strings.Contains(out, "failed    1 Bridge: ") {
		t.Errorf("real fetcher: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{{"source", "recheck", "--db", db}, {"source", "recheck", "--all", "--db", db, "1"}, {"source", "recheck", "--db", db, "x"}} {
		if code, _, _ := runWith(f, args...); code != 2 {
			t.Errorf("%v: exit %d, want usage (2)", args, code)
		}
	}

	file := writeFile(t, "v3.txt", "The council voted 6-3 on Monday to close the bridge.\n\nCorrection: the vote was first given as 5-4.\n")
	code, out, errs = cli(t, "", nil, "source", "update", "--db", db, "1", file)
	if code != 0 || out != "changed   1: version 3, correction note added\n" {
		t.Errorf("update: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = cli(t, "", nil, "source", "update", "--db", db, "1", file)
	if code != 0 || !strings.HasPrefix(out, "unchanged 1") {
		t.Errorf("update again: exit %d\n%s", code, out)
	}
	if code, _, errs = cli(t, "", nil, "source", "update", "--db", db, "9", file); code != 1 || !strings.Contains(errs, "Source not found") {
		t.Errorf("missing source: exit %d %s", code, errs)
	}
}
