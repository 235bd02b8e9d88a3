// Package storetest gives tests a fresh claimline database on the engine
// under test, so that one suite proves both engines behave the same: a
// package's TestMain calls Main, which runs the package's tests on SQLite
// and then, when EnvPostgres holds the URL of a PostgreSQL role allowed to
// create databases, once more on PostgreSQL.
package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver the administrative connections use

	"claimline/db"
	"claimline/internal/store"
)

// EnvPostgres names the variable holding the PostgreSQL URL tests may use,
// for instance postgres://claimline:secret@127.0.0.1:5432/postgres: its role
// must be allowed to create databases. The value "off" says that this run
// leaves PostgreSQL out on purpose (CI's race pass: PostgreSQL's tests run
// once, in the plain pass).
const EnvPostgres = "CLAIMLINE_TEST_POSTGRES"

// postgresURL returns EnvPostgres's URL, "" when it is unset or "off", and
// whether the run must have one: under CI=true, unless it says "off".
func postgresURL() (url string, required bool) {
	v := os.Getenv(EnvPostgres)
	if v == "off" {
		return "", false
	}
	return v, os.Getenv("CI") == "true"
}

// onPostgres is set by Main for its second run.
var onPostgres atomic.Bool

// skipped counts the tests skipped on PostgreSQL by SkipOnPostgres.
var skipped atomic.Int64

// Main runs the package's tests on SQLite, then, when EnvPostgres is set,
// those that took a database from Addr again on PostgreSQL. Under CI=true a missing EnvPostgres fails the run:
// CI must prove both engines. Use it as TestMain's body:
//
//	func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }
func Main(m *testing.M, opts ...Option) int {
	var o options
	for _, f := range opts {
		f(&o)
	}
	// CLAIMLINE_TEST_ENGINE=postgres runs PostgreSQL's half alone, for
	// working on it.
	sqliteRan := os.Getenv("CLAIMLINE_TEST_ENGINE") != "postgres"
	if sqliteRan {
		if code := m.Run(); code != 0 {
			return code
		}
	}
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		return 0 // fuzzing: the engine is not what is fuzzed, once is enough
	}
	if url, required := postgresURL(); url == "" {
		if required {
			fmt.Fprintf(os.Stderr, "storetest: CI=true but %s is not set: the suite must run on PostgreSQL too\n", EnvPostgres)
			return 1
		}
		return 0
	}
	if sqliteRan {
		// Only the tests that took a database from Addr: the others (a
		// SQLite file of their own, no database at all, PostgreSQL's own
		// tests) would run the same again.
		names := engineTests()
		if len(names) == 0 {
			return 0
		}
		flag.Lookup("test.run").Value.Set("^(" + strings.Join(names, "|") + ")$")
	}
	fmt.Println("storetest: the tests that took a database, again on PostgreSQL")
	if o.sqliteOnly != "" {
		skip := flag.Lookup("test.skip")
		if prev := skip.Value.String(); prev != "" {
			o.sqliteOnly = prev + "|" + o.sqliteOnly
		}
		skip.Value.Set(o.sqliteOnly)
	}
	onPostgres.Store(true)
	defer onPostgres.Store(false)
	code := m.Run()
	if n := skipped.Load(); n > 0 {
		fmt.Printf("storetest: %d tests skipped on PostgreSQL\n", n)
	}
	return code
}

// Option changes what Main runs.
type Option func(*options)

type options struct {
	sqliteOnly string // a -skip pattern for the PostgreSQL run
}

// OnceOnSQLite names, by a -skip pattern, the tests Main runs only once, in
// the SQLite run: those whose subject is not the engine (a browser clicking
// through pages) and which the engine cannot change.
func OnceOnSQLite(pattern string) Option {
	return func(o *options) { o.sqliteOnly = pattern }
}

// addrTests holds the names of the top-level tests that called Addr.
var addrTests sync.Map

// engineTests returns the names of the tests that called Addr, quoted for
// a -run pattern.
func engineTests() []string {
	var names []string
	addrTests.Range(func(k, _ any) bool {
		names = append(names, regexp.QuoteMeta(k.(string)))
		return true
	})
	sort.Strings(names)
	return names
}

// Postgres reports whether the tests are running on PostgreSQL.
func Postgres() bool { return onPostgres.Load() }

// SkipOnPostgres skips the test on PostgreSQL, saying why: for what only
// SQLite has (a file, its pragmas) or what is not yet on PostgreSQL.
func SkipOnPostgres(t testing.TB, why string) {
	t.Helper()
	if Postgres() {
		skipped.Add(1)
		t.Skip("not on PostgreSQL: " + why)
	}
}

