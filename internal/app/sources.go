package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"claimline/internal/claimline"
	"claimline/internal/extract"
	"claimline/internal/fetch"
)

// Getter fetches a web page; *fetch.Fetcher is one. Its errors are
// *fetch.Error when the page was refused or could not be had.
type Getter interface {
	Get(ctx context.Context, rawURL string) (*fetch.Page, error)
}

// Sources is the use cases of the source library: sources added from
// files, pasted text or the web, their versions, and passages clipped from
// them. Missing things are ENOTFOUND, bad input EINVALID naming each field.
type Sources struct {
	st  sourceStore
	get Getter
}

// List returns the library, most recently added first, without texts.
func (s *Sources) List(ctx context.Context) ([]claimline.Source, error) {
	return s.st.Sources(ctx)
}

// Get returns a source with its text.
func (s *Sources) Get(ctx context.Context, id int64) (*claimline.Source, error) {
	return s.st.Source(ctx, id)
}

// Original returns the document a source's text was extracted from, and
// its media type; ENOTFOUND when none was kept.
func (s *Sources) Original(ctx context.Context, id int64) ([]byte, string, error) {
	return s.st.SourceOriginal(ctx, id)
}

// Uses returns the citations and stances that quote a source.
func (s *Sources) Uses(ctx context.Context, id int64) ([]claimline.Citation, []claimline.Assessment, error) {
	return s.st.SourceUses(ctx, id)
}

// Update changes a source's metadata, read at revision rev.
func (s *Sources) Update(ctx context.Context, id, rev int64, in claimline.SourceInput) (*claimline.Source, error) {
	return s.st.UpdateSource(ctx, id, rev, in)
}

// Delete deletes a source read at revision rev; one still quoted is
// ECONFLICT.
func (s *Sources) Delete(ctx context.Context, id, rev int64) error {
	return s.st.DeleteSource(ctx, id, rev)
}

// AddDocument extracts a document's readable text (keeping HTML as the
// original, for download) and adds it to the library, with the title,
// outlet, author and published date the document gives of itself (an
// uploaded file also keeps its name). It returns the source and whether the
// same text or address was there already. A document that cannot be read
// is an EINVALID error that says why.
func (s *Sources) AddDocument(ctx context.Context, d claimline.Document) (*claimline.Source, bool, error) {
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
		in.URL, ns.FileName = doc.URL, d.Name
	}
	overlay(&in, d.Meta)
	ns.SourceInput = in
	src, existed, err := s.st.CreateSource(ctx, ns)
	if err == nil && d.URL == nil && in.URL != "" {
		// A file that names its address (a clip's front matter, or the
		// form's): another text there is not dropped without a word.
		err = otherText(src, existed, in.Text)
	}
	return src, existed, err
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
// tidied as for files; without a title it gets one from its first line or
// sentence, marked as suggested, as a file does. It returns the source and
// whether it was there already; invalid input is an EINVALID error naming
// each field, and another text under an address the library holds an
// ECONFLICT one (see otherText).
func (s *Sources) AddText(ctx context.Context, in claimline.SourceInput) (*claimline.Source, bool, error) {
	in.Text = extract.CleanText(in.Text)
	ns := claimline.NewSource{SourceInput: in}
	if strings.TrimSpace(in.Title) == "" && strings.TrimSpace(in.Text) != "" {
		ns.Title, ns.TitleSuggested = extract.TitleOf(in.Text)
	}
	src, existed, err := s.st.CreateSource(ctx, ns)
	if err == nil {
		err = otherText(src, existed, in.Text)
	}
	return src, existed, err
}

// otherText refuses to pass off a source the library found by its address
// as the one being added when it holds another text: the text given would
// be dropped without a word. It returns an ECONFLICT error (with
// claimline.ErrOtherText) naming the source, which is returned too, so
// that the text can be offered as its new version. (A fetched or captured
// page under a known address is the source: one that changed is checked
// or captured again.)
func otherText(src *claimline.Source, existed bool, text string) error {
	if !existed || strings.TrimSpace(src.Text) == strings.TrimSpace(text) {
		return nil
	}
	return &claimline.Error{Code: claimline.ECONFLICT, Err: claimline.ErrOtherText,
		Message: fmt.Sprintf("This address is already in the library, as source %d, with another text; nothing was saved.", src.ID),
		Fields:  map[string]string{"url": fmt.Sprintf("Already in the library as “%s”, with another text.", src.Title)}}
}

// Fetch fetches a web page (outside any transaction) and adds it to the
// library as AddDocument does, with what meta gives winning over what the
// page says of itself. A page refused or not had is a *fetch.Error saying
// why.
func (s *Sources) Fetch(ctx context.Context, rawURL string, meta claimline.SourceInput) (*claimline.Source, bool, error) {
	d, err := s.fetch(ctx, rawURL)
	if err != nil {
		return nil, false, err
	}
	d.Meta = meta
	return s.AddDocument(ctx, d)
}

