package store

import (
	"context"
	"database/sql"
	"errors"

	"claimline/internal/claimline"
	"claimline/internal/quote"
)

// checkedQuote is a quoted passage found in a source's text before the
// write transaction that saves it: reading and normalising a source of
// megabytes takes time that the one writer should not wait for. Inside the
// transaction, confirm only checks that the text found it in is still the
// source's text.
type checkedQuote struct {
	sourceID int64
	title    string // the source's title, for history
	sha256   string // of the text the quote was found in
	version  int    // the source's version with that text
	quote    string
	span     claimline.Span // -1, -1 for no quote
	// aged is set for an imported quote of a source with several versions:
	// its state in the current version.
	aged *claimline.QuoteCheck
}

// errSourceGone is the field error for a source deleted meanwhile.
func errSourceGone() error {
	return &claimline.Error{Code: claimline.EINVALID, Message: "Please correct the fields marked below.",
		Fields: map[string]string{"source": "This source no longer exists."}}
}

// checkQuote reads a source on the read pool and finds q in its text. A
// quote that is not there is an EINVALID error on the "quote" field,
// offering the closest passage in "quote_suggestion" when one is close.
func (s *Store) checkQuote(ctx context.Context, sourceID int64, q string) (checkedQuote, error) {
	return s.checkQuoteIn(ctx, nil, sourceID, q)
}

// quoteSource is a source's text as read for checking quotes.
type quoteSource struct {
	title, text, sha256 string
	version             int
}

// checkQuoteIn is checkQuote keeping the sources it reads in texts (when
// not nil), so that checking many quotes reads each source once.
func (s *Store) checkQuoteIn(ctx context.Context, texts map[int64]quoteSource, sourceID int64, q string) (checkedQuote, error) {
	src, ok := texts[sourceID]
	if !ok {
		err := s.read(ctx, func(tx *sql.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT title, text, sha256, version FROM sources WHERE id = ?`, sourceID).
				Scan(&src.title, &src.text, &src.sha256, &src.version)
		})
		if errors.Is(err, sql.ErrNoRows) {
			return checkedQuote{}, errSourceGone()
		} else if err != nil {
			return checkedQuote{}, err
		}
		if texts != nil {
			texts[sourceID] = src
		}
	}
	span, err := findQuote(src.title, src.text, q)
	if err == nil && span.Start >= 0 {
		// Kept as the source has it, not as typed: the quote matched after
		// folding quote marks, dashes and spaces, and what the pages and
		// the exports show must be the source's own words.
		q = src.text[span.Start:span.End]
	}
	return checkedQuote{sourceID: sourceID, title: src.title, sha256: src.sha256, version: src.version, quote: q, span: span}, err
}

// findQuote finds q in a source's text: its span, (-1, -1) for an empty
// quote, or an EINVALID error as for checkQuote.
func findQuote(title, text, q string) (claimline.Span, error) {
	if q == "" {
		return claimline.Span{Start: -1, End: -1}, nil
	}
	if sp, ok := quote.Find(text, q); ok {
		return claimline.Span{Start: sp.Start, End: sp.End}, nil
	}
	fields := map[string]string{"quote": "This passage is not in “" + title + "”. Quote it as it stands in the source."}
	if near, score := quote.Closest(text, q); score >= 0.5 {
		fields["quote_suggestion"] = text[near.Start:near.End]
		fields["quote"] = "This passage is not in “" + title + "”. The closest passage is " + claimline.InQuotes(fields["quote_suggestion"]) + "."
	}
	return claimline.Span{}, &claimline.Error{Code: claimline.EINVALID, Message: "Please correct the fields marked below.", Fields: fields}
}

// confirm checks, inside the write transaction, that the source still has
// the text the quote was found in.
func (c checkedQuote) confirm(ctx context.Context, tx *Tx) error {
	var sha string
	err := tx.QueryRowContext(ctx, `SELECT sha256 FROM sources WHERE id = ?`, c.sourceID).Scan(&sha)
	if errors.Is(err, sql.ErrNoRows) {
		return errSourceGone()
	} else if err != nil {
		return err
	}
	if sha != c.sha256 {
		return claimline.Errorf(claimline.ECONFLICT, "The text of “%s” changed while the quote was being checked; please try again.", c.title)
	}
	return nil
}
