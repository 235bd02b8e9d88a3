package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"claimline/internal/app"
	"claimline/internal/auth"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/store"
)

// BenchmarkWriteLoad starts the real binary on a fresh database, signs in
// 100 clients (each its own session) and has them create entries through
// the real form (session, CSRF token, validation, redirect) as fast as they
// can for LOAD_SECONDS (default 10). It then does the same with 10 clients
// reading the demo timeline page alongside, after measuring those readers
// alone. Then 100 API clients create entries through /api/v1 with a token,
// as many as they can: api/form is their rate over the form's, in the same
// run. It reports committed creates per second, latency percentiles and
// errors. Run it on its own: go test ./cmd/claimline -run XXX -bench WriteLoad -benchtime 1x
func BenchmarkWriteLoad(b *testing.B) {
	dur := 10 * time.Second
	if s := os.Getenv("LOAD_SECONDS"); s != "" {
		d, err := time.ParseDuration(s + "s")
		if err != nil {
			b.Fatal(err)
		}
		dur = d
	}
	dir := b.TempDir()
	bin := buildBinary(b, dir)
	db := filepath.Join(dir, "load.db")
	token := prepareLoadDB(b, db)
	addr := freeAddr(b)
	cmd := exec.Command(bin, "serve", "--addr", addr, "--db", db)
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	base := "http://" + addr
	waitHealthy(b, base)
	transport := &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}
	writers := make([]*loadClient, 100)
	for i := range writers {
		writers[i] = signIn(b, base, transport)
	}
	readers := writers[:10]
	b.ResetTimer()
	for range b.N {
		alone := runLoad(dur/2, readers, func(c *loadClient, _ int) (int, error) {
			return c.get("/timelines/" + demo.Slug)
		}, http.StatusOK)
		cpu0 := processCPU(b, cmd.Process.Pid)
		w := runLoad(dur, writers, createEntry, http.StatusSeeOther)
		if w.ok > 0 {
			b.ReportMetric(float64(processCPU(b, cmd.Process.Pid)-cpu0)/float64(time.Millisecond)/float64(w.ok), "server-cpu-ms/create")
		}
		report(b, "writers", w, dur)
		report(b, "readers-alone", alone, dur/2)
		var mixedR, mixedW loadResult
		var wg sync.WaitGroup
		wg.Go(func() {
			mixedR = runLoad(dur, readers, func(c *loadClient, _ int) (int, error) {
				return c.get("/timelines/" + demo.Slug)
			}, http.StatusOK)
		})
		// Fresh clients for the writers, so that the readers' clients are
		// not shared.
		mixedW = runLoad(dur, writers[10:], createEntry, http.StatusSeeOther)
		wg.Wait()
		report(b, "mixed-writers", mixedW, dur)
		report(b, "mixed-readers", mixedR, dur)
		apiClients := make([]*loadClient, len(writers))
		for i := range apiClients {
			apiClients[i] = &loadClient{base: base, token: token, http: &http.Client{Transport: transport, Timeout: 30 * time.Second}}
		}
		cpu0 = processCPU(b, cmd.Process.Pid)
		aw := runLoad(dur, apiClients, createEntryAPI, http.StatusCreated)
		if aw.ok > 0 {
			b.ReportMetric(float64(processCPU(b, cmd.Process.Pid)-cpu0)/float64(time.Millisecond)/float64(aw.ok), "server-cpu-ms/api-create")
		}
		report(b, "api-writers", aw, dur)
		if w.ok > 0 {
			b.ReportMetric(float64(aw.ok)/float64(w.ok), "api/form")
		}
		info, err := os.Stat(db + "-wal")
		if err == nil {
			b.ReportMetric(float64(info.Size())/(1<<20), "wal-MiB")
		}
	}
}

// processCPU returns the CPU time (user and system) a process has used, from
// /proc: the server's cost per request, whatever else the machine runs.
func processCPU(b *testing.B, pid int) time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Skip("no /proc: ", err)
	}
	// The fields after the command name, which is in parentheses.
	f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
	var utime, stime int64
	fmt.Sscan(f[11], &utime)
	fmt.Sscan(f[12], &stime)
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticks
}

