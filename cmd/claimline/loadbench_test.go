package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"claimline/internal/app"
	"claimline/internal/auth"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/store"
)

// BenchmarkWriteLoad starts the real binary on a fresh database and, beside
// it, the bare Go server (coldstart_test.go), which only parses the entry
// form and answers 303. It signs in 110 clients (each its own session).
// In LOAD_ROUNDS rounds (default 3) of LOAD_SECONDS each (default 10),
// alternating which goes first, 100 clients post the entry form as fast as
// they can to the bare server, and then through the real form to claimline
// (session, CSRF token, validation, the entry saved, redirect): writers/bare
// is committed creates per second over the bare server's answers, the same
// load generator in the same run. Then, in as many rounds, 10 clients read
// the demo timeline page alone, and again while 100 other clients write at
// full speed: mixed/alone is the readers' p99 under writes over their p99
// alone. Last, 100 API clients create entries through /api/v1 with a token:
// api/form is their rate over the form's. Figures are medians over the
// rounds; -min and -max give the spread of the ratios. Run it on its own:
//
//	go test ./cmd/claimline -run XXX -bench WriteLoad -benchtime 1x
func BenchmarkWriteLoad(b *testing.B) {
	dur, rounds := 10*time.Second, 3
	if s := os.Getenv("LOAD_SECONDS"); s != "" {
		d, err := time.ParseDuration(s + "s")
		if err != nil {
			b.Fatal(err)
		}
		dur = d
	}
	if s := os.Getenv("LOAD_ROUNDS"); s != "" {
		var err error
		if rounds, err = strconv.Atoi(s); err != nil || rounds < 1 {
			b.Fatalf("LOAD_ROUNDS=%q", s)
		}
	}
	dir := b.TempDir()
	bin, bareBin := buildBinary(b, dir), buildGoSource(b, dir, "bare", bareServer)
	db := filepath.Join(dir, "load.db")
	token := prepareLoadDB(b, db)
	srv := startServer(b, bin, "serve", "--db", db)
	bare := startServer(b, bareBin, "")
	waitHealthy(b, srv.url)
	transport := &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}
	writers := make([]*loadClient, 100)
	for i := range writers {
		writers[i] = signIn(b, srv.url, transport)
	}
	readers := make([]*loadClient, 10)
	for i := range readers {
		readers[i] = signIn(b, srv.url, transport)
	}
	bareClients := make([]*loadClient, len(writers))
	for i := range bareClients {
		bareClients[i] = &loadClient{base: bare.url, http: &http.Client{Transport: transport, Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	}
	readPage := func(c *loadClient, _ int) (int, error) { return c.get("/timelines/" + demo.Slug) }
	b.ResetTimer()
	for range b.N {
		var ratios, creates, bares, cpus []float64
		var w loadResult
		for r := range rounds {
			var bw loadResult
			var cpu time.Duration
			runWriters := func() {
				cpu0 := processCPU(b, srv.pid)
				w = runLoad(dur, writers, createEntry, http.StatusSeeOther)
				cpu = processCPU(b, srv.pid) - cpu0
			}
			runBare := func() { bw = runLoad(dur, bareClients, createEntry, http.StatusSeeOther) }
			if r%2 == 0 {
				runBare()
				runWriters()
			} else {
				runWriters()
				runBare()
			}
			if w.errors+bw.errors > 0 {
				b.Errorf("round %d: %d errors from claimline, %d from the bare server", r+1, w.errors, bw.errors)
			}
			creates, bares = append(creates, float64(w.ok)/dur.Seconds()), append(bares, float64(bw.ok)/dur.Seconds())
			ratios = append(ratios, float64(w.ok)/float64(max(bw.ok, 1)))
			cpus = append(cpus, float64(cpu)/float64(time.Millisecond)/float64(max(w.ok, 1)))
			b.Logf("round %d: claimline %.0f creates/s, bare %.0f/s: %.1f %%", r+1, creates[r], bares[r], 100*ratios[r])
		}
		b.ReportMetric(median(creates), "writers-ok/s")
		b.ReportMetric(median(bares), "bare-ok/s")
		reportRatio(b, "writers/bare", ratios)
		b.ReportMetric(median(cpus), "server-cpu-ms/create")
		b.ReportMetric(percentile(w, 0.5), "writers-p50-ms") // the last round's
		b.ReportMetric(percentile(w, 0.99), "writers-p99-ms")

		var alones, mixeds, slowdowns, mixedCreates []float64
		for r := range rounds {
			alone := runLoad(dur/2, readers, readPage, http.StatusOK)
			var mixedR, mixedW loadResult
			var wg sync.WaitGroup
			wg.Go(func() { mixedR = runLoad(dur, readers, readPage, http.StatusOK) })
			mixedW = runLoad(dur, writers, createEntry, http.StatusSeeOther)
			wg.Wait()
			if alone.errors+mixedR.errors+mixedW.errors > 0 {
				b.Errorf("round %d: %d errors reading alone, %d reading and %d writing together", r+1, alone.errors, mixedR.errors, mixedW.errors)
			}
			a, m := percentile(alone, 0.99), percentile(mixedR, 0.99)
			alones, mixeds, slowdowns = append(alones, a), append(mixeds, m), append(slowdowns, m/a)
			mixedCreates = append(mixedCreates, float64(mixedW.ok)/dur.Seconds())
			b.Logf("round %d: readers' p99 %.1f ms alone, %.1f ms under writes (%.0f creates/s): %.1f×", r+1, a, m, mixedCreates[r], m/a)
		}
		b.ReportMetric(median(alones), "readers-alone-p99-ms")
		b.ReportMetric(median(mixeds), "mixed-readers-p99-ms")
		reportRatio(b, "mixed/alone-p99", slowdowns)
		b.ReportMetric(median(mixedCreates), "mixed-writers-ok/s")

		apiClients := make([]*loadClient, len(writers))
		for i := range apiClients {
			apiClients[i] = &loadClient{base: srv.url, token: token, http: &http.Client{Transport: transport, Timeout: 30 * time.Second}}
		}
		cpu0 := processCPU(b, srv.pid)
		aw := runLoad(dur, apiClients, createEntryAPI, http.StatusCreated)
		if aw.ok > 0 {
			b.ReportMetric(float64(processCPU(b, srv.pid)-cpu0)/float64(time.Millisecond)/float64(aw.ok), "server-cpu-ms/api-create")
		}
		report(b, "api-writers", aw, dur)
		b.ReportMetric(float64(aw.ok)/dur.Seconds()/median(creates), "api/form")
		info, err := os.Stat(db + "-wal")
		if err == nil {
			b.ReportMetric(float64(info.Size())/(1<<20), "wal-MiB")
		}
	}
}

// median returns the middle of xs (the upper middle of an even count).
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// reportRatio reports the median of ratios measured in several rounds,
// and their least and greatest, which show the noise.
func reportRatio(b *testing.B, name string, ratios []float64) {
	b.ReportMetric(median(ratios), name)
	b.ReportMetric(slices.Min(ratios), name+"-min")
	b.ReportMetric(slices.Max(ratios), name+"-max")
}

// processCPU returns the CPU time (user and system) a process has used, from
// /proc: the server's cost per request, whatever else the machine runs.
func processCPU(tb testing.TB, pid int) time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		tb.Skip("no /proc: ", err)
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
func prepareLoadDB(tb testing.TB, db string) string {
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.Load(ctx, app.New(st, app.Config{})); err != nil {
		tb.Fatal(err)
	}
	hash, err := auth.NewHasher(1).Hash(ctx, "load-test-password")
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := st.CreateUser(ctx, "load", claimline.RoleEditor, hash); err != nil {
		tb.Fatal(err)
	}
	if _, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Load", Slug: "load"}); err != nil {
		tb.Fatal(err)
	}
	u, err := st.UserByName(ctx, "load")
	if err != nil {
		tb.Fatal(err)
	}
	_, secret, err := app.New(st, app.Config{}).Users.CreateToken(ctx, u.ID, claimline.TokenInput{Name: "load", Scopes: []string{"timelines:write"}})
	if err != nil {
		tb.Fatal(err)
	}
	return secret
}

