package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/store"
)

// cli runs one command line and returns its exit status and output.
func cli(t *testing.T, stdin string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, stdio{in: strings.NewReader(stdin), out: &out, err: &errb,
		getenv: func(k string) string { return env[k] }})
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUserAdd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	pw := writeFile(t, "pw", "river otter lantern\n")

	code, out, errs := cli(t, "", nil, "user", "add", "--db", db, "--admin", "--password-file", pw, "chief")
	if code != 0 || !strings.Contains(out, `Created admin "chief"`) {
		t.Fatalf("exit %d, out %q, err %q", code, out, errs)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := st.UserByName(context.Background(), "chief")
	st.Close()

	// Flags that disagree on the role are refused, not settled silently.
	if code, _, errs := cli(t, "", nil, "user", "add", "--db", db, "--admin", "--role", "viewer", "--password-file", pw, "vic"); code != 1 || !strings.Contains(errs, "disagree") {
		t.Errorf("--admin --role viewer: exit %d, %q", code, errs)
	}

	// Again: nothing changes, exit 0.
	other := writeFile(t, "pw2", "a different passphrase\n")
	code, out, _ = cli(t, "", nil, "user", "add", "--db", db, "--admin", "--password-file", other, "chief")
	if code != 0 || !strings.Contains(out, "exists already") {
		t.Errorf("second add: exit %d, %q", code, out)
	}
	st, _ = store.Open(context.Background(), db)
	again, _ := st.UserByName(context.Background(), "chief")
	st.Close()
	if again.PasswordHash != first.PasswordHash {
		t.Error("running user add again changed the password")
	}

	// Flags after the name, the password from CLAIMLINE_ADMIN_PASSWORD_FILE.
	code, out, errs = cli(t, "", map[string]string{"CLAIMLINE_ADMIN_PASSWORD_FILE": pw, "CLAIMLINE_DB": db}, "user", "add", "ed", "--role", "editor")
	if code != 0 || !strings.Contains(out, `Created editor "ed"`) {
		t.Errorf("env password file: exit %d, %q %q", code, out, errs)
	}
	// From standard input when it is not a terminal.
	code, out, errs = cli(t, "piped passphrase here\n", nil, "user", "add", "--db", db, "--role", "viewer", "vi")
	if code != 0 || !strings.Contains(out, `Created viewer "vi"`) {
		t.Errorf("stdin password: exit %d, %q %q", code, out, errs)
	}

	for _, tc := range []struct {
		name, stdin, want string
		args              []string
		code              int
	}{
		{"weak password", "password\n", "too common", []string{"user", "add", "--db", db, "weak"}, 1},
		{"bad name", "river otter lantern\n", "letters, digits", []string{"user", "add", "--db", db, "bad name!"}, 1},
		{"bad role", "river otter lantern\n", "choose admin, editor or viewer", []string{"user", "add", "--db", db, "--role", "boss", "x"}, 1},
		{"no name", "", "Usage", []string{"user", "add", "--db", db}, 2},
		{"unknown flag", "", "flag provided but not defined", []string{"user", "add", "--nope", "x"}, 2},
		{"missing file", "", "password file", []string{"user", "add", "--db", db, "--password-file", "/nonexistent/pw", "x"}, 1},
	} {
		code, _, errs := cli(t, tc.stdin, nil, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", tc.name, code, errs, tc.code, tc.want)
		}
	}
}

func TestHelp(t *testing.T) {
	code, out, _ := cli(t, "", nil, "--help")
	if code != 0 || !strings.Contains(out, "claimline serve") || !strings.Contains(out, "claimline user add") {
		t.Errorf("--help: %d %q", code, out)
	}
	code, _, errs := cli(t, "", nil, "serve", "--help")
	if code != 0 {
		t.Errorf("serve --help exit %d", code)
	}
	for _, flag := range []string{"-addr", "CLAIMLINE_ADDR", "-db", "CLAIMLINE_DB", "-demo", "-https", "-trusted-proxies", "-idle-timeout", "CLAIMLINE_IDLE_TIMEOUT", "-session-lifetime", "CLAIMLINE_SESSION_LIFETIME"} {
		if !strings.Contains(errs, flag) {
			t.Errorf("serve --help does not explain %s", flag)
		}
	}
	if code, _, _ := cli(t, "", nil, "frobnicate"); code != 2 {
		t.Errorf("unknown command exit %d, want 2", code)
	}
}

