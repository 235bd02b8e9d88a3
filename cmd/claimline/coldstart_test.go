package main

import (
	"context"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"claimline/internal/app"
	"claimline/internal/demo"
	"claimline/internal/store"
)

// BenchmarkColdStart builds the binary, then measures how long it takes
// from starting the process on an existing database to its first answered
// request (GET /healthz, which reads the database). Shutdown is not timed.
func BenchmarkColdStart(b *testing.B) {
	dir := b.TempDir()
	bin := buildBinary(b, dir)
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
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		addr := freeAddr(b)
		cmd := exec.Command(bin, "serve", "--addr", addr, "--db", db)
		start := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		for {
			resp, err := client.Get("http://" + addr + "/healthz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
			if time.Since(start) > 10*time.Second {
				b.Fatal("no answer within 10 s")
			}
			time.Sleep(time.Millisecond)
		}
		b.StopTimer()
		cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			b.Fatalf("exit after SIGTERM: %v", err)
		}
		b.StartTimer()
	}
}

// buildBinary builds claimline as a user would (no cgo) into dir.
func buildBinary(b *testing.B, dir string) string {
	bin := filepath.Join(dir, "claimline")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(build.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(b *testing.B) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