func waitHealthy(tb testing.TB, base string) {
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
	tb.Fatal("server did not answer /healthz within 10 s")
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
	resp, err := c.submit(path, form)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// postPage submits a form as post does and returns the answer's body too.
func (c *loadClient) postPage(path string, form url.Values) (int, string, error) {
	resp, err := c.submit(path, form)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

// submit posts form to path with the client's CSRF token, as a browser
// atLogin is a browser of its own at base's sign-in page, signed in as
// nobody: it holds the page's CSRF token.
func atLogin(tb testing.TB, base string, t http.RoundTripper) *loadClient {
	jar, _ := cookiejar.New(nil)
	c := &loadClient{base: base, http: &http.Client{Jar: jar, Transport: t, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if _, err := c.page("/login"); err != nil {
		tb.Fatal(err)
	}
	return c
}

// submits a page's form.
func (c *loadClient) submit(path string, form url.Values) (*http.Response, error) {
	form.Set("_csrf", c.csrf)
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.base)
	return c.http.Do(req)
}

func signIn(tb testing.TB, base string, t http.RoundTripper) *loadClient {
	c := atLogin(tb, base, t)
	code, err := c.post("/login", url.Values{"username": {"load"}, "password": {"load-test-password"}})
	if err != nil || code != http.StatusSeeOther {
		tb.Fatalf("sign in: %d %v", code, err)
	}
	if _, err := c.page("/timelines/load/entries/new"); err != nil {
		tb.Fatal(err)
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
	return postEntryAPI(c, "load", fmt.Sprintf("Load entry %d", i))
}

// postEntryAPI creates an entry titled title in the timeline slug through
// the API, with the client's token, and returns the answer's status.
func postEntryAPI(c *loadClient, slug, title string) (int, error) {
	body := fmt.Sprintf(`{"date":"12 Sep 2024","kind":"statement","title":%q,"description":"Written by the load benchmark.","actors":["Vladimir Putin"],"tags":["load"]}`, title)
	req, _ := http.NewRequest(http.MethodPost, c.base+"/api/v1/timelines/"+slug+"/entries", strings.NewReader(body))
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

// errClientStops, returned by a load's do, ends that client's loop; the
// call is not counted.
var errClientStops = errors.New("the client stops")

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
				if errors.Is(err, errClientStops) {
					break
				}
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
	b.ReportMetric(float64(r.ok)/d.Seconds(), name+"-ok/s")
	b.ReportMetric(float64(r.errors), name+"-errors")
	b.ReportMetric(percentile(r, 0.5), name+"-p50-ms")
	b.ReportMetric(percentile(r, 0.99), name+"-p99-ms")
}

// percentile returns the p-th (0 to 1) latency of r, in milliseconds.
func percentile(r loadResult, p float64) float64 {
	if len(r.latencies) == 0 {
		return 0
	}
	slices.Sort(r.latencies)
	return float64(r.latencies[int(p*float64(len(r.latencies)-1))]) / float64(time.Millisecond)
}
