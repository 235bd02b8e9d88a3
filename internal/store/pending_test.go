package store_test

import (
	"context"
	"testing"
	"time"

	"claimline/internal/claimline"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

func TestPendingImports(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2024, 9, 20, 12, 0, 0, 0, time.UTC)
	addr := storetest.Addr(t)
	st, err := store.Open(ctx, addr, store.WithClock(func() time.Time { return now }))
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
	var n int
	if err := rawDB(t, addr).QueryRow(`SELECT count(*) FROM pending_imports`).Scan(&n); err != nil || n != 5 {
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
	// Uploads within one second are kept by the order they came in: the
	// first of six goes, the other five stay.
	var same []string
	for range 6 {
		tk, err := st.SavePendingImport(ctx, bob.ID, "c.csv", []byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		same = append(same, tk)
	}
	for i, tk := range same {
		_, _, err := st.PendingImport(ctx, bob.ID, tk)
		if kept := err == nil; kept != (i > 0) {
			t.Errorf("upload %d of six in one second: kept %v, want only the first gone", i+1, kept)
		}
	}
}
