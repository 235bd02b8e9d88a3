package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/internal/workbench"
	"claimline/views"
)

const flashAtCookie = "claimline_flash_at"

// redirectSection is redirect for a save made in one section of a page:
// the page opens at that section, with the message shown there.
func (s *Server) redirectSection(c echo.Context, path, section, flash string) error {
	s.setCookie(c, flashAtCookie, section, time.Minute)
	return s.redirect(c, path+"#"+section, flash)
}

// quoteValue is the form's quoted passage: the closest passage offered
// after a refused quote when "Use this passage" was pressed, else the
// passage typed.
func quoteValue(c echo.Context) string {
	if q := c.FormValue("use_quote"); q != "" {
		return q
	}
	return c.FormValue("quote")
}

// passageEntryForm drafts "New entry from this passage" from ?passage=.
func (s *Server) newEntryFromPassage(c echo.Context) error {
	ctx := c.Request().Context()
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	passage := strings.TrimSpace(c.QueryParam("passage"))
	f := views.PassageEntryForm{Source: *src, Passage: passage, Quote: passage, Stance: string(claimline.Supports)}
	if passage != "" {
		if f.Timeline, err = s.timelines.LastWorkedOn(ctx, currentUser(c).Username); err != nil {
			return err
		}
		actors, _, err := s.timelines.Names(ctx)
		if err != nil {
			return err
		}
		marks, err := s.sources.Dates(ctx, src)
		if err != nil {
			return err
		}
		d := workbench.DraftEntry(src.Text, src.Published, passage, actors, marks)
		f.Entry.Input, f.DateFrom, f.FromPublished = d.Input, d.DateFrom, d.FromPublished
		if d.DateFrom == nil && !d.FromPublished {
			f.NoDate, f.Dates = true, views.DistinctDates(marks)
		}
	}
	return s.renderPassageEntry(c, http.StatusOK, f)
}

func (s *Server) renderPassageEntry(c echo.Context, status int, f views.PassageEntryForm) error {
	ctx := c.Request().Context()
	var err error
	if f.Timelines, err = s.timelines.List(ctx); err != nil {
		return err
	}
	if f.Entry.ActorNames, f.Entry.TagNames, err = s.timelines.Names(ctx); err != nil {
		return err
	}
	f.Entry.Errors = f.Errors
	f.Entry.DateNote = f.DateFrom != nil || f.NoDate || f.FromPublished // #date-source says where the date came from, or that none was found
	return render(c, status, views.PassageEntryPage(s.page(c, "New entry from a passage", "sources"), f))
}

// createEntryFromPassage saves the entry and its citation in one submit.
func (s *Server) createEntryFromPassage(c echo.Context) error {
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	in, err := entryInput(c)
	if err != nil {
		return err
	}
	f := views.PassageEntryForm{Source: *src, Passage: c.FormValue("passage"), Timeline: c.FormValue("timeline"), Quote: quoteValue(c),
		Claim: views.ClaimForm{Text: strings.TrimSpace(c.FormValue("text")), Claimant: c.FormValue("claimant")}, Stance: c.FormValue("stance")}
	f.Entry.Input = in
	// The claim is optional: one typed makes the passage its first evidence.
	var claim *claimline.ClaimInput
	if f.Claim.Text != "" {
		claim = &claimline.ClaimInput{Text: f.Claim.Text, Claimant: f.Claim.Claimant}
	}
	if f.Passage == "" {
		f.Passage = f.Quote
	}
	t, err := s.timelines.Ref(c.Request().Context(), f.Timeline)
	if claimline.ErrorCode(err) == claimline.ENOTFOUND {
		f.Errors = views.Errors{"timeline": "Choose the timeline."}
		return s.renderPassageEntry(c, http.StatusUnprocessableEntity, f)
	} else if err != nil {
		return err
	}
	e, err := s.timelines.CreateEntryFromPassage(c.Request().Context(), t.ID, in, src.ID, f.Quote, claim, f.Stance)
	if f.Errors = claimline.FieldErrors(err); f.Errors != nil {
		return s.renderPassageEntry(c, formStatus(err), f)
	} else if err != nil {
		return err
	}
	what := "Entry added with its citation"
	if claim != nil {
		what = "Entry added with its citation and its claim"
	}
	return s.redirect(c, "/timelines/"+t.Slug+"#entry-"+views.ID(e.ID), what+": "+e.DisplayDate()+".")
}

// newClaimFromPassage drafts "New claim from this passage" from ?passage=.
func (s *Server) newClaimFromPassage(c echo.Context) error {
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	passage := strings.TrimSpace(c.QueryParam("passage"))
	f := views.PassageClaimForm{Source: *src, Passage: passage, Quote: passage, Stance: string(claimline.Supports),
		Claim: views.ClaimForm{Text: workbench.ClaimText(passage)}}
	return s.renderPassageClaim(c, http.StatusOK, f)
}

func (s *Server) renderPassageClaim(c echo.Context, status int, f views.PassageClaimForm) error {
	ctx := c.Request().Context()
	var err error
	if f.Entries, err = s.sources.EntryChoices(ctx, f.Source.ID); err != nil {
		return err
	}
	if f.ActorNames, _, err = s.timelines.Names(ctx); err != nil {
		return err
	}
	f.Claim.Errors = f.Errors
	return render(c, status, views.PassageClaimPage(s.page(c, "New claim from a passage", "sources"), f))
}

