package app_test

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"claimline/internal/app"
	"claimline/internal/auth"
	"claimline/internal/claimline"
	"claimline/internal/store"
)

func newApp(t *testing.T) (*app.App, context.Context) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "app.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{ID: 1, Username: "ann", Role: claimline.RoleEditor})
	return app.New(st, auth.NewHasher(1)), ctx
}

func TestAddDocumentHTMLKeepsOriginalAndUserMetaWins(t *testing.T) {
	a, ctx := newApp(t)
	page := []byte(`<html><head><title>Putin warns NATO</title></head><body><article><h1>Putin warns NATO</h1>
		<p>Russian President Vladimir Putin said on Thursday that NATO countries would be at war with Russia.</p>
		<p>He spoke to a state television reporter in St Petersburg, a day after the talks.</p></article></body></html>`)
	u, _ := url.Parse("https://example.org/news/putin")
	src, existed, err := a.AddDocument(ctx, app.Document{Name: "putin.html", Data: page, URL: u,
		Meta: claimline.SourceInput{Outlet: "Example News", Grade: "B"}})
	if err != nil || existed {
		t.Fatalf("AddDocument: %v existed=%v", err, existed)
	}
	if src.URL != u.String() || src.Outlet != "Example News" || src.Grade != "B" || src.Title != "Putin warns NATO" {
		t.Errorf("source metadata: %+v", src)
	}
	if strings.Contains(src.Text, "<p>") || !strings.Contains(src.Text, "NATO countries would be at war") {
		t.Errorf("text is not the readable text: %q", src.Text)
	}
	orig, typ, err := a.SourceOriginal(ctx, src.ID)
	if err != nil || string(orig) != string(page) || !strings.Contains(typ, "html") {
		t.Errorf("original not kept: %d bytes, %q, %v", len(orig), typ, err)
	}
	// The same page again is found, not added.
	again, existed, err := a.AddDocument(ctx, app.Document{Name: "putin.html", Data: page, URL: u})
	if err != nil || !existed || again.ID != src.ID {
		t.Errorf("second add: %v existed=%v id %d/%d", err, existed, again.ID, src.ID)
	}
}

func TestAddDocumentRefusesWhatItCannotRead(t *testing.T) {
	a, ctx := newApp(t)
	_, _, err := a.AddDocument(ctx, app.Document{Name: "scan.pdf", Data: []byte("%PDF-1.7")})
	if claimline.ErrorCode(err) != claimline.EINVALID {
		t.Errorf("a PDF: %v, want EINVALID", err)
	}
	if srcs, _ := a.Sources(ctx); len(srcs) != 0 {
		t.Errorf("%d sources saved", len(srcs))
	}
}

func TestAddTextTidiesLineEnds(t *testing.T) {
	a, ctx := newApp(t)
	src, _, err := a.AddText(ctx, claimline.SourceInput{Title: "Pasted", Text: "First line.\r\nSecond line.\r\n"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(src.Text, "\r") {
		t.Errorf("CR kept in %q", src.Text)
	}
}

func TestAddUserChecksEverythingBeforeSaving(t *testing.T) {
	a, ctx := newApp(t)
	_, err := a.AddUser(ctx, "bob", claimline.RoleEditor, "short")
	if claimline.FieldErrors(err)["password"] == "" {
		t.Errorf("weak password: %v, want a password field error", err)
	}
	if _, err := a.UserByName(ctx, "bob"); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("user saved despite the refusal: %v", err)
	}
	u, err := a.AddUser(ctx, "bob", claimline.RoleEditor, "a long enough passphrase")
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := a.UserByName(ctx, "bob")
	ok, err := a.Hasher.Verify(ctx, "a long enough passphrase", stored.PasswordHash)
	if !ok || err != nil || u.Role != claimline.RoleEditor {
		t.Errorf("stored hash does not verify: %v %v", ok, err)
	}
}