// fetch gets a page as a document to extract.
func (s *Sources) fetch(ctx context.Context, rawURL string) (claimline.Document, error) {
	page, err := s.get.Get(ctx, rawURL)
	if err != nil {
		return claimline.Document{}, err
	}
	name := "page.txt"
	if page.ContentType == "text/html" {
		name = "page.html"
	}
	requested, err := url.Parse(rawURL) // parsed once already by the fetch
	if err != nil {
		return claimline.Document{}, err
	}
	return claimline.Document{Name: name, Data: page.Body, URL: requested}, nil
}

// Versions returns the texts a source has had, newest first, without the
// texts themselves.
func (s *Sources) Versions(ctx context.Context, sourceID int64) ([]claimline.Version, error) {
	return s.st.Versions(ctx, sourceID)
}

// Version returns one of a source's versions, by its number.
func (s *Sources) Version(ctx context.Context, sourceID int64, number int) (*claimline.Version, error) {
	return s.st.Version(ctx, sourceID, number)
}

// Copies returns the sources that share much of a source's text either
// way (see claimline.Copy).
func (s *Sources) Copies(ctx context.Context, id int64) ([]claimline.Copy, error) {
	return s.st.Copies(ctx, id)
}

// UpdateDocument gives a source a new text from an uploaded file (or, with
// d.URL set, a fetched page): the text is extracted as when adding one. It
// returns the version the source now has and whether it is new.
func (s *Sources) UpdateDocument(ctx context.Context, sourceID int64, d claimline.Document) (*claimline.Version, bool, error) {
	doc, original, originalType, err := extract.File(d.Name, d.Data, d.URL)
	if err != nil {
		return nil, false, claimline.Errorf(claimline.EINVALID, "%s", err)
	}
	return s.st.AddVersion(ctx, sourceID, claimline.NewVersion{Text: doc.Text, Original: original, OriginalType: originalType})
}

// UpdateText gives a source a pasted new text, tidied as for files.
func (s *Sources) UpdateText(ctx context.Context, sourceID int64, text string) (*claimline.Version, bool, error) {
	return s.st.AddVersion(ctx, sourceID, claimline.NewVersion{Text: extract.CleanText(text)})
}

// RecheckTargets returns the sources that have a web address, to recheck.
func (s *Sources) RecheckTargets(ctx context.Context) ([]int64, error) {
	return s.st.RecheckTargets(ctx)
}

// Recheck fetches a source's address again (outside any transaction) and
// keeps the page as a new version when its text changed. The outcome is
// "unchanged", "changed" or "failed" with the reason; the error is only for
// a source that does not exist or a database failure.
func (s *Sources) Recheck(ctx context.Context, sourceID int64) (claimline.RecheckResult, error) {
	src, err := s.st.Source(ctx, sourceID)
	if err != nil {
		return claimline.RecheckResult{SourceID: sourceID}, err
	}
	r := claimline.RecheckResult{SourceID: src.ID, Title: src.Title}
	fail := func(reason string) (claimline.RecheckResult, error) {
		r.Outcome, r.Reason = "failed", reason
		return r, nil
	}
	if src.WebURL() == "" {
		return fail("it has no web address")
	}
	d, err := s.fetch(ctx, src.URL)
	var fe *fetch.Error
	if errors.As(err, &fe) {
		return fail(fe.Reason)
	} else if err != nil {
		return fail(err.Error())
	}
	v, changed, err := s.UpdateDocument(ctx, src.ID, d)
	switch {
	case claimline.ErrorCode(err) == claimline.EINVALID || claimline.ErrorCode(err) == claimline.ECONFLICT:
		return fail(claimline.ErrorMessage(err))
	case err != nil:
		return r, err
	}
	r.Version = v
	r.Outcome = "unchanged"
	if changed {
		r.Outcome = "changed"
	}
	return r, nil
}

// EntryChoices returns every entry a passage of the source could be
// evidence for: those resting on the source first, then by timeline and
// date.
func (s *Sources) EntryChoices(ctx context.Context, sourceID int64) ([]claimline.EntryChoice, error) {
	return s.st.EntryChoices(ctx, sourceID)
}

// ClippingChoices returns what the clippings tray can be saved as, in
// one timeline.
func (s *Sources) ClippingChoices(ctx context.Context, timelineID int64) (claimline.ClippingChoices, error) {
	return s.st.ClippingChoices(ctx, timelineID)
}

// SaveClippings saves a tray of clipped passages as stances and citations,
// all or nothing; every problem is named on its clipping.
func (s *Sources) SaveClippings(ctx context.Context, clips []claimline.Clipping) (claimline.ClippingsSaved, error) {
	return s.st.SaveClippings(ctx, clips)
}
