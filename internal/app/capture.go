package app

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"claimline/internal/claimline"
	"claimline/internal/extract"
	"claimline/internal/quote"
	"claimline/internal/store"
)

// Capture keeps a page sent by the user's browser as a source: its text
// extracted and its metadata read as for a fetched page, the HTML kept as
// the original. A page at an address the library holds becomes that
// source's new version when its text changed; the same text again changes
// nothing. The selection, if any, is anchored in the stored text and put
// on the acting user's tray; one not found there is reported with the
// reason, and the source is kept all the same.
func (s *Sources) Capture(ctx context.Context, c claimline.Capture) (claimline.Captured, error) {
	var out claimline.Captured
	u, err := actor(ctx)
	if err != nil {
		return out, err
	}
	pageURL, err := captureURL("url", c.URL)
	if err != nil {
		return out, err
	}
	if c.CanonicalURL != "" {
		// A page's canonical address drops what tracks the reader; one
		// that is not a web address is ignored rather than refused.
		if canon, err := captureURL("canonical_url", c.CanonicalURL); err == nil {
			pageURL = canon
		}
	}
	if len(c.HTML) > claimline.MaxCapture {
		return out, claimline.Errorf(claimline.ETOOLARGE, "The page is larger than %d MiB, the most claimline captures.", claimline.MaxCapture>>20)
	}
	doc, err := extract.Page(c.HTML, pageURL)
	if err != nil {
		return out, claimline.Problems{"html": err.Error()}.Err()
	}
	if len(doc.Text) > claimline.MaxSourceText {
		return out, claimline.Problems{"html": fmt.Sprintf("The page's text is longer than %d MiB, the most a source holds.", claimline.MaxSourceText>>20)}.Err()
	}
	if _, _, err := claimline.ParseDate(doc.Published); err != nil {
		doc.Published = ""
	}
	in := claimline.SourceInput{Title: doc.Title, Author: doc.Author, Outlet: doc.Outlet, Published: doc.Published,
		Text: doc.Text, URL: pageURL.String()}
	if t := strings.TrimSpace(c.Title); in.Title == "" || doc.TitleSuggested && t != "" {
		in.Title = t
	}
	src, existed, err := s.st.CreateSource(ctx, claimline.NewSource{SourceInput: in, Original: c.HTML, OriginalType: "text/html",
		TitleSuggested: doc.TitleSuggested && strings.TrimSpace(c.Title) == ""})
	if err != nil {
		return out, err
	}
	out.Source, out.Version, out.Created = src, src.Version, !existed
	if existed && src.SHA256 != store.SHA256(doc.Text) {
		// The library holds this address with another text: the page
		// changed since, and this is its new version.
		v, isNew, err := s.st.AddVersion(ctx, src.ID, claimline.NewVersion{Text: doc.Text, Original: c.HTML, OriginalType: "text/html"})
		if err != nil {
			return out, err
		}
		if out.Source, err = s.st.Source(ctx, src.ID); err != nil {
			return out, err
		}
		out.Version, out.Created = v.Number, isNew
	}
	if c.Selection == nil {
		return out, nil
	}
	text := out.Source.Text
	sp, ok := quote.Anchor(text, quote.Selector{Exact: c.Selection.Exact, Prefix: c.Selection.Prefix, Suffix: c.Selection.Suffix})
	if !ok {
		out.Reason = unanchored(text, c.Selection.Exact)
		return out, nil
	}
	out.Anchored, out.Quote, out.Span = true, text[sp.Start:sp.End], claimline.Span{Start: sp.Start, End: sp.End}
	if utf8.RuneCountInString(out.Quote) > claimline.MaxDescription {
		out.Anchored, out.Reason = false, fmt.Sprintf("The selection is longer than %d characters, the most a clipping holds: select less.", claimline.MaxDescription)
		return out, nil
	}
	kept, _, err := s.st.AddToTray(ctx, u.ID, []claimline.Clipping{{SourceID: out.Source.ID, Quote: out.Quote}})
	if err != nil {
		return out, err
	}
	if len(kept) == 1 {
		out.ClippingID = kept[0].ID
	}
	return out, nil
}

// captureURL checks a captured page's address: a whole http or https URL.
func captureURL(field, raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, claimline.Problems{field: "Give the page's web address, starting with http:// or https://."}.Err()
	}
	u.Fragment = ""
	return u, nil
}

// unanchored says why a selection was not found in a page's stored text.
func unanchored(text, exact string) string {
	if strings.TrimSpace(exact) == "" {
		return "The selection holds no text."
	}
	msg := "The selected passage is not in the text claimline kept of the page (it keeps the article, not menus, captions or comments)."
	if near, score := quote.Closest(text, exact); score >= 0.5 {
		msg += " The closest passage is " + claimline.InQuotes(text[near.Start:near.End]) + "."
	}
	return msg
}

// Tray returns the acting user's clippings tray, oldest first.
func (s *Sources) Tray(ctx context.Context) ([]claimline.TrayClipping, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return s.st.Tray(ctx, u.ID)
}

// Clip puts passages on the acting user's tray, all or none, and returns
// them as kept and how many are new there; a passage not in its source is
// refused, named by its place (claimline.ClippingField).
func (s *Sources) Clip(ctx context.Context, clips []claimline.Clipping) ([]claimline.TrayClipping, int, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, 0, err
	}
	p := claimline.Problems{}
	for i, c := range clips {
		if utf8.RuneCountInString(c.Quote) > claimline.MaxDescription {
			p.Add(claimline.ClippingField(i), fmt.Sprintf("The passage is longer than %d characters: clip less.", claimline.MaxDescription))
		}
	}
	if err := p.Err(); err != nil {
		return nil, 0, err
	}
	return s.st.AddToTray(ctx, u.ID, clips)
}

// TraySize returns how many clippings the acting user's tray holds.
func (s *Sources) TraySize(ctx context.Context) (int, error) {
	u, err := actor(ctx)
	if err != nil {
		return 0, err
	}
	return s.st.TraySize(ctx, u.ID)
}

// Unclip takes clippings off the acting user's tray and returns how many
// were on it.
func (s *Sources) Unclip(ctx context.Context, ids ...int64) (int, error) {
	u, err := actor(ctx)
	if err != nil {
		return 0, err
	}
	return s.st.RemoveFromTray(ctx, u.ID, ids)
}

// actor is the signed-in user acting; the tray is theirs.
func actor(ctx context.Context) (*claimline.User, error) {
	u := claimline.UserFromContext(ctx)
	if u == nil || u.ID == 0 {
		return nil, claimline.Errorf(claimline.EUNAUTH, "Sign in first.")
	}
	return u, nil
}
