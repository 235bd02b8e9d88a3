package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"claimline/internal/claimline"
	"claimline/internal/store"
)

func TestPendingImports(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	ctx := context.Background()
	now := time.Date(2024, 9, 20, 12, 0, 0, 0, time.UTC)
	st, err := store.Open(ctx, path, store.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ann, err := st.CreateUser(ctx, "ann", claimline.RoleEditor, "x")
	if err != nil {
		t.Fatal(err)
	}
	bob, _ := st.CreateUser(ctx, "bob", claimline.RoleEditor, "x")
	tok, err := st.SavePendingImport(ctx, ann.ID, "a.csv", []byte("date,kind,title\n"))
	if err != nil || len(tok) < 40 {
		t.Fatalf("token %q, %v", tok, err)
	}
	name, data, err := st.PendingImport(ctx, ann.ID, tok)
	if err != nil || name != "a.csv" || string(data) != "date,kind,title\n" {
		t.Fatalf("%q %q %v", name, data, err)
	}
	if _, _, err := st.PendingImport(ctx, bob.ID, tok); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("another user's upload: %v", err)
	}
	// Expired: unreadable, and removed by the next upload.
	now = now.Add(store.PendingImportLifetime + time.Second)
	if _, _, err := st.PendingImport(ctx, ann.ID, tok); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("expired upload: %v", err)
	}
	var toks []string
	for range 7 {
		tk, err := st.SavePendingImport(ctx, bob.ID, "b.csv", []byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		toks = append(toks, tk)
		now = now.Add(time.Second)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM pending_imports`).Scan(&n); err != nil || n != 5 {
		t.Errorf("%d pending imports kept, want bob's newest 5 (ann's expired one removed)", n)
	}
	if _, _, err := st.PendingImport(ctx, bob.ID, toks[1]); err == nil {
		t.Error("the oldest of bob's uploads beyond five was kept")
	}
	if err := st.DeletePendingImport(ctx, bob.ID, toks[6]); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.PendingImport(ctx, bob.ID, toks[6]); err == nil {
		t.Error("deleted upload still readable")
	}
}
