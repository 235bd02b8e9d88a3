// Package app is claimline's application layer: the use cases that every
// door (the web pages, the command line, the demo and the API to come)
// goes through, in one service per area. It knows nothing of HTTP, flags or
// SQL: the database is an Engine.
package app

import (
	"context"
	"fmt"
	"time"

	"claimline/internal/auth"
	"claimline/internal/fetch"
	"claimline/internal/store"
)

// The SQLite store is an engine.
var _ Engine = (*store.Store)(nil)

// Config is how the application is built. Zero values get defaults.
type Config struct {
	// DB is the database's address: a SQLite file, created if missing.
	DB string
	// Now is the clock of every write and every expiry; time.Now when nil.
	Now func() time.Time
	// Hasher hashes and checks passwords; nil gets one that runs four
	// hashes at a time (about 20 MB each).
	Hasher *auth.Hasher
	// Getter fetches web pages for the source library; nil gets the
	// SSRF-guarded fetcher.
	Getter Getter
}

func (c *Config) defaults() {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Hasher == nil {
		c.Hasher = auth.NewHasher(4)
	}
	if c.Getter == nil {
		c.Getter = fetch.New()
	}
}

// App is claimline's application: its services by area, over one engine.
type App struct {
	Timelines *Timelines // timelines, entries, actors
	Sources   *Sources   // the source library: sources, versions, clippings
	Claims    *Claims    // claims, stances, citations, suggestions
	Notes     *Notes     // discussion notes and mentions
	Users     *Users     // team members, passwords, sessions
	Exchange  *Exchange  // import and export
	Search    *Search    // the search index
	History   *History   // who changed what, and who is editing what

	eng Engine
	now func() time.Time
}

// Open opens (creating and migrating if needed) the database that cfg.DB
// names and builds the application over it. The caller must Close it.
func Open(ctx context.Context, cfg Config) (*App, error) {
	cfg.defaults()
	st, err := store.Open(ctx, cfg.DB, store.WithClock(cfg.Now))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", store.Describe(cfg.DB), err)
	}
	return New(st, cfg), nil
}

// New builds the application over an open engine, whose clock should be
// cfg.Now. Open is the usual way; tests that seed an engine directly use
// New.
func New(eng Engine, cfg Config) *App {
	cfg.defaults()
	return &App{
		Timelines: &Timelines{st: eng},
		Sources:   &Sources{st: eng, get: cfg.Getter},
		Claims:    &Claims{st: eng},
		Notes:     &Notes{st: eng},
		Users:     &Users{st: eng, hasher: cfg.Hasher, logins: auth.NewLogins(eng)},
		Exchange:  &Exchange{st: eng},
		Search:    &Search{st: eng},
		History:   &History{st: eng},
		eng:       eng,
		now:       cfg.Now,
	}
}

// Close closes the database.
func (a *App) Close() error { return a.eng.Close() }

// Now returns the application's current time.
func (a *App) Now() time.Time { return a.now() }

// Ping checks that the database answers and takes writes; it returns EFULL
// or EREADONLY while writes fail for the disk.
func (a *App) Ping(ctx context.Context) error { return a.eng.Ping(ctx) }

// Backup writes a consistent, integrity-checked copy of the database to
// dest, safe while serving.
func (a *App) Backup(ctx context.Context, dest string) error { return a.eng.Backup(ctx, dest) }

// BackupElsewhere returns the message naming the tools that back up the
// database when claimline does not (PostgreSQL), "" when Backup does.
func (a *App) BackupElsewhere() string { return a.eng.BackupElsewhere() }

// Commits returns a number that changes whenever the data may have
// changed (see store.Store.Commits): caches compare it.
func (a *App) Commits() uint64 { return a.eng.Commits() }

// RunJob runs fn, the job named name, unless another node (or command)
// runs the same job on this database now; it returns whether fn ran, and
// fn's error. Jobs meant to run once, not once per node, go through it
// (see store.Store.RunJob).
func (a *App) RunJob(ctx context.Context, name string, fn func(ctx context.Context) error) (bool, error) {
	return a.eng.RunJob(ctx, name, fn)
}
