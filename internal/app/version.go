package app

import (
	"context"
	"errors"
	"net/url"

	"claimline/internal/claimline"
	"claimline/internal/extract"
	"claimline/internal/fetch"
)

// Getter fetches a web page; *fetch.Fetcher is one.
type Getter interface {
	Get(ctx context.Context, rawURL string) (*fetch.Page, error)
}

// UpdateDocument gives a source a new text from an uploaded file (or, with
// d.URL set, a fetched page): the text is extracted as when adding one. It
// returns the version the source now has and whether it is new.
func (a *App) UpdateDocument(ctx context.Context, sourceID int64, d Document) (*claimline.Version, bool, error) {
	doc, original, originalType, err := extract.File(d.Name, d.Data, d.URL)
	if err != nil {
		return nil, false, claimline.Errorf(claimline.EINVALID, "%s", err)
	}
	return a.AddVersion(ctx, sourceID, claimline.NewVersion{Text: doc.Text, Original: original, OriginalType: originalType})
}

// UpdateText gives a source a pasted new text, tidied as for files.
func (a *App) UpdateText(ctx context.Context, sourceID int64, text string) (*claimline.Version, bool, error) {
	return a.AddVersion(ctx, sourceID, claimline.NewVersion{Text: extract.CleanText(text)})
}

// Recheck fetches a source's address again (outside any transaction) and
// keeps the page as a new version when its text changed. The outcome is
// "unchanged", "changed" or "failed" with the reason; the error is only for
// a source that does not exist or a database failure.
func (a *App) Recheck(ctx context.Context, g Getter, sourceID int64) (claimline.RecheckResult, error) {
	src, err := a.Source(ctx, sourceID)
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
	page, err := g.Get(ctx, src.URL)
	var fe *fetch.Error
	if errors.As(err, &fe) {
		return fail(fe.Reason)
	} else if err != nil {
		return fail(err.Error())
	}
	u, _ := url.Parse(src.URL)
	name := "page.txt"
	if page.ContentType == "text/html" {
		name = "page.html"
	}
	v, changed, err := a.UpdateDocument(ctx, src.ID, Document{Name: name, Data: page.Body, URL: u})
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
