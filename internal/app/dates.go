package app

import (
	"context"
	"strings"

	"claimline/internal/claimline"
	"claimline/internal/dates"
)

// Dates returns the date marks of a source's current text: the reader's,
// with the corrections users made to this version applied.
func (s *Sources) Dates(ctx context.Context, src *claimline.Source) ([]claimline.DateMention, error) {
	cs, err := s.st.DateCorrections(ctx, src.ID, src.Version)
	if err != nil {
		return nil, err
	}
	return dates.Correct(dates.Find(src.Text, src.Published), cs), nil
}

// CorrectDate corrects one date mark of a source's current text, as in
// says: another date, not a date, or back to the reader's own reading
// (Reset). It returns the mark as it now reads. A mark that is not there,
// or a date that cannot be read, is an EINVALID error on the field "date";
// a text that changed since the marks were shown is ECONFLICT.
func (s *Sources) CorrectDate(ctx context.Context, sourceID int64, in claimline.DateCorrectionInput) (claimline.DateMention, error) {
	noMark := invalidDate("There is no date mark at that place in the text: reload the page and correct the mark again.")
	src, err := s.st.Source(ctx, sourceID)
	if err != nil {
		return claimline.DateMention{}, err
	}
	if in.Start < 0 || in.End <= in.Start || in.End > len(src.Text) {
		return claimline.DateMention{}, noMark
	}
	if in.Version != src.Version {
		return claimline.DateMention{}, claimline.Errorf(claimline.ECONFLICT,
			"The text of this source changed (it is now version %d) since its date marks were shown: they have been read again.", src.Version)
	}
	mark, ok := markAt(dates.Find(src.Text, src.Published), in.Start, in.End)
	if !ok {
		cs, err := s.st.DateCorrections(ctx, src.ID, src.Version)
		if err != nil {
			return claimline.DateMention{}, err
		}
		if mark, ok = markAt(dates.Correct(nil, cs), in.Start, in.End); !ok {
			return claimline.DateMention{}, noMark
		}
		mark = claimline.DateMention{Start: mark.Start, End: mark.End, Text: mark.Text, Rule: mark.Rule}
	}
	c := claimline.DateCorrection{SourceID: src.ID, Version: src.Version, Start: in.Start, End: in.End, Text: mark.Text}
	switch {
	case in.Reset || in.NotADate:
	case strings.TrimSpace(in.Date) == "":
		return claimline.DateMention{}, invalidDate("Type the date “" + mark.Text + "” stands for, as 2024-09-12, 2024-09 or 2024, or choose “Not a date”.")
	default:
		if c.Date, c.Approximate, err = claimline.ParseDate(in.Date); err != nil {
			return claimline.DateMention{}, invalidDate(claimline.ErrorMessage(err))
		}
	}
	if err := s.st.CorrectDate(ctx, c, in.Reset, readingOf(mark)); err != nil {
		return claimline.DateMention{}, err
	}
	if in.Reset {
		return mark, nil
	}
	return dates.Correct([]claimline.DateMention{mark}, []claimline.DateCorrection{c})[0], nil
}

// markAt returns the mark with exactly these offsets.
func markAt(ms []claimline.DateMention, start, end int) (claimline.DateMention, bool) {
	for _, m := range ms {
		if m.Start == start && m.End == end {
			return m, true
		}
	}
	return claimline.DateMention{}, false
}

// readingOf is how the reader itself reads a mark, for the history.
func readingOf(m claimline.DateMention) string {
	switch {
	case m.Rule == "corrected by hand":
		return "not marked by the reader"
	case m.Ambiguous():
		return m.ReadingsDisplay() + " (as read)"
	case !m.Resolved:
		return "unresolved (as read)"
	}
	return m.Display() + " (as read)"
}

func invalidDate(msg string) error {
	return &claimline.Error{Code: claimline.EINVALID, Message: "Please correct the date.", Fields: map[string]string{"date": msg}}
}
