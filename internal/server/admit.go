package server

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// admission decides when a state-changing request may be worked on. While
// pages are being read, a write is worked on (its form parsed, checked and
// saved) with at most a few others, Config.MaxWrites in all; while none is,
// with up to a batch's worth. The others wait, parked, before anything of
// theirs is read or parsed, first come first served. On two cores, a
// hundred writers at full speed otherwise take the CPU from readers whose
// pages are already in memory; with few writes at a time, the database's
// one writer also waits for each commit's fsync with the CPU left to the
// readers. With no one reading, writes go in together and are committed
// together (store.write), at the full rate. Reads are never held.
type admission struct {
	busy, idle int // the writes worked on at once while reads are under way, and while none is

	mu       sync.Mutex
	writing  int
	reading  int
	lastRead time.Time       // when the last read ended
	waiting  []chan struct{} // writes waiting, oldest first
}

// readQuiet is how long after the last read writes are still limited as
// while reading: readers come back at once, and a burst of writes let in
// between two of their requests would hold the CPU for the next ones.
const readQuiet = 100 * time.Millisecond

func newAdmission(busy, idle int) *admission { return &admission{busy: busy, idle: idle} }

func (a *admission) limit() int {
	if a.reading > 0 || time.Since(a.lastRead) < readQuiet {
		return a.busy
	}
	return a.idle
}

// admitLocked lets the oldest waiting writes in, as many as the limit allows.
func (a *admission) admitLocked() {
	for len(a.waiting) > 0 && a.writing < a.limit() {
		close(a.waiting[0])
		a.waiting = a.waiting[1:]
		a.writing++
	}
}

// write waits until a write may be worked on, or ctx ends; on success the
// caller must call done when the write is over.
func (a *admission) write(ctx context.Context) error {
	a.mu.Lock()
	if len(a.waiting) == 0 && a.writing < a.limit() {
		a.writing++
		a.mu.Unlock()
		return nil
	}
	turn := make(chan struct{})
	a.waiting = append(a.waiting, turn)
	a.mu.Unlock()
	select {
	case <-turn:
		return nil
	case <-ctx.Done():
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, w := range a.waiting {
		if w == turn {
			a.waiting = append(a.waiting[:i], a.waiting[i+1:]...)
			return ctx.Err()
		}
	}
	// Let in meanwhile: give the place to the next.
	a.writing--
	a.admitLocked()
	return ctx.Err()
}

func (a *admission) doneWriting() {
	a.mu.Lock()
	a.writing--
	a.admitLocked()
	a.mu.Unlock()
}

func (a *admission) read() {
	a.mu.Lock()
	a.reading++
	a.mu.Unlock()
}

func (a *admission) doneReading() {
	a.mu.Lock()
	a.reading--
	a.lastRead = time.Now()
	a.mu.Unlock()
}

// admit is the middleware of admission: every request goes through it.
func (s *Server) admit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			s.admission.read()
			defer s.admission.doneReading()
			return next(c)
		}
		if err := s.admission.write(c.Request().Context()); err != nil {
			return err // the client hung up while waiting
		}
		defer s.admission.doneWriting()
		return next(c)
	}
}
