package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// On PostgreSQL several claimline nodes may share the database. Each write
// transaction that commits notifies commitChannel, naming its node; every
// node listens on a connection of its own and counts the other nodes'
// commits in Commits, so that a page cached on one node is read again as
// soon as another node changes the data (NOTIFY is delivered at commit, to
// every listener, within milliseconds).

// commitChannel is the channel the nodes' commits are announced on.
const commitChannel = "claimline_commits"

// notifySQL announces the running write transaction's commit, at its commit.
const notifySQL = `SELECT pg_notify('` + commitChannel + `', ?)`

// listener is a node's ear for the other nodes' commits.
type listener struct {
	node string      // this node's name in its own notifications
	live atomic.Bool // listening now: no commit can go unheard
	done chan struct{}
}

// relisten is how long the listener waits before connecting again after
// losing its connection.
const relisten = time.Second

// listen starts the listener of s on its own connection, made from cfg, and
// returns once it listens (or has failed to: it then keeps trying, and until
// it listens every call of Commits counts a change). It stops when the store
// closes.
func (s *Store) listen(ctx context.Context, cfg *pgx.ConnConfig) {
	b := make([]byte, 8)
	rand.Read(b)
	s.ear = &listener{node: hex.EncodeToString(b), done: make(chan struct{})}
	first, _ := s.connectEar(ctx, cfg)
	lctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-s.closing
		cancel()
	}()
	go func() {
		defer close(s.ear.done)
		c := first
		for lctx.Err() == nil {
			if c != nil {
				s.hear(lctx, c)
			}
			select {
			case <-lctx.Done():
				return
			case <-time.After(relisten):
			}
			c, _ = s.connectEar(lctx, cfg)
		}
	}()
}

// connectEar connects the listener and LISTENs. Commits made while it was
// not listening cannot be known: one change is counted once it listens.
func (s *Store) connectEar(ctx context.Context, cfg *pgx.ConnConfig) (*pgx.Conn, error) {
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if _, err := c.Exec(ctx, `LISTEN `+commitChannel); err != nil {
		c.Close(context.Background())
		return nil, err
	}
	s.ear.live.Store(true)
	s.watch.changed.Add(1)
	return c, nil
}

// hear counts other nodes' commits until the connection fails or ctx ends.
func (s *Store) hear(ctx context.Context, c *pgx.Conn) {
	defer c.Close(context.Background())
	defer s.ear.live.Store(false)
	for {
		n, err := c.WaitForNotification(ctx)
		if err != nil {
			return
		}
		if n.Payload != s.ear.node {
			s.watch.changed.Add(1)
		}
	}
}
