package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"claimline/internal/auth"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/fetch"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// asMainEnv, set to 1, makes the test binary claimline itself (TestMain).
const asMainEnv = "CLAIMLINE_TEST_AS_MAIN"

// TestMain lets the test binary stand in for claimline's: run with
// asMainEnv=1, it runs main with its arguments. Tests start claimline
// processes, and kill them, without the seconds a build costs (the
// benchmarks build the binary as a user would).
func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// testBinaryAsMain returns the path of the test binary and has the
// processes the test starts run it as claimline.
func testBinaryAsMain(t *testing.T) string {
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(asMainEnv, "1")
	return bin
}

// "source recheck --all", scheduled on every node of a shared PostgreSQL
// database, runs on one at a time: while another process runs it, it
// says so and fetches nothing; once that one is done, it runs.
func TestRecheckAllRunsOnOneNodeAtATime(t *testing.T) {
	db := storetest.PostgresAddr(t)
	var body atomic.Value
	body.Store("The council voted 5-4 on Monday to close the bridge.\n")
	base := pageServer(t, &body)
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "t"})
	if _, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{
		Title: "Bridge", URL: base + "/story/1", Text: body.Load().(string)}}); err != nil {
		t.Fatal(err)
	}
	f := fetch.NewAllowing("127.0.0.2/32")

	holding, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		_, err := st.RunJob(context.Background(), recheckJob, func(context.Context) error {
			close(holding)
			<-release
			return nil
		})
		done <- err
	}()
	<-holding
	code, out, errs := runWith(f, "source", "recheck", "--all", "--db", db)
	if code != 0 || out != "Another claimline is rechecking every source of this database now; nothing done here.\n" {
		t.Errorf("while another node rechecks: exit %d\n%s%s", code, out, errs)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	code, out, errs = runWith(f, "source", "recheck", "--all", "--db", db)
	if code != 0 || out != "unchanged 1 Bridge\n" {
		t.Errorf("once the other is done: exit %d\n%s%s", code, out, errs)
	}
}

// TestNodesShareOnePostgres runs three "claimline serve" processes on one
// PostgreSQL database and proves what an operator running several nodes
// relies on: a change made through one node shows on the others' pages
// within the bound of 1 s, even over a page each had just cached;
// a session and a token made on one node work on all, and ending them on
// one ends them on all; and a node killed in the middle of writes and
// reads loses no acknowledged write, fails only the requests it had under
// way, and the clients of the other nodes see no error. Failed sign-ins
// spread over the nodes are counted together.
func TestNodesShareOnePostgres(t *testing.T) {
	if raceDetector {
		t.Skip("starts claimline three times: runs once, in the plain pass")
	}
	db := storetest.PostgresAddr(t)
	token := prepareLoadDB(t, db)
	nodes := startNodes(t, testBinaryAsMain(t), db, 3)
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)

	readers := make([]*loadClient, len(nodes))
	for i, n := range nodes {
		readers[i] = signIn(t, n.url, tr)
	}

	t.Run("a change shows on every node", func(t *testing.T) {
		for from := range nodes {
			writer := apiClient(nodes[from].url, token, tr)
			others := slices.Delete(slices.Clone(readers), from, from+1)
			delays, err := changeDelays(writer, others, fmt.Sprintf("Made through node %d", from))
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range delays {
				t.Logf("made through node %d: on another node's page after %v", from, d.Round(time.Microsecond))
				// The bound, not a speed check: the nodes hear each
				// other's commits within milliseconds (BenchmarkNodes).
				if d > changeBound {
					t.Errorf("made through node %d: shown on another node's page after %v, over %v", from, d, changeBound)
				}
			}
		}
	})

	t.Run("sessions and tokens work on every node", func(t *testing.T) {
		sessionsAcrossNodes(t, nodes, tr)
		tokensAcrossNodes(t, nodes, readers[0], tr)
	})

	t.Run("sign-in limits hold across nodes", func(t *testing.T) {
		signInLimitsAcrossNodes(t, nodes, tr)
	})

	t.Run("a node killed mid-load", func(t *testing.T) {
		l := nodeLoad{nodes: nodes, writers: make([][]*loadClient, len(nodes)), readers: make([][]*loadClient, len(nodes))}
		for i, n := range nodes {
			for range 8 {
				l.writers[i] = append(l.writers[i], apiClient(n.url, token, tr))
			}
			l.readers[i] = []*loadClient{readers[i]}
		}
		r := l.run(t, db, 2*time.Second, true, "Kill test")
		t.Logf("node 0 killed after %v; writes acknowledged per node %v, of which after the kill %v; pages read after the kill %v",
			r.killAfter.Round(time.Millisecond), oks(r.writes), r.writesAfter, r.readsAfter)
		if failed := r.writes[0].errors + r.reads[0].errors; failed > len(l.writers[0])+len(l.readers[0]) {
			t.Errorf("node 0's clients saw %d failures, more than the requests they had under way when it was killed", failed)
		}
		for i := 1; i < len(nodes); i++ {
			if r.writes[i].errors+r.reads[i].errors > 0 {
				t.Errorf("node %d's clients saw %d failed writes and %d failed reads while node 0 was killed, want 0", i, r.writes[i].errors, r.reads[i].errors)
			}
			if r.writesAfter[i] == 0 || r.readsAfter[i] == 0 {
				t.Errorf("node %d served %d writes and %d reads after node 0 was killed, want some of each", i, r.writesAfter[i], r.readsAfter[i])
			}
		}
		if r.lost > 0 {
			t.Errorf("%d of %d acknowledged writes are not in the database, want 0", r.lost, r.acked)
		}
	})
}

