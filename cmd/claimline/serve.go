package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"claimline/internal/app"
	"claimline/internal/demo"
	"claimline/internal/server"
	"claimline/internal/store"
)

// serveConfig is everything "claimline serve" can be told.
type serveConfig struct {
	Addr, DB, LogFormat string
	Demo, HTTPS         bool
	TrustedProxies      []string
	Idle, Lifetime      time.Duration
	PageCacheMB         int64
	// Scheduled backups: off when BackupDir is "".
	BackupDir   string
	BackupEvery time.Duration
	BackupKeep  int64
}

func serveCmd(ctx context.Context, args []string, sys stdio) error {
	var cfg serveConfig
	var proxies string
	fs := newFlags("serve", "serve [flags]", sys)
	env := &envDefaults{sys: sys}
	fs.StringVar(&cfg.Addr, "addr", envOr(sys, "CLAIMLINE_ADDR", ":8080"), "address to listen on [CLAIMLINE_ADDR]")
	fs.StringVar(&cfg.DB, "db", envOr(sys, "CLAIMLINE_DB", "claimline.db"), "the database: a SQLite file, created if missing, or a postgres:// URL [CLAIMLINE_DB]")
	fs.BoolVar(&cfg.Demo, "demo", envOr(sys, "CLAIMLINE_DEMO", "") == "true", "load the demo timeline into an empty database and print a demo admin's password [CLAIMLINE_DEMO=true]")
	fs.BoolVar(&cfg.HTTPS, "https", envOr(sys, "CLAIMLINE_HTTPS", "") == "true", "the app is reached over HTTPS (e.g. behind a TLS proxy): Secure cookies and HSTS [CLAIMLINE_HTTPS=true]")
	fs.StringVar(&proxies, "trusted-proxies", envOr(sys, "CLAIMLINE_TRUSTED_PROXIES", ""), "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are trusted [CLAIMLINE_TRUSTED_PROXIES]")
	fs.DurationVar(&cfg.Idle, "idle-timeout", env.duration("CLAIMLINE_IDLE_TIMEOUT", 12*time.Hour), "sign a user out after this long without a request [CLAIMLINE_IDLE_TIMEOUT]")
	fs.DurationVar(&cfg.Lifetime, "session-lifetime", env.duration("CLAIMLINE_SESSION_LIFETIME", 7*24*time.Hour), "sign a user out this long after sign-in, whatever their activity [CLAIMLINE_SESSION_LIFETIME]")
	fs.Int64Var(&cfg.PageCacheMB, "page-cache-mb", env.int("CLAIMLINE_PAGE_CACHE_MB", server.DefaultPageCacheBytes>>20), "memory for rendered timeline pages kept for the next request, in MiB; 0 turns the cache off [CLAIMLINE_PAGE_CACHE_MB]")
	fs.StringVar(&cfg.LogFormat, "log-format", envOr(sys, "CLAIMLINE_LOG_FORMAT", "text"), "log format: text or json [CLAIMLINE_LOG_FORMAT]")
	fs.StringVar(&cfg.BackupDir, "backup-dir", envOr(sys, "CLAIMLINE_BACKUP_DIR", ""), "take a checked backup of the database into this folder while serving; off when empty [CLAIMLINE_BACKUP_DIR]")
	fs.DurationVar(&cfg.BackupEvery, "backup-every", env.duration("CLAIMLINE_BACKUP_EVERY", 24*time.Hour), "how often to take a backup into --backup-dir [CLAIMLINE_BACKUP_EVERY]")
	fs.Int64Var(&cfg.BackupKeep, "backup-keep", env.int("CLAIMLINE_BACKUP_KEEP", 14), "how many backups to keep in --backup-dir, the newest [CLAIMLINE_BACKUP_KEEP]")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := env.err(); err != nil {
		return err
	}
	if len(pos) > 0 {
		fs.Usage()
		return errUsage
	}
	for _, p := range strings.Split(proxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			cfg.TrustedProxies = append(cfg.TrustedProxies, p)
		}
	}
	in, err := start(ctx, cfg, sys)
	if err != nil {
		return err
	}
	defer in.Close()
	return in.Run(ctx)
}

// envDefaults reads flags' defaults from the environment and remembers
// the values that do not parse: a mistyped CLAIMLINE_BACKUP_EVERY must not
// quietly become the default.
type envDefaults struct {
	sys stdio
	bad []string
}

func (e *envDefaults) int(name string, def int64) int64 {
	v := envOr(e.sys, name, "")
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		e.bad = append(e.bad, fmt.Sprintf("%s=%q is not a whole number", name, v))
		return def
	}
	return n
}

func (e *envDefaults) duration(name string, def time.Duration) time.Duration {
	v := envOr(e.sys, name, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		e.bad = append(e.bad, fmt.Sprintf("%s=%q is not a duration such as 90m or 24h", name, v))
		return def
	}
	return d
}

