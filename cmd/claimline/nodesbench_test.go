package main

import (
	"fmt"
	"net/http"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"claimline/internal/store/storetest"
)

// BenchmarkNodes builds the binary and starts three "claimline serve"
// processes on one PostgreSQL database (CLAIMLINE_TEST_POSTGRES), and the
// bare Go server (coldstart_test.go) beside them. 100 API writers and 10
// signed-in readers of the demo timeline's page are spread over the three
// nodes. Each phase lasts NODES_SECONDS (default 10), after an unmeasured
// second that opens the connections:
//
//   - bare: the 100 writers post the same entries to the bare server, which
//     only decodes them;
//   - writers: the 100 writers on the three nodes: writes/s, and
//     writes/bare, their rate over the bare server's;
//   - one node: the 100 writers all on one node: 3nodes/1node is the three
//     nodes' write rate over one's (writes to one database take turns,
//     whichever node takes them);
//   - readers (half a phase): the 10 readers alone, the yardstick of
//     mixed/alone-p99;
//   - mixed: writers and readers together: mixed-writes/s, reads/s,
//     read-p99; meanwhile, changes made through one node are timed until
//     the other nodes' pages show them (change-busy-*);
//   - changes on idle nodes: NODES_CHANGES (default 20) changes, each made
//     through the next node and timed until both other nodes' pages show it
//     over the page they had just cached (change-idle-*);
//   - killed: the mixed load again, with one node SIGKILLed halfway:
//     acknowledged writes missing afterwards (killed-lost, must be 0) and
//     errors seen by the other nodes' clients (killed-others-errors, must
//     be 0). The killed node's clients stop at their first failure, as a
//     load balancer would stop sending to it.
//
// Run it on its own:
//
//	CLAIMLINE_TEST_POSTGRES=postgres://… go test ./cmd/claimline -run XXX -bench Nodes -benchtime 1x
func BenchmarkNodes(b *testing.B) {
	dur, changes := 10*time.Second, 20
	if s := os.Getenv("NODES_SECONDS"); s != "" {
		d, err := time.ParseDuration(s + "s")
		if err != nil {
			b.Fatal(err)
		}
		dur = d
	}
	if s := os.Getenv("NODES_CHANGES"); s != "" {
		if _, err := fmt.Sscan(s, &changes); err != nil || changes < 1 {
			b.Fatalf("NODES_CHANGES=%q", s)
		}
	}
	db := storetest.PostgresAddr(b)
	dir := b.TempDir()
	bin, bareBin := buildBinary(b, dir), buildGoSource(b, dir, "bare", bareServer)
	token := prepareLoadDB(b, db)
	nodes := startNodes(b, bin, db, 3)
	bare := startServer(b, bareBin, "")
	tr := &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}
	loads := func() nodeLoad {
		return nodeLoad{nodes: nodes, writers: make([][]*loadClient, len(nodes)), readers: make([][]*loadClient, len(nodes))}
	}
	mixed, writers, oneNode, readers := loads(), loads(), loads(), loads()
	var bareWriters []*loadClient
	for i := range 100 {
		n := i % len(nodes)
		mixed.writers[n] = append(mixed.writers[n], apiClient(nodes[n].url, token, tr))
		oneNode.writers[0] = append(oneNode.writers[0], apiClient(nodes[0].url, token, tr))
		bareWriters = append(bareWriters, apiClient(bare.url, token, tr))
	}
	writers.writers = mixed.writers
	for i := range 10 {
		n := i % len(nodes)
		mixed.readers[n] = append(mixed.readers[n], signIn(b, nodes[n].url, tr))
	}
	readers.readers = mixed.readers
	// Watchers read pages for the change delays, besides the readers.
	watchers := make([]*loadClient, len(nodes))
	for i, n := range nodes {
		watchers[i] = signIn(b, n.url, tr)
	}
	b.ResetTimer()
	for run := range b.N {
		if run > 0 {
			b.Fatal("the killed node is not restarted: run with -benchtime 1x")
		}
		mixed.run(b, db, time.Second, false, "Warm-up")
		bw := runLoad(dur, bareWriters, func(c *loadClient, i int) (int, error) {
			return postEntryAPI(c, "load", fmt.Sprintf("Bare %d", i))
		}, http.StatusCreated)
		if bw.errors > 0 {
			b.Errorf("the bare server answered %d requests wrongly", bw.errors)
		}
		rw := writers.run(b, db, dur, false, "Writers")
		r1 := oneNode.run(b, db, dur, false, "One node")
		ra := readers.run(b, db, dur/2, false, "Readers")
		var busy []time.Duration
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() { busy = changesUntil(b, stop, nodes, watchers, token, tr, "Busy change") })
		rm := mixed.run(b, db, dur, false, "Mixed")
		close(stop)
		wg.Wait()
		var idle []time.Duration
		for i := range changes {
			from := i % len(nodes)
			others := slices.Delete(slices.Clone(watchers), from, from+1)
			ds, err := changeDelays(apiClient(nodes[from].url, token, tr), others, fmt.Sprintf("Idle change %d", i))
			if err != nil {
				b.Fatal(err)
			}
			idle = append(idle, ds...)
		}
		rk := mixed.run(b, db, dur, true, "Killed")

		perSecond := func(rs []loadResult) float64 { return float64(sum(oks(rs))) / dur.Seconds() }
		wb, w3, w1 := float64(bw.ok)/dur.Seconds(), perSecond(rw.writes), perSecond(r1.writes)
		b.ReportMetric(wb, "bare-writes/s")
		b.ReportMetric(w3, "writes/s")
		b.ReportMetric(percentile(merged(rw.writes), 0.99), "write-p99-ms")
		b.ReportMetric(w3/wb, "writes/bare")
		b.ReportMetric(w1, "one-node-writes/s")
		b.ReportMetric(w3/w1, "3nodes/1node")
		alone, mixedP99 := percentile(merged(ra.reads), 0.99), percentile(merged(rm.reads), 0.99)
		b.ReportMetric(float64(sum(oks(ra.reads)))/(dur/2).Seconds(), "alone-reads/s")
		b.ReportMetric(alone, "alone-read-p99-ms")
		b.ReportMetric(perSecond(rm.writes), "mixed-writes/s")
		b.ReportMetric(perSecond(rm.reads), "mixed-reads/s")
		b.ReportMetric(mixedP99, "mixed-read-p99-ms")
		b.ReportMetric(mixedP99/alone, "mixed/alone-p99")
		reportDelays(b, "change-idle", idle)
		reportDelays(b, "change-busy", busy)
		b.ReportMetric(float64(rk.acked), "killed-acked")
		b.ReportMetric(float64(rk.lost), "killed-lost")
		b.ReportMetric(float64(rk.writes[0].errors+rk.reads[0].errors), "killed-node-failures")
		others := 0
		for i := 1; i < len(nodes); i++ {
			others += rk.writes[i].errors + rk.reads[i].errors
		}
		b.ReportMetric(float64(others), "killed-others-errors")
		b.Logf("writes per node %v; mixed: writes %v, reads %v per node; killed after %v: acknowledged after the kill, writes %v, reads %v; %d changes timed under load",
			oks(rw.writes), oks(rm.writes), oks(rm.reads), rk.killAfter.Round(time.Millisecond), rk.writesAfter, rk.readsAfter, len(busy))
		if rk.lost > 0 || others > 0 {
			b.Errorf("node killed: %d of %d acknowledged writes lost, %d errors seen by the other nodes' clients; want 0 and 0", rk.lost, rk.acked, others)
		}
	}
}

