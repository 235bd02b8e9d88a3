package app

import (
	"context"
	"time"

	"claimline/internal/claimline"
)

// Search is the search index over entries, claims, sources, actors and
// notes.
type Search struct{ st searchStore }

// Run answers a query (internal/search's syntax), best matches first.
func (s *Search) Run(ctx context.Context, q claimline.SearchQuery) (claimline.SearchResults, error) {
	return s.st.Search(ctx, q)
}

// Reindex rebuilds the index from scratch and says how long it took.
func (s *Search) Reindex(ctx context.Context) (time.Duration, error) {
	return s.st.Reindex(ctx)
}