// prepareLoadDB creates the database with the demo, an empty "load"
// timeline and an editor "load" with a known password, and returns an API
// token of the editor's.
func prepareLoadDB(b *testing.B, db string) string {
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.Load(ctx, app.New(st, app.Config{})); err != nil {
		b.Fatal(err)
	}
	hash, err := auth.NewHasher(1).Hash(ctx, "load-test-password")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.CreateUser(ctx, "load", claimline.RoleEditor, hash); err != nil {
		b.Fatal(err)
	}
	if _, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Load", Slug: "load"}); err != nil {
		b.Fatal(err)
	}
	u, err := st.UserByName(ctx, "load")
	if err != nil {
		b.Fatal(err)
	}
	_, secret, err := app.New(st, app.Config{}).Users.CreateToken(ctx, u.ID, claimline.TokenInput{Name: "load", Scopes: []string{"timelines:write"}})
	if err != nil {
		b.Fatal(err)
	}
	return secret
}

func waitHealthy(b *testing.B, base string) {
	start := time.Now()
	for time.Since(start) < 10*time.Second {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	b.Fatal("server did not answer /healthz within 10 s")
}

// loadClient is one signed-in browser, its own cookies and CSRF token, or
// one API client with a token.
type loadClient struct {
	base  string
	http  *http.Client
	csrf  string
	token string
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// page GETs path and returns its body, remembering the form's CSRF token.
func (c *loadClient) page(path string) (string, error) {
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if m := csrfField.FindSubmatch(body); m != nil {
		c.csrf = string(m[1])
	}
	return string(body), err
}

func (c *loadClient) get(path string) (int, error) {
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

func (c *loadClient) post(path string, form url.Values) (int, error) {
	form.Set("_csrf", c.csrf)
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.base)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

func signIn(b *testing.B, base string, t http.RoundTripper) *loadClient {
	jar, _ := cookiejar.New(nil)
	c := &loadClient{base: base, http: &http.Client{Jar: jar, Transport: t, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if _, err := c.page("/login"); err != nil {
		b.Fatal(err)
	}
	code, err := c.post("/login", url.Values{"username": {"load"}, "password": {"load-test-password"}})
	if err != nil || code != http.StatusSeeOther {
		b.Fatalf("sign in: %d %v", code, err)
	}
	if _, err := c.page("/timelines/load/entries/new"); err != nil {
		b.Fatal(err)
	}
	return c
}

func createEntry(c *loadClient, i int) (int, error) {
	return c.post("/timelines/load/entries", url.Values{
		"date": {"12 Sep 2024"}, "kind": {"statement"}, "title": {fmt.Sprintf("Load entry %d", i)},
		"description": {"Written by the load benchmark."}, "actors": {"Vladimir Putin"}, "tags": {"load"},
	})
}

// createEntryAPI creates the same entry as createEntry, through the API.
func createEntryAPI(c *loadClient, i int) (int, error) {
	body := fmt.Sprintf(`{"date":"12 Sep 2024","kind":"statement","title":"Load entry %d","description":"Written by the load benchmark.","actors":["Vladimir Putin"],"tags":["load"]}`, i)
	req, _ := http.NewRequest(http.MethodPost, c.base+"/api/v1/timelines/load/entries", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

type loadResult struct {
	ok, errors int
	latencies  []time.Duration
}

// runLoad has every client call do in a loop for d and gathers the results;
// a status other than want counts as an error.
func runLoad(d time.Duration, clients []*loadClient, do func(*loadClient, int) (int, error), want int) loadResult {
	var mu sync.Mutex
	var res loadResult
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for ci, c := range clients {
		wg.Go(func() {
			var lat []time.Duration
			ok, bad := 0, 0
			for i := 0; time.Now().Before(deadline); i++ {
				start := time.Now()
				code, err := do(c, ci*1_000_000+i)
				lat = append(lat, time.Since(start))
				if err != nil || code != want {
					bad++
				} else {
					ok++
				}
			}
			mu.Lock()
			res.ok, res.errors = res.ok+ok, res.errors+bad
			res.latencies = append(res.latencies, lat...)
			mu.Unlock()
		})
	}
	wg.Wait()
	return res
}

func report(b *testing.B, name string, r loadResult, d time.Duration) {
	slices.Sort(r.latencies)
	pct := func(p float64) float64 {
		if len(r.latencies) == 0 {
			return 0
		}
		return float64(r.latencies[int(p*float64(len(r.latencies)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(float64(r.ok)/d.Seconds(), name+"-ok/s")
	b.ReportMetric(float64(r.errors), name+"-errors")
	b.ReportMetric(pct(0.5), name+"-p50-ms")
	b.ReportMetric(pct(0.99), name+"-p99-ms")
}