// changesUntil makes changes one after another, each through the next
// node, until stop is closed, and returns how long each took to show on the
// other nodes' pages.
func changesUntil(b *testing.B, stop <-chan struct{}, nodes []runningServer, watchers []*loadClient, token string, tr http.RoundTripper, prefix string) []time.Duration {
	var delays []time.Duration
	for i := 0; ; i++ {
		select {
		case <-stop:
			return delays
		default:
		}
		from := i % len(nodes)
		others := slices.Delete(slices.Clone(watchers), from, from+1)
		ds, err := changeDelays(apiClient(nodes[from].url, token, tr), others, fmt.Sprintf("%s %d", prefix, i))
		if err != nil {
			b.Error(err)
			return delays
		}
		delays = append(delays, ds...)
	}
}

// reportDelays reports the median and the greatest of delays, in ms.
func reportDelays(b *testing.B, name string, delays []time.Duration) {
	if len(delays) == 0 {
		return
	}
	ms := make([]float64, len(delays))
	for i, d := range delays {
		ms[i] = float64(d) / float64(time.Millisecond)
	}
	b.ReportMetric(median(ms), name+"-median-ms")
	b.ReportMetric(slices.Max(ms), name+"-max-ms")
}

// merged puts the nodes' results together.
func merged(rs []loadResult) loadResult {
	var m loadResult
	for _, r := range rs {
		m.ok, m.errors = m.ok+r.ok, m.errors+r.errors
		m.latencies = append(m.latencies, r.latencies...)
	}
	return m
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