// Addr returns the address of a new, empty (migrated) database for the
// test on the engine under test: a SQLite file in t.TempDir(), or a
// PostgreSQL database cloned from a migrated template and dropped when the
// test ends.
func Addr(t testing.TB) string {
	t.Helper()
	top, _, _ := strings.Cut(t.Name(), "/")
	addrTests.Store(top, true)
	if !Postgres() {
		b, err := sqliteTemplate()
		if err != nil {
			t.Fatalf("template database: %v", err)
		}
		path := filepath.Join(t.TempDir(), "test.db")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	return PostgresAddr(t)
}

// sqliteTemplate is a SQLite database that store.Open made and migrated,
// made once a process: a test's database starts as a copy of its file,
// which costs a file copy rather than every migration (about a second a
// test under -race, where SQLite's own code runs instrumented).
var sqliteTemplate = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "claimline-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		return nil, err
	}
	if err := st.Close(); err != nil {
		return nil, err
	}
	// Closing the last connection checkpoints the WAL into the file.
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("the template's WAL was not checkpointed at close")
	}
	return os.ReadFile(path)
})

// PostgresAddr returns the URL of a new PostgreSQL database for the test,
// whatever the engine under test, skipping the test when EnvPostgres is
// unset or "off" (and failing it when unset under CI=true). The database is
// cloned from a template that store.Open migrated, made once per set of
// migrations, and is dropped when the test ends.
func PostgresAddr(t testing.TB) string {
	t.Helper()
	raw := ServerURL(t)
	ctx := context.Background()
	admin, err := sql.Open("pgx", raw)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	defer admin.Close()
	tpl, err := template(ctx, admin, raw)
	if err != nil {
		t.Fatalf("template database: %v", err)
	}
	name := fmt.Sprintf("claimline_test_%d_%s", os.Getpid(), randomHex(6))
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE `+tpl); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", raw)
		if err != nil {
			return
		}
		defer admin.Close()
		if err := DropDatabase(admin, name); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return withDatabase(raw, name)
}

// DropDatabase drops the database name, ending the connections a test left
// open (FORCE). A process of the server's own, not the test role's, can
// hold a new database a moment (FORCE may not end those): it tries again
// for a few seconds.
func DropDatabase(admin *sql.DB, name string) error {
	var err error
	for try := 0; try < 15; try++ {
		if _, err = admin.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err == nil {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return err
}

// ServerURL returns EnvPostgres's URL, for a test that makes databases of
// its own, skipping the test when it is unset or "off" (and failing it when
// unset under CI=true).
func ServerURL(t testing.TB) string {
	t.Helper()
	raw, required := postgresURL()
	if raw == "" {
		if required {
			t.Fatalf("CI=true but %s is not set", EnvPostgres)
		}
		t.Skipf("%s is not set", EnvPostgres)
	}
	return raw
}

// templates remembers, per process, the template made or found for each
// set of migrations.
var templates sync.Map // migrations hash → template name

// template returns the name of the migrated template database for the
// current migrations, making it if no process has yet. Several test
// processes (go test runs packages in parallel) make it once between them:
// under an advisory lock, as a database with a temporary name that is
// renamed into place when migrated, so that a template that exists is whole.
// Only CREATEDB is needed: the role owns the templates it clones.
func template(ctx context.Context, admin *sql.DB, raw string) (string, error) {
	hash, err := migrationsHash()
	if err != nil {
		return "", err
	}
	// A template belongs to the role that made it, and only its owner may
	// clone it: each role gets its own.
	if u, err := url.Parse(raw); err == nil {
		sum := sha256.Sum256([]byte(u.User.Username() + "\x00" + hash))
		hash = hex.EncodeToString(sum[:])[:16]
	}
	if v, ok := templates.Load(hash); ok {
		return v.(string), nil
	}
	name := "claimline_template_" + hash
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(hashtext($1))`, name); err != nil {
		return "", err
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(hashtext($1))`, name)
	var exists bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", err
	}
	if !exists {
		building := name + "_building"
		if _, err := conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`); err != nil {
			return "", err
		}
		if _, err := conn.ExecContext(ctx, `CREATE DATABASE `+building); err != nil {
			return "", err
		}
		st, err := store.Open(ctx, withDatabase(raw, building))
		if err != nil {
			return "", fmt.Errorf("migrate the template: %w", err)
		}
		if err := st.Close(); err != nil {
			return "", err
		}
		if _, err := conn.ExecContext(ctx, `ALTER DATABASE `+building+` RENAME TO `+name); err != nil {
			return "", err
		}
	}
	templates.Store(hash, name)
	return name, nil
}

// migrationsHash names the PostgreSQL migrations' contents.
func migrationsHash() (string, error) {
	names, err := fs.Glob(db.PostgresMigrations, "postgres/*.sql")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := fs.ReadFile(db.PostgresMigrations, n)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", n, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// withDatabase returns the URL raw with its database name replaced.
func withDatabase(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
