// Package server is claimline's HTTP interface: the only package that imports
// echo. routes.go holds the whole route table.
package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"claimline/internal/api"
	"claimline/internal/app"
	"claimline/internal/guide"
)

// Config is what the server needs beyond the application. Zero values get
// defaults.
type Config struct {
	// HTTPS says the app is reached over HTTPS (directly or through a
	// TLS-terminating proxy): cookies get Secure and responses HSTS.
	HTTPS bool
	// TrustedProxies are CIDR ranges whose X-Forwarded-For and
	// X-Forwarded-Proto are believed; with none, the client address is the
	// direct peer's and the scheme is HTTPS only with HTTPS set or TLS.
	TrustedProxies []string
	// IdleTimeout ends a session unused this long; SessionLifetime ends any
	// session this old.
	IdleTimeout     time.Duration
	SessionLifetime time.Duration
	Logger          *slog.Logger
	// Demo says the server runs with the demo data: the sign-in page says
	// how to sign in.
	Demo bool
	// PageCacheBytes bounds the memory of rendered timeline pages kept for
	// the next request (pagecache.go): 0 means DefaultPageCacheBytes, a
	// negative value turns the cache off.
	PageCacheBytes int64
	// MaxWrites bounds the state-changing requests worked on at once while
	// pages are being read (admit.go); the others wait their turn. 0 means
	// one for each CPU.
	MaxWrites int
}

func (c *Config) defaults() {
	if c.IdleTimeout == 0 {
		c.IdleTimeout = 12 * time.Hour
	}
	if c.SessionLifetime == 0 {
		c.SessionLifetime = 7 * 24 * time.Hour
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.PageCacheBytes == 0 {
		c.PageCacheBytes = DefaultPageCacheBytes
	}
	if c.MaxWrites <= 0 {
		c.MaxWrites = runtime.GOMAXPROCS(0)
	}
}

// maxWritesAlone bounds the state-changing requests worked on at once
// while no page is being read: as many as the store commits together.
const maxWritesAlone = 128

// Server serves claimline over HTTP.
type Server struct {
	cfg Config
	log *slog.Logger

	// The application's services (services.go), and what the server asks
	// of the application as a whole.
	timelines timelineService
	sources   sourceService
	claims    claimService
	notes     noteService
	users     userService
	exchange  exchangeService
	search    searchService
	history   historyService
	db        database
	now       func() time.Time // the application's clock

	echo *echo.Echo
	// trusted are the reverse proxies whose X-Forwarded-* headers count.
	trusted []*net.IPNet

	// http is built in New, not in Serve, so that a Shutdown that comes
	// before Serve still stops it.
	http *http.Server

	admission *admission // when state-changing requests are worked on (admit.go)

	api   *api.API                     // the JSON API at /api/v1
	pages *pageCache                   // nil when off
	guide func() (*guide.Guide, error) // the guide at /help (help.go)

	setupMu      sync.Mutex
	setupToken   string // "" when no setup link is open
	setupExpires time.Time

	// The capture extension, zipped once (capture.go).
	zipOnce sync.Once
	zips    extensionZips
	zipErr  error
}

// database is what the server asks of the application as a whole: its
// health, a backup, whether anything changed (for the page cache), and
// jobs that must run on one node at a time.
type database interface {
	Ping(ctx context.Context) error
	Backup(ctx context.Context, dest string) error
	BackupElsewhere() string
	Commits() uint64
	// RunJob runs fn unless another node runs the job named name now.
	RunJob(ctx context.Context, name string, fn func(ctx context.Context) error) (bool, error)
}

// New builds a server over the application a, taking its clock.
func New(cfg Config, a *app.App) (*Server, error) {
	cfg.defaults()
	s := &Server{
		cfg: cfg, log: cfg.Logger,
		timelines: a.Timelines, sources: a.Sources, claims: a.Claims, notes: a.Notes,
		users: a.Users, exchange: a.Exchange, search: a.Search, history: a.History,
		db: a, now: a.Now,
		pages:     newPageCache(cfg.PageCacheBytes),
		admission: newAdmission(cfg.MaxWrites, maxWritesAlone),
		guide:     newGuide(),
	}
	var err error
	if s.api, err = api.New(a, cfg.Logger); err != nil {
		return nil, err
	}
	for _, cidr := range cfg.TrustedProxies {
		_, n, err := parseCIDR(cidr)
		if err != nil {
			return nil, err
		}
		s.trusted = append(s.trusted, n)
	}
	e, err := s.newEcho()
	if err != nil {
		return nil, err
	}
	s.echo = e
	s.http = &http.Server{
		Handler:           headAsGet(e),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	return s, nil
}

// Handler returns the HTTP handler, for tests with httptest.
func (s *Server) Handler() http.Handler { return s.http.Handler }

// headAsGet answers HEAD wherever GET is answered: echo routes HEAD only
// where it is registered. The handler sees a GET; net/http, which keeps the
// original HEAD request, sends the headers and drops the body.
func headAsGet(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			get := *r
			get.Method = http.MethodGet
			r = &get
		}
		h.ServeHTTP(w, r)
	})
}

// Serve serves HTTP on ln until Shutdown. After Shutdown it returns nil at
// once, even when Shutdown came first.
func (s *Server) Serve(ln net.Listener) error {
	if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Shutdown stops accepting requests and waits for those under way.
func (s *Server) Shutdown(ctx context.Context) error {
	return s.http.Shutdown(ctx)
}

// OpenSetup creates a one-time setup token valid for 30 minutes when no
// admin exists, and returns the path of the setup link ("" if an admin
// exists already).
func (s *Server) OpenSetup(ctx context.Context) (string, error) {
	has, err := s.users.HasAdmin(ctx)
	if err != nil || has {
		return "", err
	}
	b := make([]byte, 24)
	rand.Read(b)
	s.setupMu.Lock()
	defer s.setupMu.Unlock()
	s.setupToken = base64.RawURLEncoding.EncodeToString(b)
	s.setupExpires = s.now().Add(30 * time.Minute)
	return fmt.Sprintf("/setup?token=%s", s.setupToken), nil
}
