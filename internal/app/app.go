// Package app holds the use cases that claimline's front ends share: the web
// app, the command line and the demo call these, so that each is written
// once. It knows nothing of HTTP or flags.
package app

import (
	"context"
	"net/url"

	"claimline/internal/auth"
	"claimline/internal/claimline"
	"claimline/internal/extract"
	"claimline/internal/store"
)

// App is claimline's application layer over its store.
type App struct {
	*store.Store
	Hasher *auth.Hasher
}

// New returns the application over st, hashing passwords with h.
func New(st *store.Store, h *auth.Hasher) *App {
	return &App{Store: st, Hasher: h}
}

// Document is a file or fetched page to add to the source library.
type Document struct {
	Name string   // the file name (for a fetched page, the last part of its path)
	Data []byte   // the file as uploaded or fetched
	URL  *url.URL // the address a page was fetched from; nil for a file
	// Meta is what the user says of the document; each field given wins
	// over what the document says of itself. Its Text is ignored.
	Meta claimline.SourceInput
}

// AddDocument extracts a document's readable text (keeping HTML as the
// original, for download) and adds it to the library, with the title,
// outlet, author and published date the document gives of itself (an
// uploaded file also keeps its name). It returns the source
// and whether the same text or address was there already. A document that
// cannot be read is an EINVALID error that says why.
func (a *App) AddDocument(ctx context.Context, d Document) (*claimline.Source, bool, error) {
	doc, original, originalType, err := extract.File(d.Name, d.Data, d.URL)
	if err != nil {
		return nil, false, claimline.Errorf(claimline.EINVALID, "%s", err)
	}
	if _, _, err := claimline.ParseDate(doc.Published); err != nil {
		doc.Published = "" // a page's own odd date is no reason to refuse it
	}
	in := claimline.SourceInput{Title: doc.Title, Author: doc.Author, Outlet: doc.Outlet, Published: doc.Published, Text: doc.Text}
	ns := claimline.NewSource{Original: original, OriginalType: originalType, TitleSuggested: doc.TitleSuggested && d.Meta.Title == ""}
	if d.URL != nil {
		in.URL = d.URL.String()
	} else {
		ns.FileName = d.Name
	}
	overlay(&in, d.Meta)
	ns.SourceInput = in
	return a.CreateSource(ctx, ns)
}

// overlay sets each field of in that m gives.
func overlay(in *claimline.SourceInput, m claimline.SourceInput) {
	for _, f := range []struct{ dst, src *string }{
		{&in.Title, &m.Title}, {&in.Outlet, &m.Outlet}, {&in.Author, &m.Author}, {&in.URL, &m.URL},
		{&in.Published, &m.Published}, {&in.Grade, &m.Grade}, {&in.Notes, &m.Notes},
	} {
		if *f.src != "" {
			*f.dst = *f.src
		}
	}
}

// AddText adds a pasted text to the library, its white space and line ends
// tidied as for files. It returns the source and whether it was there
// already; invalid input is an EINVALID error naming each field.
func (a *App) AddText(ctx context.Context, in claimline.SourceInput) (*claimline.Source, bool, error) {
	in.Text = extract.CleanText(in.Text)
	return a.CreateSource(ctx, claimline.NewSource{SourceInput: in})
}

// AddUser checks the user name and the password rules, hashes the
// password and creates the user. Every problem is an EINVALID error on its
// field ("username", "password", "role").
func (a *App) AddUser(ctx context.Context, username string, role claimline.Role, password string) (*claimline.User, error) {
	p := claimline.Problems{}
	for f, m := range claimline.FieldErrors(claimline.ValidateUsername(username)) {
		p.Add(f, m)
	}
	for f, m := range claimline.FieldErrors(auth.CheckPassword(password, username)) {
		p.Add(f, m)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	hash, err := a.Hasher.Hash(ctx, password)
	if err != nil {
		return nil, err
	}
	return a.Store.CreateUser(ctx, username, role, hash)
}
