// Command claimline serves the claimline web app and administers its database.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr, getenv: os.Getenv}))
}

// stdio is the process environment, replaceable in tests.
type stdio struct {
	in       io.Reader
	out, err io.Writer
	getenv   func(string) string
	// ready, when set, is told the address once the server listens.
	ready func(addr string)
	// getter fetches pages for source recheck; nil means the guarded
	// fetcher (tests give one that may reach their loopback server).
	getter app.Getter
}

const usage = `claimline builds dated, sourced timelines of statements and policy moves.

Usage:
  claimline serve [flags]                 start the web app (claimline serve --help)
  claimline user add [flags] NAME         create a user (claimline user add --help)
  claimline source add [--db DB] FILE…    add .txt, .md or .html files to the source library
  claimline source recheck [--db DB] (--all | ID…)  fetch sources' addresses again, keep changed texts
  claimline source update [--db DB] ID FILE  give a source a new version from a file
  claimline export --timeline SLUG --format csv|claims-csv|json|timelinejs [-o FILE]
  claimline import [--timeline SLUG] [--date-order dmy|mdy] [--fine-precision] [--overwrite-changed] FILE
                                          import a CSV, Timesketch or claimline JSON file
  claimline backup [--db DB] FILE         a checked copy of the database, safe while serving
  claimline copy --from SRC --to DST      copy a whole library into a new, empty database,
                                          SQLite file or postgres:// URL, either way
  claimline search [--db DB] [--timeline SLUG] [--kind K] [--limit N] QUERY
                                          search entries, claims, sources, actors and notes
  claimline reindex [--db DB]             rebuild the search index
  claimline token add [--db DB] --user NAME [--name LABEL] [--scope SCOPE]... [--expires DURATION]
                                          make an API token; it is printed alone on the last line
  claimline token list [--db DB] [--user NAME]  list API tokens, one a line, ID first
  claimline token revoke [--db DB] ID     end an API token at once

DB is the database: a SQLite file (claimline.db unless told otherwise) or a
postgres:// URL. The settings of serve, and the --db of every command, can
also come from CLAIMLINE_* environment variables, named in each command's
--help. Run "claimline COMMAND --help" for details; the guide at /help
explains them.
`

// run executes one command line and returns the exit status.
func run(ctx context.Context, args []string, sys stdio) int {
	if len(args) == 0 {
		fmt.Fprint(sys.err, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serveCmd(ctx, args[1:], sys)
	case "user":
		err = userCmd(ctx, args[1:], sys)
	case "source":
		err = sourceCmd(ctx, args[1:], sys)
	case "export":
		err = exportCmd(ctx, args[1:], sys)
	case "import":
		err = importCmd(ctx, args[1:], sys)
	case "backup":
		err = backupCmd(ctx, args[1:], sys)
	case "copy":
		err = copyCmd(ctx, args[1:], sys)
	case "search":
		err = searchCmd(ctx, args[1:], sys)
	case "reindex":
		err = reindexCmd(ctx, args[1:], sys)
	case "token":
		err = tokenCmd(ctx, args[1:], sys)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(sys.out, usage)
		return 0
	default:
		fmt.Fprintf(sys.err, "claimline: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintf(sys.err, "claimline: %v\n", err)
	return 1
}

// errUsage means the command line was wrong and usage has been printed.
var errUsage = errors.New("usage")

// parse parses flags that may come before or after positional arguments
// ("user add --admin alice" and "user add alice --admin") and returns the
// positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// envOr returns the environment variable's value, or def when it is unset.
func envOr(sys stdio, name, def string) string {
	if v := strings.TrimSpace(sys.getenv(name)); v != "" {
		return v
	}
	return def
}

// openApp opens the application over the existing database that --db
// names, for one command: a mistyped name must not answer from a new, empty
// database (a backup of nothing, "no such user"). The command acts as
// "cli", with every right: whoever runs it holds the database file. The
// caller must Close the application.
func openApp(ctx context.Context, db string, sys stdio) (*app.App, context.Context, error) {
	if err := databaseExists(db); err != nil {
		return nil, ctx, err
	}
	return createApp(ctx, db, sys)
}

// createApp is openApp for the commands that may start a database (they
// add to it: a user, a timeline, a source): a SQLite file that does not
// exist yet is created.
func createApp(ctx context.Context, db string, sys stdio) (*app.App, context.Context, error) {
	if db == "" {
		return nil, ctx, errNoDB
	}
	a, err := app.Open(ctx, app.Config{DB: db, Getter: sys.getter})
	if err != nil {
		return nil, ctx, err
	}
	return a, claimline.NewContextWithUser(ctx, &claimline.User{Username: "cli", Role: claimline.RoleAdmin}), nil
}

var errNoDB = errors.New("--db is empty: name the database, a SQLite file or a postgres:// URL")

// databaseExists says why db cannot be opened without creating it: it is
// empty, or a SQLite file that is not there.
func databaseExists(db string) error {
	if db == "" {
		return errNoDB
	}
	if store.IsPostgres(db) {
		return nil
	}
	if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("there is no database at %s: check --db (or CLAIMLINE_DB). Only serve, user add, import and source add start a new one", db)
	}
	return nil
}

// dbFlag adds the --db flag of every command that opens the database.
func dbFlag(fs *flag.FlagSet, sys stdio) *string {
	return fs.String("db", envOr(sys, "CLAIMLINE_DB", "claimline.db"), "the database: a SQLite file or a postgres:// URL [CLAIMLINE_DB]")
}

// newFlags returns a flag set that prints its usage to sys.err.
func newFlags(name, synopsis string, sys stdio) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(sys.err)
	fs.Usage = func() {
		fmt.Fprintf(sys.err, "Usage: claimline %s\n\nFlags (environment variable in brackets):\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}
