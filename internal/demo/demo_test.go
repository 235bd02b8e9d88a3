package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/store"
)

// The demo loads (every quote verified by the store) and shows all three
// claim statuses, including claims the articles dispute.
func TestDemoLoads(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	loaded, err := demo.Load(context.Background(), app.New(st, app.Config{}))
	if err != nil || !loaded {
		t.Fatalf("Load = %v, %v", loaded, err)
	}
	tl, _ := st.TimelineBySlug(context.Background(), demo.Slug)
	claims, sources, err := st.Matrix(context.Background(), tl.ID)
	if err != nil {
		t.Fatal(err)
	}
	count := map[claimline.Status]int{}
	for _, c := range claims {
		count[c.Status()]++
	}
	if count[claimline.Disputed] < 2 || count[claimline.Supported] < 3 || count[claimline.Unverified] < 1 || len(sources) != 5 {
		t.Errorf("statuses %v, %d sources", count, len(sources))
	}
	if again, _ := demo.Load(context.Background(), app.New(st, app.Config{})); again {
		t.Error("the demo loaded twice")
	}
}