// oks returns the requests that succeeded, per node.
func oks(rs []loadResult) []int {
	n := make([]int, len(rs))
	for i, r := range rs {
		n[i] = r.ok
	}
	return n
}

// changeBound is how soon a change made through one node must show on every
// other node's pages (issue #22).
const changeBound = time.Second

// startNodes starts n "claimline serve" processes of bin on the database
// db and waits until each answers /healthz.
func startNodes(tb testing.TB, bin, db string, n int) []runningServer {
	nodes := make([]runningServer, n)
	for i := range nodes {
		nodes[i] = startServer(tb, bin, "serve", "--db", db)
		waitHealthy(tb, nodes[i].url)
	}
	return nodes
}

// apiClient is a client of the API at base with token.
func apiClient(base, token string, tr http.RoundTripper) *loadClient {
	return &loadClient{base: base, token: token, http: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// onNode returns a client that sends c's cookies, as they are, to the node
// at base, with c's CSRF token: the same browser sent elsewhere by a load
// balancer.
func onNode(c *loadClient, base string) *loadClient {
	jar, _ := cookiejar.New(nil)
	from, _ := url.Parse(c.base)
	to, _ := url.Parse(base)
	jar.SetCookies(to, c.http.Jar.Cookies(from))
	h := *c.http
	h.Jar = jar
	return &loadClient{base: base, http: &h, csrf: c.csrf}
}

// changeDelays has each reader render the demo timeline twice (the second
// answer comes from its node's page cache), then creates an entry titled
// title through writer and returns, for each reader, how long after the
// entry was acknowledged the reader's node first served the page with it.
// Readers poll at once, each on its own.
func changeDelays(writer *loadClient, readers []*loadClient, title string) ([]time.Duration, error) {
	path := "/timelines/" + demo.Slug
	for _, r := range readers {
		for range 2 {
			if code, err := r.get(path); code != http.StatusOK {
				return nil, fmt.Errorf("%s%s: %d %v", r.base, path, code, err)
			}
		}
	}
	if code, err := postEntryAPI(writer, demo.Slug, title); code != http.StatusCreated {
		return nil, fmt.Errorf("create %q through %s: %d %v", title, writer.base, code, err)
	}
	acked := time.Now()
	delays := make([]time.Duration, len(readers))
	errs := make([]error, len(readers))
	var wg sync.WaitGroup
	for i, r := range readers {
		wg.Go(func() {
			for time.Since(acked) < 30*time.Second { // a guard against a change that never shows
				body, err := r.page(path)
				if err != nil {
					errs[i] = err
					return
				}
				if strings.Contains(body, title) {
					delays[i] = time.Since(acked)
					return
				}
				time.Sleep(time.Millisecond)
			}
			errs[i] = fmt.Errorf("%q never showed on %s%s", title, r.base, path)
		})
	}
	wg.Wait()
	return delays, errors.Join(errs...)
}

// untilRefused asks do until it answers want, for up to changeBound (the
// other nodes hear of a commit within that), and says how it went.
func untilRefused(do func() (int, error), want int) (int, error) {
	start := time.Now()
	for {
		code, err := do()
		if code == want || time.Since(start) > changeBound {
			return code, err
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// sessionsAcrossNodes signs in on the first node, then uses the same
// cookie and CSRF token on the others: the timeline page and a form post
// work there; signing out on the second node ends the session on all.
func sessionsAcrossNodes(t *testing.T, nodes []runningServer, tr http.RoundTripper) {
	a := signIn(t, nodes[0].url, tr)
	for i, n := range nodes {
		c := onNode(a, n.url)
		if code, err := c.get("/timelines/load"); code != http.StatusOK {
			t.Errorf("node %d with node 0's session cookie: timeline page %d %v, want 200", i, code, err)
		}
		// The CSRF token belongs to the session, which the database keeps.
		if code, err := createEntry(c, 900+i); code != http.StatusSeeOther {
			t.Errorf("node %d: a form posted with node 0's session and CSRF token: %d %v, want 303", i, code, err)
		}
	}
	// Each node now reads the session once more, keeping it in its memory
	// at the database's present state: only hearing of the sign-out can
	// make it let go.
	for i, n := range nodes {
		if code, err := onNode(a, n.url).get("/timelines/load"); code != http.StatusOK {
			t.Errorf("node %d with node 0's session cookie: timeline page %d %v, want 200", i, code, err)
		}
	}
	if code, err := onNode(a, nodes[1].url).post("/logout", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("sign out on node 1: %d %v", code, err)
	}
	for i, n := range nodes {
		c := onNode(a, n.url)
		if code, err := untilRefused(func() (int, error) { return c.get("/timelines/load") }, http.StatusSeeOther); code != http.StatusSeeOther {
			t.Errorf("node %d after signing out on node 1: timeline page %d %v, want 303 to the sign-in page", i, code, err)
		}
	}
}

// signInLimitsAcrossNodes fails to sign in as one name through each node
// in turn, as someone spreading guesses over the nodes would: the nodes
// count the failures together, so after the free ones every node makes
// the name wait.
func signInLimitsAcrossNodes(t *testing.T, nodes []runningServer, tr http.RoundTripper) {
	guess := func(node, i int) (int, error) {
		c := atLogin(t, nodes[node].url, tr)
		return c.post("/login", url.Values{"username": {"guessed"}, "password": {fmt.Sprintf("guess number %d", i)}})
	}
	for i := range auth.PairFree {
		if code, err := guess(i%len(nodes), i); code != http.StatusUnauthorized {
			t.Fatalf("failure %d, on node %d: %d %v, want 401", i+1, i%len(nodes), code, err)
		}
	}
	for node := range nodes {
		if code, err := guess(node, 99); code != http.StatusTooManyRequests {
			t.Errorf("node %d after %d failures spread over the nodes: %d %v, want 429", node, auth.PairFree, code, err)
		}
	}
}

var secretField = regexp.MustCompile(`id="secret"[^>]*value="([^"]+)"`)

// tokensAcrossNodes makes a token on the first node's tokens page, signed
// in there as a, uses it on every node, then revokes it on the last: it is
// refused on all.
func tokensAcrossNodes(t *testing.T, nodes []runningServer, a *loadClient, tr http.RoundTripper) {
	if _, err := a.page("/account/tokens"); err != nil {
		t.Fatal(err)
	}
	code, body, err := a.postPage("/account/tokens", url.Values{"name": {"nodes"}, "scope": {"timelines:write"}, "expires": {"90d"}})
	m := secretField.FindStringSubmatch(body)
	if code != http.StatusOK || m == nil {
		t.Fatalf("make a token on node 0: %d %v", code, err)
	}
	for i, n := range nodes {
		if code, err := postEntryAPI(apiClient(n.url, m[1], tr), "load", fmt.Sprintf("Token entry %d", i)); code != http.StatusCreated {
			t.Errorf("node %d with the token made on node 0: %d %v, want 201", i, code, err)
		}
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	revoke, _ := doc.Find(`button[aria-label="Revoke nodes"]`).Closest("form").Attr("action")
	last := onNode(a, nodes[len(nodes)-1].url)
	if code, err := last.post(revoke, url.Values{}); revoke == "" || code != http.StatusSeeOther {
		t.Fatalf("revoke %q on the last node: %d %v", revoke, code, err)
	}
	for i, n := range nodes {
		c := apiClient(n.url, m[1], tr)
		if code, err := untilRefused(func() (int, error) { return postEntryAPI(c, "load", "After revoking") }, http.StatusUnauthorized); code != http.StatusUnauthorized {
			t.Errorf("node %d with the token revoked on node %d: %d %v, want 401", i, len(nodes)-1, code, err)
		}
	}
}

// nodeLoad is a load spread over nodes: per node, clients that create
// entries through the API and signed-in clients that read the demo
// timeline's page.
type nodeLoad struct {
	nodes            []runningServer
	writers, readers [][]*loadClient // per node
}

// nodeRun is what a nodeLoad saw.
type nodeRun struct {
	writes, reads []loadResult // per node
	// Per node, the writes acknowledged and the pages read after node 0
	// was killed (when it was).
	writesAfter, readsAfter []int
	killAfter               time.Duration // 0: no node was killed
	acked                   int           // writes acknowledged by all nodes
	lost                    int           // of which missing from the database afterwards
}

// run runs the load for d. With kill, node 0 is SIGKILLed halfway, and each
// of its clients stops at its first failure after that, as a load balancer
// stops sending to a node that fails: node 0's failures are then the
// requests under way when it died (or sent before the balancer knew).
// Afterwards it looks for every acknowledged entry in the database db; the
// entries' titles start with prefix, which must be new to the database.
func (l nodeLoad) run(tb testing.TB, db string, d time.Duration, kill bool, prefix string) nodeRun {
	n := len(l.nodes)
	r := nodeRun{writes: make([]loadResult, n), reads: make([]loadResult, n), writesAfter: make([]int, n), readsAfter: make([]int, n)}
	var mu sync.Mutex
	var titles []string
	var killedAt atomic.Int64 // Unix nanoseconds; 0 until the kill
	after := func(node int, counts []int) {
		if ka := killedAt.Load(); ka != 0 && time.Now().UnixNano() > ka {
			mu.Lock()
			counts[node]++
			mu.Unlock()
		}
	}
	// stops tells a client of the killed node to stop once it has failed.
	var failed sync.Map // *loadClient → true
	stops := func(node int, c *loadClient) bool {
		_, gone := failed.Load(c)
		return node == 0 && gone
	}
	fails := func(node int, c *loadClient) {
		if node == 0 && killedAt.Load() != 0 {
			failed.Store(c, true)
		}
	}
	start := time.Now()
	var wg sync.WaitGroup
	for node := range n {
		wg.Go(func() {
			r.writes[node] = runLoad(d, l.writers[node], func(c *loadClient, i int) (int, error) {
				if stops(node, c) {
					return 0, errClientStops
				}
				title := fmt.Sprintf("%s %d-%d", prefix, node, i)
				code, err := postEntryAPI(c, "load", title)
				if code != http.StatusCreated {
					fails(node, c)
					return code, err
				}
				mu.Lock()
				titles = append(titles, title)
				mu.Unlock()
				after(node, r.writesAfter)
				return code, err
			}, http.StatusCreated)
		})
		wg.Go(func() {
			r.reads[node] = runLoad(d, l.readers[node], func(c *loadClient, _ int) (int, error) {
				if stops(node, c) {
					return 0, errClientStops
				}
				code, err := c.get("/timelines/" + demo.Slug)
				if code != http.StatusOK {
					fails(node, c)
					return code, err
				}
				after(node, r.readsAfter)
				return code, err
			}, http.StatusOK)
		})
	}
	if kill {
		time.Sleep(d / 2)
		killedAt.Store(time.Now().UnixNano())
		if err := syscall.Kill(l.nodes[0].pid, syscall.SIGKILL); err != nil {
			tb.Fatal(err)
		}
		r.killAfter = time.Since(start)
	}
	wg.Wait()
	have := entryTitles(tb, db, "load")
	r.acked = len(titles)
	for _, title := range titles {
		if !have[title] {
			r.lost++
		}
	}
	return r
}

// entryTitles returns the titles of every entry of the timeline slug, read
// from the database that db names.
func entryTitles(tb testing.TB, db string, slug string) map[string]bool {
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	tl, err := st.TimelineBySlug(ctx, slug)
	if err != nil {
		tb.Fatal(err)
	}
	titles := map[string]bool{}
	f := claimline.EntryFilter{Limit: 1000}
	for {
		page, err := st.Entries(ctx, tl.ID, f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, e := range page.Entries {
			titles[e.Title] = true
		}
		if !page.More {
			return titles
		}
		f.After = page.Entries[len(page.Entries)-1].ID
	}
}

// TestFrozenNodeFreesTheWriteLock stops a node (SIGSTOP) inside a write
// transaction, as a frozen machine would be stopped: it keeps its
// connection and, with it, the write lock that every node's writes wait
// for. PostgreSQL ends the frozen session once it has been idle in its
// transaction for idle_in_transaction_session_timeout (1 s here, set in the
// URL as an operator may), and the other node's write goes through. Once
// let go, the frozen node writes again.
func TestFrozenNodeFreesTheWriteLock(t *testing.T) {
	if raceDetector {
		t.Skip("starts claimline twice: runs once, in the plain pass")
	}
	db := storetest.PostgresAddr(t)
	token := prepareLoadDB(t, db)
	sep := "?"
	if strings.Contains(db, "?") {
		sep = "&"
	}
	nodes := startNodes(t, testBinaryAsMain(t), db+sep+"idle_in_transaction_session_timeout=1000", 2)
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	admin, err := sql.Open("pgx", db)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	node0, err := os.FindProcess(nodes[0].pid)
	if err != nil {
		t.Fatal(err)
	}
	defer node0.Signal(syscall.SIGCONT)

	// Writers keep node 0 inside write transactions most of the time.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(stop)
	for i := range 16 {
		c := apiClient(nodes[0].url, token, tr)
		wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				postEntryAPI(c, "load", fmt.Sprintf("Before the freeze %d.%d", i, n))
			}
		})
	}
	// Stop node 0 until it is caught holding the write lock, idle in its
	// transaction on the server's side.
	held := false
	for try := 0; try < 200 && !held; try++ {
		time.Sleep(20 * time.Millisecond)
		node0.Signal(syscall.SIGSTOP)
		time.Sleep(50 * time.Millisecond) // a statement under way finishes
		var n int
		if err := admin.QueryRow(`SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
			WHERE l.locktype = 'advisory' AND l.granted AND a.state = 'idle in transaction' AND a.datname = current_database()`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if held = n > 0; !held {
			node0.Signal(syscall.SIGCONT)
		}
	}
	if !held {
		t.Fatal("node 0 was never caught holding the write lock")
	}
	start := time.Now()
	code, err := postEntryAPI(apiClient(nodes[1].url, token, tr), "load", "Through the other node")
	waited := time.Since(start)
	if code != http.StatusCreated {
		t.Fatalf("a write on node 1 while node 0 is frozen holding the write lock: %d %v, want 201", code, err)
	}
	t.Logf("with node 0 frozen holding the write lock, a write on node 1 went through after %v", waited.Round(time.Millisecond))
	if waited < 300*time.Millisecond {
		t.Errorf("the write on node 1 took %v: it cannot have waited for node 0's lock, and the test proves nothing", waited)
	}
	node0.Signal(syscall.SIGCONT)
	deadline := time.Now().Add(10 * time.Second)
	c := apiClient(nodes[0].url, token, tr)
	for {
		code, err := postEntryAPI(c, "load", "After the thaw")
		if code == http.StatusCreated {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("node 0, let go, still cannot write: %d %v", code, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