// syncBuffer is a bytes.Buffer safe for the server goroutine to write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve starts "claimline serve" in the background and returns its address,
// its output, and a function that stops it (as SIGTERM would) and returns
// the exit status.
func serve(t *testing.T, args ...string) (string, *syncBuffer, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errb := &syncBuffer{}, &syncBuffer{}
	ready := make(chan string, 1)
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), stdio{in: strings.NewReader(""),
			out: out, err: errb, getenv: func(string) string { return "" }, ready: func(a string) { ready <- a }})
	}()
	select {
	case addr := <-ready:
		return "http://" + addr, out, func() int {
			cancel()
			select {
			case code := <-done:
				return code
			case <-time.After(time.Minute):
				t.Fatal("serve did not stop")
				return -1
			}
		}
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, errb.String())
	case <-time.After(time.Minute):
		// A guard against a hang, not a speed check: under -race on a busy
		// machine the demo's loading and password hashing take seconds.
		t.Fatal("serve did not start")
	}
	return "", nil, nil
}

func TestServeDemoEndToEnd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	base, out, stop := serve(t, "--db", db, "--demo")
	m := regexp.MustCompile(`password "([^"]+)"`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no demo password printed: %q", out.String())
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	get := func(path string) (int, string) {
		resp, err := c.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || body != "ok\n" {
		t.Fatalf("healthz: %d %q", code, body)
	}
	if _, body := get("/login"); !strings.Contains(body, "Demo: sign in as <strong>demo</strong> with the password printed in the terminal") {
		t.Error("the demo's sign-in page does not say how to sign in")
	}
	u, _ := url.Parse(base)
	var csrf string
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "claimline_csrf" {
			csrf = ck.Value
		}
	}
	resp, err := c.PostForm(base+"/login", url.Values{"username": {"demo"}, "password": {m[1]}, "_csrf": {csrf}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("login: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	code, body := get("/timelines/" + demo.Slug)
	if code != 200 {
		t.Fatalf("demo timeline: %d", code)
	}
	for _, want := range []string{"Feb 2022", "Oct 2023", "c. 10 Sep 2024", "Putin", "Starmer", "Blinken"} {
		if !strings.Contains(body, want) {
			t.Errorf("demo timeline lacks %q", want)
		}
	}
	if code := stop(); code != 0 {
		t.Errorf("graceful shutdown exit %d", code)
	}
	// The database is closed cleanly and reopens; --demo again adds nothing.
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	ts, _ := st.Timelines(context.Background())
	st.Close()
	_, _, stop = serve(t, "--db", db, "--demo")
	stop()
	st, _ = store.Open(context.Background(), db)
	defer st.Close()
	again, _ := st.Timelines(context.Background())
	if len(ts) != 1 || len(again) != 1 || again[0].EntryCount != ts[0].EntryCount {
		t.Errorf("timelines %d then %d", len(ts), len(again))
	}
}

func TestServePrintsSetupLinkWithoutAdmin(t *testing.T) {
	base, out, stop := serve(t, "--db", filepath.Join(t.TempDir(), "new.db"))
	defer stop()
	m := regexp.MustCompile(`http://\S+(/setup\?token=\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no setup link printed: %q", out.String())
	}
	login, err := http.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(login.Body)
	login.Body.Close()
	if !strings.Contains(string(b), "The server printed a one-time setup link") {
		t.Error("a fresh database's sign-in page does not mention the setup link")
	}
	resp, err := http.Get(base + m[1])
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("setup link: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
}

// A stop signal that arrives while the server is still starting must stop
// it: this once hung CI, because Shutdown ran before Serve had begun.
func TestServeStopsWhenSignalledAtStart(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	for range 20 {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int, 1)
		go func() {
			done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db}, stdio{in: strings.NewReader(""),
				out: io.Discard, err: io.Discard, getenv: func(string) string { return "" }, ready: func(string) { cancel() }})
		}()
		select {
		case code := <-done:
			if code != 0 {
				t.Fatalf("exit %d", code)
			}
		case <-time.After(time.Minute):
			t.Fatal("serve did not stop after a signal at start-up")
		}
		cancel()
	}
}

func TestNoDefaultAccounts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	_, _, stop := serve(t, "--db", db)
	stop()
	st, _ := store.Open(context.Background(), db)
	defer st.Close()
	if us, _ := st.Users(context.Background()); len(us) != 0 {
		t.Errorf("a fresh database has users: %v", us)
	}
	if _, err := st.UserByName(context.Background(), "admin"); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Error("a default admin exists")
	}
}

func TestSourceAdd(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	var files []string
	for _, name := range demo.ArticleFiles() {
		b, _ := demo.Articles.ReadFile(name)
		files = append(files, writeFile(t, filepath.Base(name), string(b)))
	}
	code, out, errs := cli(t, "", nil, append([]string{"source", "add", "--db", db}, files...)...)
	if code != 0 || strings.Count(out, "added ") != 5 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "source 2, Putin Warns of War with U.S., NATO if Ukraine Gains Long-Range Missiles") {
		t.Errorf("output does not name the source and its id:\n%s", out)
	}
	// Again, with one unreadable file among them: the others are reported
	// present, the bad one named, and the exit status is non-zero.
	code, out, errs = cli(t, "", nil, "source", "add", "--db", db, files[0], filepath.Join(dir, "missing.txt"), files[1])
	if code != 1 || strings.Count(out, "present ") != 2 || !strings.Contains(out, "failed   "+filepath.Join(dir, "missing.txt")+": cannot read it") ||
		!strings.Contains(errs, "1 of 3 files could not be added") {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	// A text that begins with its date, added without --published: the
	// date is named, and a file refused names itself once.
	dated := writeFile(t, "ai-act.txt", "AI Act: Parliament votes\n\nPublished 13/03/2024\n\nThe European Parliament approved the act on Wednesday.\n")
	pdf := writeFile(t, "scan.pdf", "%PDF-1.7")
	code, out, _ = cli(t, "", nil, "source", "add", "--db", db, dated, pdf)
	if code != 1 || !strings.Contains(out, "the text begins with 13 Mar 2024") || strings.Count(out, "scan.pdf") != 1 {
		t.Errorf("a dated text and a PDF: exit %d\n%s", code, out)
	}
	st, _ := store.Open(context.Background(), db)
	defer st.Close()
	if srcs, _ := st.Sources(context.Background()); len(srcs) != 6 {
		t.Errorf("%d sources, want 6", len(srcs))
	}
}

func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.Load(context.Background(), app.New(st, app.Config{})); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestExportImport(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	for _, format := range []string{"csv", "claims-csv", "json", "timelinejs"} {
		out := filepath.Join(dir, "out."+format)
		code, _, errs := cli(t, "", nil, "export", "--db", db, "--timeline", demo.Slug, "--format", format, "-o", out)
		if b, _ := os.ReadFile(out); code != 0 || len(b) == 0 {
			t.Errorf("export %s: exit %d, %d bytes, %s", format, code, len(b), errs)
		}
	}
	code, stdout, _ := cli(t, "", nil, "export", "--db", db, "--timeline", demo.Slug)
	if code != 0 || !strings.HasPrefix(stdout, "id,date,end_date,approximate,kind,title,description,actors,tags,sources,claims,revision,date_precision,end_date_precision\r\n") {
		t.Errorf("export to standard output: %d %.80q", code, stdout)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--timeline", "nope"}, `--timeline "nope": Timeline not found.`},
		{[]string{"--timeline", demo.Slug, "--format", "xml"}, "choose csv, claims-csv, json or timelinejs"},
	} {
		out := filepath.Join(dir, "bad.csv")
		code, _, errs := cli(t, "", nil, append(append([]string{"export", "--db", db}, tc.args...), "-o", out)...)
		if _, err := os.Stat(out); code != 1 || !strings.Contains(errs, tc.want) || err == nil {
			t.Errorf("%v: exit %d, %q, file written: %v", tc.args, code, errs, err == nil)
		}
	}

	// The timeline's own export imported back changes nothing: no entry's
	// revision, no history, the next export byte for byte the first.
	changesBefore := historyCount(t, db)
	code, out, errs := cli(t, "", nil, "import", "--db", db, "--timeline", demo.Slug, filepath.Join(dir, "out.csv"))
	if code != 0 || !strings.Contains(out, "0 new, 0 updated, 8 unchanged") {
		t.Errorf("re-import of the export: %d %q %q", code, out, errs)
	}
	again := filepath.Join(dir, "again.csv")
	cli(t, "", nil, "export", "--db", db, "--timeline", demo.Slug, "--format", "csv", "-o", again)
	first, _ := os.ReadFile(filepath.Join(dir, "out.csv"))
	if second, _ := os.ReadFile(again); !bytes.Equal(first, second) || historyCount(t, db) != changesBefore {
		t.Errorf("the re-import changed the export (%v) or wrote history (%d, was %d)", !bytes.Equal(first, second), historyCount(t, db), changesBefore)
	}

	// JSON into another instance; CSV into a new slug; a bad CSV writes nothing.
	other := filepath.Join(t.TempDir(), "other.db")
	code, out, errs = cli(t, "", nil, "import", "--db", other, filepath.Join(dir, "out.json"))
	if code != 0 || !strings.Contains(out, "into "+demo.Slug+": 8 new, 0 updated") {
		t.Errorf("JSON import: %d %q %q", code, out, errs)
	}
	// The same file again: its address is taken, and the error says once
	// why and how to import into that timeline, which --timeline does
	// without doubling it.
	code, _, errs = cli(t, "", nil, "import", "--db", other, filepath.Join(dir, "out.json"))
	if code == 0 || strings.Count(errs, "already used by another timeline") != 1 || !strings.Contains(errs, "--timeline") {
		t.Errorf("JSON import again: %d %q", code, errs)
	}
	code, out, errs = cli(t, "", nil, "import", "--db", other, "--timeline", demo.Slug, filepath.Join(dir, "out.json"))
	if code != 0 || !strings.Contains(out, "into "+demo.Slug+": 0 new, 0 updated, 8 unchanged") {
		t.Errorf("JSON import into its timeline: %d %q %q", code, out, errs)
	}
	code, out, errs = cli(t, "", nil, "import", "--db", other, "--timeline", "from-csv", filepath.Join(dir, "out.csv"))
	if code != 0 || !strings.Contains(out, "into from-csv: 8 new") || !strings.Contains(errs, "columns not imported: sources, claims") {
		t.Errorf("CSV import into a new slug: %d %q %q", code, out, errs)
	}
	ts := filepath.Join("..", "..", "testdata", "spreadsheets", "timesketch.jsonl")
	code, out, errs = cli(t, "", nil, "import", "--db", other, "--timeline", "sketch", ts)
	if code != 0 || !strings.Contains(out, "3 new") || !strings.Contains(errs, "message → title") ||
		!strings.Contains(errs, "row 2: 2024-09-12T23:00:00.000000+02:00 is stored as 2024-09-12T21:00 (UTC)") {
		t.Errorf("Timesketch import: %d %q %q", code, out, errs)
	}
	bad := writeFile(t, "bad.csv", "date,kind,title\n2024,other,fine\n03/04/2024,other,ambiguous\n")
	code, _, errs = cli(t, "", nil, "import", "--db", other, "--timeline", "bad", bad)
	if code != 1 || !strings.Contains(errs, "row 3, column “date”") || !strings.Contains(errs, "nothing was imported") || !strings.Contains(errs, "--date-order dmy") {
		t.Errorf("bad CSV: %d %q", code, errs)
	}
	code, out, _ = cli(t, "", nil, "import", "--db", other, "--timeline", "bad", "--date-order", "dmy", bad)
	if code != 0 || !strings.Contains(out, "2 new") {
		t.Errorf("with --date-order: %d %q", code, out)
	}
	st, _ := store.Open(context.Background(), other)
	defer st.Close()
	tls, _ := st.Timelines(context.Background())
	if len(tls) != 4 {
		t.Errorf("%d timelines, want 4", len(tls))
	}
}

func TestBackupCommand(t *testing.T) {
	db := demoDB(t)
	dest := filepath.Join(t.TempDir(), "backup.db")
	code, out, errs := cli(t, "", nil, "backup", "--db", db, dest)
	if code != 0 || !strings.Contains(out, "integrity checked") {
		t.Fatalf("exit %d: %q %q", code, out, errs)
	}
	st, err := store.Open(context.Background(), dest)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if tl, err := st.TimelineBySlug(context.Background(), demo.Slug); err != nil || tl.EntryCount != 8 {
		t.Errorf("backup holds %v, %v", tl, err)
	}
	if code, _, _ := cli(t, "", nil, "backup", "--db", db); code != 2 {
		t.Errorf("backup without a file: exit %d, want 2", code)
	}
}

// A CSV re-imported after its entries changed skips those rows and says
// so; --overwrite-changed lets the file win.
func TestImportSkipsChangedSinceExport(t *testing.T) {
	db := demoDB(t)
	file := filepath.Join(t.TempDir(), "t.csv")
	if code, _, errs := cli(t, "", nil, "export", "--db", db, "--timeline", demo.Slug, "-o", file); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tl, _ := st.TimelineBySlug(ctx, demo.Slug)
	page, _ := st.Entries(ctx, tl.ID, claimline.EntryFilter{})
	e := page.Entries[0]
	in := e.Input()
	in.Title = "Changed after the export"
	if _, err := st.UpdateEntry(ctx, e.ID, e.Revision, in); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errs := cli(t, "", nil, "import", "--db", db, "--timeline", demo.Slug, file)
	if code != 0 || !strings.Contains(out, "Skipped 1 rows") {
		t.Errorf("import: %d %q %q", code, out, errs)
	}
	code, out, errs = cli(t, "", nil, "import", "--db", db, "--timeline", demo.Slug, "--overwrite-changed", file)
	if code != 0 || strings.Contains(out, "Skipped") {
		t.Errorf("import --overwrite-changed: %d %q %q", code, out, errs)
	}
}

// With --backup-dir, the server takes a backup at start when none is
// recent, and stops cleanly; a schedule it cannot keep stops the start.
func TestServeTakesScheduledBackups(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "backups")
	_, _, stop := serve(t, "--db", filepath.Join(t.TempDir(), "b.db"), "--backup-dir", dir, "--backup-keep", "3")
	var names []string
	deadline := time.Now().Add(20 * time.Second)
	for len(names) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		names, _ = filepath.Glob(filepath.Join(dir, "claimline-*.db"))
	}
	if code := stop(); code != 0 {
		t.Errorf("serve exited %d", code)
	}
	if len(names) != 1 {
		t.Fatalf("backups: %q", names)
	}
	var errb syncBuffer
	code := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "c.db"), "--backup-dir", dir, "--backup-every", "10s"},
		stdio{in: strings.NewReader(""), out: io.Discard, err: &errb, getenv: func(string) string { return "" }})
	if code == 0 || !strings.Contains(errb.String(), "--backup-every must be at least 1m") {
		t.Errorf("a 10 s schedule: exit %d, %q", code, errb.String())
	}
	// A mistyped value in the environment stops the start, named, rather
	// than becoming the default.
	errb = syncBuffer{}
	env := map[string]string{"CLAIMLINE_BACKUP_DIR": dir, "CLAIMLINE_BACKUP_EVERY": "7d"}
	code = run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "d.db")},
		stdio{in: strings.NewReader(""), out: io.Discard, err: &errb, getenv: func(k string) string { return env[k] }})
	if code == 0 || !strings.Contains(errb.String(), `CLAIMLINE_BACKUP_EVERY="7d" is not a duration`) {
		t.Errorf("CLAIMLINE_BACKUP_EVERY=7d: exit %d, %q", code, errb.String())
	}
}

// historyCount is how many changes the database at path records.
func historyCount(t *testing.T, path string) int {
	t.Helper()
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	changes, err := st.Changes(context.Background(), claimline.ChangeFilter{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	return len(changes)
}

// A command other than serve, user add and import, given a database file
// that is not there (a typo), says so and creates nothing: it must not
// answer from a new, empty database. An empty --db is refused by name.
func TestCommandsNeedAnExistingDatabase(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "typo.db")
	for _, args := range [][]string{
		{"backup", "--db", missing, filepath.Join(t.TempDir(), "b.db")},
		{"reindex", "--db", missing},
		{"token", "list", "--db", missing},
		{"export", "--db", missing, "--timeline", "t"},
	} {
		code, _, errs := cli(t, "", nil, args...)
		if code != 1 || !strings.Contains(errs, "there is no database at "+missing) {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
		if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%v created %s", args, missing)
		}
	}
	if code, _, errs := cli(t, "", nil, "backup", "--db", "", filepath.Join(t.TempDir(), "b.db")); code != 1 || !strings.Contains(errs, "--db is empty") {
		t.Errorf("empty --db: exit %d, %q", code, errs)
	}
	db := demoDB(t)
	if code, _, errs := cli(t, "", nil, "backup", "--db", db, db); code != 1 || !strings.Contains(errs, "over the database") {
		t.Errorf("backup onto the database: exit %d, %q", code, errs)
	}
}