// createClaimFromPassage saves the claim and this source's stance on it in
// one submit.
func (s *Server) createClaimFromPassage(c echo.Context) error {
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	f := views.PassageClaimForm{Source: *src, Passage: c.FormValue("passage"), EntryID: formID(c, "entry"),
		Claim:  views.ClaimForm{Text: c.FormValue("text"), Claimant: c.FormValue("claimant")},
		Stance: c.FormValue("stance"), Quote: quoteValue(c), Note: c.FormValue("note")}
	if f.Passage == "" {
		f.Passage = f.Quote
	}
	if f.EntryID <= 0 {
		f.Errors = views.Errors{"entry": "Choose the entry the claim sits on."}
		return s.renderPassageClaim(c, http.StatusUnprocessableEntity, f)
	}
	cl, err := s.claims.CreateWithStance(c.Request().Context(), f.EntryID,
		claimline.ClaimInput{Text: f.Claim.Text, Claimant: f.Claim.Claimant},
		claimline.AssessmentInput{SourceID: src.ID, Stance: f.Stance, Quote: f.Quote, Note: f.Note})
	if claimline.ErrorCode(err) == claimline.ENOTFOUND {
		f.Errors = views.Errors{"entry": "This entry no longer exists."}
		return s.renderPassageClaim(c, http.StatusUnprocessableEntity, f)
	} else if f.Errors = claimline.FieldErrors(err); f.Errors != nil {
		return s.renderPassageClaim(c, formStatus(err), f)
	} else if err != nil {
		return err
	}
	return s.redirectSection(c, "/claims/"+views.ID(cl.ID), "evidence", "Claim added with this source's stance.")
}

// confirmReplace shows both stances when a source that already has one on
// a claim is given another without replace=1, and reports whether it did.
func (s *Server) confirmReplace(c echo.Context, claimID int64, v views.ReplaceStance) (bool, error) {
	if c.FormValue("replace") == "1" || v.SourceID <= 0 {
		return false, nil
	}
	ctx := c.Request().Context()
	existing, err := s.claims.StanceOf(ctx, claimID, v.SourceID)
	if claimline.ErrorCode(err) == claimline.ENOTFOUND {
		return false, nil
	} else if err != nil {
		return false, err
	}
	// A stance that cannot be saved (a quote not in the source) is not
	// offered as a replacement: the caller's save refuses it by field.
	if claimline.FieldErrors(s.claims.CheckStance(ctx, claimline.AssessmentInput{SourceID: v.SourceID, Stance: v.Stance, Quote: v.Quote, Note: v.Note})) != nil {
		return false, nil
	}
	cl, err := s.claims.Get(ctx, claimID)
	if err != nil {
		return false, err
	}
	v.Claim, v.Existing = *cl, *existing
	return true, render(c, http.StatusConflict, views.ReplaceStancePage(s.page(c, "Replace a stance?", "timelines"), v))
}

// correctDate corrects one date mark of a source's text: another date,
// "not a date", or back to the reader's own reading; then the reader opens
// at its list of dates. A problem comes back on the reader, the mark's
// form open with what was typed.
func (s *Server) correctDate(c echo.Context) error {
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	num := func(name string) int {
		n, err := strconv.Atoi(c.FormValue(name))
		if err != nil {
			return -1
		}
		return n
	}
	in := claimline.DateCorrectionInput{Version: num("version"), Start: num("start"), End: num("end"), Date: c.FormValue("date")}
	if pick := c.FormValue("pick"); pick != "" {
		in.Date = pick
	}
	switch c.FormValue("action") {
	case "not-a-date":
		in.NotADate = true
	case "reset":
		in.Reset = true
	}
	m, err := s.sources.CorrectDate(c.Request().Context(), src.ID, in)
	if errs := claimline.FieldErrors(err); errs != nil || claimline.ErrorCode(err) == claimline.ECONFLICT {
		form := views.DateForm{Start: in.Start, End: in.End, Date: c.FormValue("date"), Errors: errs}
		if errs == nil {
			form.Errors = views.Errors{"": claimline.ErrorMessage(err)}
		}
		status := formStatus(err)
		if src, err = s.sourceByID(c); err != nil { // a changed text is shown as it now is
			return err
		}
		return s.renderSource(c, status, views.SourceView{Source: *src, MetaInput: src.Input(),
			MetaEdit: views.EditState{Revision: src.Revision}, DateForm: form})
	} else if err != nil {
		return err
	}
	// Flash messages travel in a cookie: plain quotes.
	flash := "'" + m.Text + "' now reads " + m.Display() + "."
	switch {
	case in.NotADate:
		flash = "'" + m.Text + "' is marked as not a date."
	case in.Reset && m.Resolved:
		flash = "'" + m.Text + "' reads as the reader reads it again: " + m.Display() + "."
	case in.Reset:
		flash = "'" + m.Text + "' reads as the reader reads it again."
	}
	return s.redirectSection(c, "/sources/"+views.ID(src.ID), "dates", flash)
}
