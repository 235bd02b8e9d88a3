package main

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"claimline/internal/app"
	"claimline/internal/demo"
	"claimline/internal/store"
)

// bareServer is the yardstick of the cold start and of the write loads: the
// least a Go net/http server does for the same requests. It answers
// GET /healthz with 200, as a hello-world server would; a POST of the
// entry form by parsing the form and redirecting with 303, as claimline
// does once the entry is saved; and a POST of an entry to the API by
// decoding its JSON and answering 201 with it, as claimline's API does.
const bareServer = `package main

import (
	"encoding/json"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok\n"))
	})
	http.HandleFunc("/timelines/load/entries", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || r.Method != http.MethodPost || r.PostForm.Get("title") == "" {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		http.Redirect(w, r, "/timelines/load", http.StatusSeeOther)
	})
	http.HandleFunc("/api/v1/timelines/load/entries", func(w http.ResponseWriter, r *http.Request) {
		var e map[string]any
		if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&e) != nil || e["title"] == nil || e["title"] == "" {
			http.Error(w, "bad entry", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(e)
	})
	panic(http.ListenAndServe(os.Args[1], nil))
}
`

// BenchmarkColdStart builds the binary, the bare Go server and the floor
// (testdata/coldstart: a server that opens the same database with the same
// SQLite driver and pragmas, and nothing else), then measures how long each
// takes from exec to its first 200 answer to GET /healthz (claimline's
// reads the database and pings the writer), on an existing database, in
// turn, COLDSTART_N times each (default 7). It reports the medians and the
// ratios claimline/bare, floor/bare (what the storage engine alone costs)
// and claimline/floor (what claimline's own start-up adds). Shutdown is not
// timed.
//
//	go test ./cmd/claimline -run XXX -bench ColdStart -benchtime 1x
func BenchmarkColdStart(b *testing.B) {
	n := 7
	if s := os.Getenv("COLDSTART_N"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			b.Fatalf("COLDSTART_N=%q", s)
		}
	}
	dir := b.TempDir()
	bin, bare := buildBinary(b, dir), buildGoSource(b, dir, "bare", bareServer)
	floor := buildPackage(b, dir, "floor", "../../testdata/coldstart")
	db := filepath.Join(dir, "existing.db")
	st, err := store.Open(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Load(context.Background(), app.New(st, app.Config{})); err != nil {
		b.Fatal(err)
	}
	st.Close()
	client := &http.Client{Timeout: time.Second}
	var ours, theirs, floors []time.Duration
	b.ResetTimer()
	for range b.N {
		for range n {
			ours = append(ours, timeToHealthy(b, client, bin, func(addr string) []string { return []string{"serve", "--db", db, "--addr", addr} }))
			theirs = append(theirs, timeToHealthy(b, client, bare, func(addr string) []string { return []string{addr} }))
			floors = append(floors, timeToHealthy(b, client, floor, func(addr string) []string { return []string{addr, db} }))
		}
	}
	b.StopTimer()
	med := func(ds []time.Duration) float64 {
		slices.Sort(ds)
		return float64(ds[len(ds)/2]) / float64(time.Millisecond)
	}
	m, bm, fm := med(ours), med(theirs), med(floors)
	b.ReportMetric(m, "claimline-ms")
	b.ReportMetric(bm, "bare-ms")
	b.ReportMetric(fm, "floor-ms")
	b.ReportMetric(m/bm, "claimline/bare")
	b.ReportMetric(fm/bm, "floor/bare")
	b.ReportMetric(m/fm, "claimline/floor")
}

// timeToHealthy starts bin with the arguments args gives for a free
// address, and returns the time from exec to its first 200 answer to
// GET /healthz. It stops the process (untimed) before returning.
func timeToHealthy(b *testing.B, client *http.Client, bin string, args func(addr string) []string) time.Duration {
	addr := freeAddr(b)
	cmd := exec.Command(bin, args(addr)...)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	for {
		resp, err := client.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start)
			}
		}
		if time.Since(start) > 10*time.Second {
			b.Fatalf("%s: no answer within 10 s", bin)
		}
		time.Sleep(time.Millisecond)
	}
}

// buildBinary builds claimline as a user would (no cgo) into dir.
func buildBinary(tb testing.TB, dir string) string { return buildPackage(tb, dir, "claimline", ".") }

// buildPackage builds the main package at path, relative to this
// package's directory, into dir under name (no cgo).
func buildPackage(tb testing.TB, dir, name, path string) string {
	bin := filepath.Join(dir, name)
	build := exec.Command("go", "build", "-o", bin, path)
	build.Env = append(build.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		tb.Fatalf("build %s: %v\n%s", path, err, out)
	}
	return bin
}

// buildGoSource builds a one-file program of the standard library alone
// into dir, under name.
func buildGoSource(tb testing.TB, dir, name, src string) string {
	bin := filepath.Join(dir, name)
	if err := os.WriteFile(bin+".go", []byte(src), 0o600); err != nil {
		tb.Fatal(err)
	}
	build := exec.Command("go", "build", "-o", bin, name+".go")
	build.Dir, build.Env = dir, append(os.Environ(), "CGO_ENABLED=0", "GO111MODULE=off")
	if out, err := build.CombinedOutput(); err != nil {
		tb.Fatalf("build %s: %v\n%s", name, err, out)
	}
	return bin
}

func freeAddr(tb testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