// err names every value that did not parse.
func (e *envDefaults) err() error {
	if len(e.bad) == 0 {
		return nil
	}
	return fmt.Errorf("environment: %s", strings.Join(e.bad, "; "))
}

// instance is a running claimline: the application, its HTTP server and
// their listener.
type instance struct {
	cfg    serveConfig
	sys    stdio
	log    *slog.Logger
	app    *app.App
	server *server.Server
	ln     net.Listener
}

// start opens the database (migrating it), loads the demo when asked,
// builds the server and starts listening. The caller must Close it.
func start(ctx context.Context, cfg serveConfig, sys stdio) (*instance, error) {
	in := &instance{cfg: cfg, sys: sys, log: newLogger(cfg.LogFormat, sys)}
	if cfg.DB == "" {
		return nil, errNoDB
	}
	if cfg.BackupDir != "" && store.IsPostgres(cfg.DB) {
		return nil, fmt.Errorf("--backup-dir: %w", store.ErrPostgresBackup)
	}
	if cfg.BackupDir != "" {
		if err := app.CheckBackups(cfg.BackupDir, cfg.BackupEvery, int(cfg.BackupKeep)); err != nil {
			return nil, err
		}
	}
	var err error
	if in.app, err = app.Open(ctx, app.Config{DB: cfg.DB}); err != nil {
		return nil, err
	}
	pageCache := cfg.PageCacheMB << 20
	if pageCache <= 0 {
		pageCache = -1 // off
	}
	if in.server, err = server.New(server.Config{HTTPS: cfg.HTTPS, TrustedProxies: cfg.TrustedProxies,
		IdleTimeout: cfg.Idle, SessionLifetime: cfg.Lifetime, Logger: in.log, Demo: cfg.Demo, PageCacheBytes: pageCache}, in.app); err != nil {
		in.app.Close()
		return nil, err
	}
	if cfg.Demo {
		if err := in.loadDemo(ctx); err != nil {
			in.app.Close()
			return nil, err
		}
	}
	if in.ln, err = net.Listen("tcp", cfg.Addr); err != nil {
		in.app.Close()
		return nil, fmt.Errorf("listen: %w", err)
	}
	return in, nil
}

func newLogger(format string, sys stdio) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(sys.err, nil))
	}
	return slog.New(slog.NewTextHandler(sys.err, nil))
}

// loadDemo loads the demo timeline into an empty database and gives the
// "demo" admin a fresh password, printed once.
func (in *instance) loadDemo(ctx context.Context) error {
	loaded, err := demo.Load(ctx, in.app)
	if err != nil {
		return err
	}
	if loaded {
		in.log.Info("demo timeline loaded", "slug", demo.Slug)
	}
	b := make([]byte, 12)
	rand.Read(b)
	password := base64.RawURLEncoding.EncodeToString(b)
	if err := demo.SetAdmin(ctx, in.app.Users, password); err != nil {
		return err
	}
	fmt.Fprintf(in.sys.out, "Demo admin: user name %q, password %q (new at every --demo start)\n", demo.AdminName, password)
	return nil
}

// Addr returns the address the app listens on.
func (in *instance) Addr() string { return in.ln.Addr().String() }

// Run serves until ctx is cancelled (SIGINT or SIGTERM), then shuts down
// gracefully, letting requests under way finish.
func (in *instance) Run(ctx context.Context) error {
	url := "http://" + displayAddr(in.Addr())
	link, err := in.server.OpenSetup(ctx)
	if err != nil {
		return err
	}
	if link != "" {
		fmt.Fprintf(in.sys.out, "No admin exists yet. Within 30 minutes, open this one-time link to create one:\n  %s%s\n(or stop the server and run: claimline user add --admin NAME)\n", url, link)
	}
	in.log.Info("claimline listening", "url", url, "db", store.Describe(in.cfg.DB))
	if in.sys.ready != nil {
		in.sys.ready(in.Addr())
	}
	// Scheduled backups stop with the server, before the database closes.
	backupsDone := make(chan struct{})
	backupCtx, stopBackups := context.WithCancel(ctx)
	defer func() { stopBackups(); <-backupsDone }()
	go func() {
		defer close(backupsDone)
		if in.cfg.BackupDir != "" {
			b := app.Backups{Dir: in.cfg.BackupDir, Every: in.cfg.BackupEvery, Keep: int(in.cfg.BackupKeep), Take: in.app.Backup, Log: in.log}
			due, _ := b.Due()
			in.log.Info("scheduled backups", "dir", b.Dir, "every", b.Every.String(), "keep", b.Keep, "next in", due.Round(time.Second).String())
			b.Run(backupCtx)
		}
	}()
	errc := make(chan error, 1)
	go func() { errc <- in.server.Serve(in.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	in.log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := in.server.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return <-errc
}

// Close closes the listener and the database.
func (in *instance) Close() error {
	in.ln.Close()
	return in.app.Close()
}

// displayAddr turns ":8080" into "localhost:8080" for a clickable link.
func displayAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
