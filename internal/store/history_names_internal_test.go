package store

import (
	"context"
	"slices"
	"testing"

	"claimline/internal/claimline"
)

// TestChangeUsersListsEachNameOnce: everyone who changed anything, once,
// in order, however many changes each made.
func TestChangeUsersListsEachNameOnce(t *testing.T) {
	st := openInternal(t)
	if got, err := st.ChangeUsers(context.Background()); err != nil || len(got) != 0 {
		t.Fatalf("an empty history: %q %v", got, err)
	}
	for i, name := range []string{"zoe", "ana", "zoe", "bo", "ana", "ana"} {
		slug := "t" + string(rune('a'+i))
		if _, err := st.CreateTimeline(editor(name), claimline.TimelineInput{Title: slug, Slug: slug}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.ChangeUsers(context.Background())
	if err != nil || !slices.Equal(got, []string{"ana", "bo", "zoe"}) {
		t.Errorf("change users: %q %v", got, err)
	}
}

// BenchmarkChangeUsers reads the History filter's names from a history of
// 500,000 records by 20 people.
func BenchmarkChangeUsers(b *testing.B) {
	st, err := Open(context.Background(), b.TempDir()+"/h.db")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	err = st.write(context.Background(), func(tx *Tx) error {
		_, err := tx.ExecContext(context.Background(), `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500000)
			INSERT INTO history (at, username, object_type, object_id, action) SELECT '2026-01-01T00:00:00Z', 'user' || (i % 20), 'entry', i, 'update' FROM n`)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		names, err := st.ChangeUsers(context.Background())
		if err != nil || len(names) != 20 {
			b.Fatalf("%d names, %v", len(names), err)
		}
	}
}
