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
)

// newApp is the application over a fresh database, with cfg (its Getter,
// say), and a context acting as an editor.
func newApp(t *testing.T, cfg ...app.Config) (*app.App, context.Context) {
	t.Helper()
	var c app.Config
	if len(cfg) > 0 {
		c = cfg[0]
	}
	c.DB = filepath.Join(t.TempDir(), "app.db")
	c.Hasher = auth.NewHasher(1)
	a, err := app.Open(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{ID: 1, Username: "ann", Role: claimline.RoleEditor})
	return a, ctx
}

func TestAddDocumentHTMLKeepsOriginalAndUserMetaWins(t *testing.T) {
	a, ctx := newApp(t)
	page := []byte(`<html><head><title>Putin warns NATO</title></head><body><article><h1>Putin warns NATO</h1>
		<p>Russian President Vladimir Putin said on Thursday that NATO countries would be at war with Russia.</p>
		<p>He spoke to a state television reporter in St Petersburg, a day after the talks.</p></article></body></html>`)
	u, _ := url.Parse("https://example.org/news/putin")
	src, existed, err := a.Sources.AddDocument(ctx, claimline.Document{Name: "putin.html", Data: page, URL: u,
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
	orig, typ, err := a.Sources.Original(ctx, src.ID)
	if err != nil || string(orig) != string(page) || !strings.Contains(typ, "html") {
		t.Errorf("original not kept: %d bytes, %q, %v", len(orig), typ, err)
	}
	// The same page again is found, not added.
	again, existed, err := a.Sources.AddDocument(ctx, claimline.Document{Name: "putin.html", Data: page, URL: u})
	if err != nil || !existed || again.ID != src.ID {
		t.Errorf("second add: %v existed=%v id %d/%d", err, existed, again.ID, src.ID)
	}
}

func TestAddDocumentRefusesWhatItCannotRead(t *testing.T) {
	a, ctx := newApp(t)
	_, _, err := a.Sources.AddDocument(ctx, claimline.Document{Name: "scan.pdf", Data: []byte("%PDF-1.7")})
	if claimline.ErrorCode(err) != claimline.EINVALID {
		t.Errorf("a PDF: %v, want EINVALID", err)
	}
	if srcs, _ := a.Sources.List(ctx); len(srcs) != 0 {
		t.Errorf("%d sources saved", len(srcs))
	}
}

func TestAddTextTidiesLineEnds(t *testing.T) {
	a, ctx := newApp(t)
	src, _, err := a.Sources.AddText(ctx, claimline.SourceInput{Title: "Pasted", Text: "First line.\r\nSecond line.\r\n"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(src.Text, "\r") {
		t.Errorf("CR kept in %q", src.Text)
	}
}

// The same article pasted again with a blank line or spaces after it is
// the source the library has, not a second one.
func TestAddTextFindsTheSameTextPastedAgain(t *testing.T) {
	a, ctx := newApp(t)
	text := "Norway's central bank raised its key rate.\n\nThe krone fell."
	first, existed, err := a.Sources.AddText(ctx, claimline.SourceInput{Title: "Rates", Text: text})
	if err != nil || existed {
		t.Fatal(existed, err)
	}
	for _, again := range []string{text + "\n", text + "  \n\n", "\n" + text, text + "\r\n"} {
		src, existed, err := a.Sources.AddText(ctx, claimline.SourceInput{Title: "Rates again", Text: again})
		if err != nil || !existed || src.ID != first.ID {
			t.Errorf("%q: source %d (existed %v, %v), want %d", again, src.ID, existed, err, first.ID)
		}
	}
}

func TestAddUserChecksEverythingBeforeSaving(t *testing.T) {
	a, ctx := newApp(t)
	_, err := a.Users.Add(ctx, "bob", claimline.RoleEditor, "short")
	if claimline.FieldErrors(err)["password"] == "" {
		t.Errorf("weak password: %v, want a password field error", err)
	}
	if _, err := a.Users.ByName(ctx, "bob"); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("user saved despite the refusal: %v", err)
	}
	u, err := a.Users.Add(ctx, "bob", claimline.RoleEditor, "a long enough passphrase")
	if err != nil {
		t.Fatal(err)
	}
	signedIn, err := a.Users.Authenticate(ctx, "bob", "a long enough passphrase")
	if err != nil || signedIn.ID != u.ID || u.Role != claimline.RoleEditor {
		t.Errorf("the new user cannot sign in: %+v %v", signedIn, err)
	}
}

// A wrong password, an unknown name and a disabled user all fail the same
// way, with the one message.
func TestAuthenticateFailsAlike(t *testing.T) {
	a, ctx := newApp(t)
	if _, err := a.Users.Add(ctx, "root", claimline.RoleAdmin, "the admin's passphrase"); err != nil {
		t.Fatal(err)
	}
	bob, err := a.Users.Add(ctx, "bob", claimline.RoleEditor, "bob's own passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Users.Update(ctx, bob.ID, bob.Revision, bob.Role, true); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, password string }{
		{"root", "not the passphrase"}, {"nobody", "the admin's passphrase"}, {"bob", "bob's own passphrase"},
	} {
		_, err := a.Users.Authenticate(ctx, c.name, c.password)
		if claimline.ErrorCode(err) != claimline.EUNAUTH || claimline.ErrorMessage(err) != app.SignInFailed {
			t.Errorf("%s: %v, want EUNAUTH %q", c.name, err, app.SignInFailed)
		}
	}
}

// Changing one's password needs the current one and a good new one; a
// refusal changes nothing.
func TestChangePassword(t *testing.T) {
	a, ctx := newApp(t)
	u, err := a.Users.Add(ctx, "ann", claimline.RoleEditor, "ann's first passphrase")
	if err != nil {
		t.Fatal(err)
	}
	err = a.Users.ChangePassword(ctx, u.ID, "a wrong guess", "ann", false, "")
	if fe := claimline.FieldErrors(err); fe["current"] == "" || fe["password"] == "" {
		t.Errorf("wrong current and weak new password: %v, want both fields named", err)
	}
	if _, err := a.Users.Authenticate(ctx, "ann", "ann's first passphrase"); err != nil {
		t.Errorf("a refused change changed the password: %v", err)
	}
	if err := a.Users.ChangePassword(ctx, u.ID, "ann's first passphrase", "ann's second passphrase", false, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Users.Authenticate(ctx, "ann", "ann's second passphrase"); err != nil {
		t.Errorf("the new password does not sign in: %v", err)
	}
	if err := a.Users.ResetPassword(ctx, u.ID, "password"); claimline.FieldErrors(err)["password"] == "" {
		t.Errorf("a reset to a common password: %v, want a password field error", err)
	}
}
