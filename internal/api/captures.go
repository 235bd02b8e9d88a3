package api

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/views"
)

// CreateCapture keeps a page sent from the user's browser as a source (or
// a new version of the source at its address), with the passage they
// selected anchored in its text and put on their tray: 201 when something
// was stored, 200 when the text was there already.
func (a *API) CreateCapture(c echo.Context) error {
	var in CaptureCreate
	if err := decode(c, &in); err != nil {
		return err
	}
	capture := claimline.Capture{URL: in.Url, CanonicalURL: str(in.CanonicalUrl), Title: str(in.Title), HTML: []byte(in.Html)}
	if in.Selection != nil {
		sel, err := quoteSelector(*in.Selection)
		if err != nil {
			return err
		}
		capture.Selection = sel
	}
	got, err := a.sources.Capture(c.Request().Context(), capture)
	if err != nil {
		return err
	}
	base := Origin(c)
	src := fmt.Sprintf("%s/sources/%d", base, got.Source.ID)
	out := Capture{SourceId: got.Source.ID, Version: got.Version, Created: got.Created, Links: CaptureLinks{Source: src, Reader: &src}}
	if capture.Selection != nil {
		q := &CapturedQuote{Anchored: got.Anchored}
		if got.Anchored {
			start, end := got.Span.Start, got.Span.End
			q.Exact, q.Start, q.End = &got.Quote, &start, &end
			reader := base + views.ReaderAt(got.Source.ID, got.Span)
			entry := base + views.NewEntryFrom(got.Source.ID, got.Quote)
			out.Links.Reader, out.Links.NewEntry = &reader, &entry
			out.ClippingId = ptr(got.ClippingID)
		} else {
			q.Reason = &got.Reason
		}
		out.Quote = q
	}
	status := http.StatusOK
	if got.Created {
		status = http.StatusCreated
	}
	return c.JSON(status, out)
}

// quoteSelector reads the selection sent: one TextQuoteSelector, or a list
// of selectors holding one. Validation against the contract ran before,
// so the shapes are right; what is checked here is that a quote is given.
func quoteSelector(u CaptureCreate_Selection) (*claimline.Selection, error) {
	var list []Selector
	if one, err := u.AsSelector(); err == nil && (one.Exact != nil || one.Type != nil) {
		list = []Selector{one}
	} else if many, err := u.AsCaptureCreateSelection1(); err == nil {
		list = many
	}
	for _, s := range list {
		if s.Exact != nil && (s.Type == nil || *s.Type == SelectorTypeTextQuoteSelector) {
			return &claimline.Selection{Exact: *s.Exact, Prefix: str(s.Prefix), Suffix: str(s.Suffix)}, nil
		}
	}
	return nil, invalid("selection", "Give the selection as a TextQuoteSelector: the selected text as exact, with prefix and suffix.")
}

// Origin is the scheme and host the request came to, for the links of an
// answer: a client follows them to the same server it called.
func Origin(c echo.Context) string {
	return c.Scheme() + "://" + c.Request().Host
}

// ListClippings returns the user's tray.
func (a *API) ListClippings(c echo.Context) error {
	tray, err := a.sources.Tray(c.Request().Context())
	if err != nil {
		return err
	}
	out := ClippingList{Items: make([]Clipping, len(tray))}
	for i, t := range tray {
		out.Items[i] = clippingOut(t)
	}
	return c.JSON(http.StatusOK, out)
}

// CreateClipping puts a passage on the user's tray: 201, or 200 when it was
// there already.
func (a *API) CreateClipping(c echo.Context) error {
	var in ClippingCreate
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := a.sources.Get(ctx, in.SourceId); claimline.ErrorCode(err) == claimline.ENOTFOUND {
		return invalid("source_id", "No source has this id.")
	} else if err != nil {
		return err
	}
	kept, added, err := a.sources.Clip(ctx, []claimline.Clipping{{SourceID: in.SourceId, Quote: in.Quote}})
	if fields := claimline.FieldErrors(err); fields != nil && !claimline.IsFault(err) {
		// The tray names problems by clipping; here there is one: the quote.
		return invalid("quote", fields[claimline.ClippingField(0)])
	} else if err != nil {
		return err
	}
	if len(kept) != 1 { // the source was deleted meanwhile
		return invalid("source_id", "No source has this id.")
	}
	status := http.StatusOK
	if added > 0 {
		status = http.StatusCreated
	}
	return c.JSON(status, clippingOut(kept[0]))
}

// DeleteClipping takes a clipping off the user's tray; 404 when it is not
// on it.
func (a *API) DeleteClipping(c echo.Context, id int64) error {
	n, err := a.sources.Unclip(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if n == 0 {
		return claimline.Errorf(claimline.ENOTFOUND, "Clipping %d is not on your tray.", id)
	}
	return c.NoContent(http.StatusNoContent)
}

func clippingOut(t claimline.TrayClipping) Clipping {
	return Clipping{Id: t.ID, SourceId: t.SourceID, SourceTitle: t.SourceTitle, Quote: t.Quote, CreatedAt: t.Created}
}
