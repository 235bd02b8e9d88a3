package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/views"
)

// trayRows reads the tray's form. Shown afresh (GET), it is the user's
// whole tray. Posted, it is the clippings the form held (clip: their ids,
// in order) with, once the form has been shown, each one's target and
// stance; replace lists the rows (from 1) allowed to replace a stance. A
// clipping taken off the tray meanwhile (saved or removed in another tab)
// is left out of the rows; one clipped meanwhile is not in them.
func (s *Server) trayRows(c echo.Context) ([]views.ClippingRow, error) {
	tray, err := s.sources.Tray(c.Request().Context())
	if err != nil {
		return nil, err
	}
	byID := map[int64]claimline.TrayClipping{}
	for _, t := range tray {
		byID[t.ID] = t
	}
	row := func(t claimline.TrayClipping) views.ClippingRow {
		return views.ClippingRow{ID: t.ID, SourceID: t.SourceID, Source: t.SourceTitle, Quote: t.Quote, Stance: string(claimline.Supports)}
	}
	var rows []views.ClippingRow
	if c.Request().Method == http.MethodGet {
		for _, t := range tray {
			rows = append(rows, row(t))
		}
		return rows, nil
	}
	values, err := c.FormParams()
	if err != nil {
		return nil, err
	}
	ids, targets, stances := values["clip"], values["target"], values["stance"]
	if (targets == nil) != (stances == nil) || (targets != nil && (len(targets) != len(ids) || len(stances) != len(ids))) {
		return nil, echo.NewHTTPError(http.StatusBadRequest, "The clippings sent are incomplete: each needs what it is evidence for and the stance.")
	}
	replace := map[string]bool{}
	for _, n := range values["replace"] {
		replace[n] = true
	}
	for i, v := range ids {
		id, _ := strconv.ParseInt(v, 10, 64)
		t, ok := byID[id]
		if !ok {
			continue
		}
		r := row(t)
		r.Replace = replace[strconv.Itoa(i+1)]
		if targets != nil {
			r.Target, r.Stance = targets[i], stances[i]
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// reviewClippings shows the tray as a form: each passage, what it is
// evidence for among the entries and claims of one timeline, and the
// stance. Posted, it shows another timeline's choices, keeping those made.
func (s *Server) reviewClippings(c echo.Context) error {
	rows, err := s.trayRows(c)
	if err != nil {
		return err
	}
	return s.renderClippings(c, http.StatusOK, views.ClippingsForm{Rows: rows, Timeline: c.FormValue("timeline")})
}

func (s *Server) renderClippings(c echo.Context, status int, f views.ClippingsForm) error {
	ctx := c.Request().Context()
	var err error
	if f.Timelines, err = s.timelines.List(ctx); err != nil {
		return err
	}
	if f.Timeline == "" {
		if f.Timeline, err = s.timelines.LastWorkedOn(ctx, currentUser(c).Username); err != nil {
			return err
		}
	}
	var timelineID int64
	for _, t := range f.Timelines {
		if t.Slug == f.Timeline {
			timelineID = t.ID
		}
	}
	if timelineID == 0 && len(f.Timelines) > 0 {
		timelineID, f.Timeline = f.Timelines[0].ID, f.Timelines[0].Slug
	}
	if f.Choices, err = s.sources.ClippingChoices(ctx, timelineID); err != nil {
		return err
	}
	p := s.page(c, "Clippings", "sources")
	p.Tray = 0 // the tray's link would only cover its own form
	return render(c, status, views.ClippingsPage(p, f))
}

// addClippings puts passages on the user's tray (the aligned lists source
// and quote), all or none. The reader's "Clip" button asks for JSON and
// gets the tray's new size; a plain form post goes on to the tray.
func (s *Server) addClippings(c echo.Context) error {
	values, err := c.FormParams()
	if err != nil {
		return err
	}
	sources, quotes := values["source"], values["quote"]
	if len(sources) == 0 || len(sources) != len(quotes) {
		return echo.NewHTTPError(http.StatusBadRequest, "Each clipping needs its source and its passage.")
	}
	clips := make([]claimline.Clipping, len(sources))
	for i := range sources {
		id, _ := strconv.ParseInt(sources[i], 10, 64)
		clips[i] = claimline.Clipping{SourceID: id, Quote: quotes[i]}
	}
	ctx := c.Request().Context()
	_, _, err = s.sources.Clip(ctx, clips)
	wantsJSON := strings.Contains(c.Request().Header.Get(echo.HeaderAccept), echo.MIMEApplicationJSON)
	if err != nil {
		if !wantsJSON || claimline.IsFault(err) || claimline.ErrorCode(err) != claimline.EINVALID {
			return err
		}
		msg := claimline.ErrorMessage(err)
		for _, m := range claimline.FieldErrors(err) {
			msg = m // one clipping at a time from the reader
		}
		return c.JSON(formStatus(err), map[string]any{"error": msg})
	}
	if !wantsJSON {
		return s.redirect(c, "/clippings", "Clipped: the passage is on your tray.")
	}
	n, err := s.sources.TraySize(ctx)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"count": n})
}

// removeClipping takes one clipping off the user's tray.
func (s *Server) removeClipping(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := s.sources.Unclip(c.Request().Context(), id); err != nil {
		return err
	}
	return s.redirect(c, "/clippings", "The clipping is off the tray.")
}

// saveClippings saves the tray: every clipping given a target, all or
// none. Clippings left out leave the tray with the others, and what was
// saved leaves it; what was clipped meanwhile stays.
func (s *Server) saveClippings(c echo.Context) error {
	rows, err := s.trayRows(c)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return s.redirect(c, "/clippings", "Nothing saved: these clippings are no longer on your tray.")
	}
	f := views.ClippingsForm{Rows: rows, Timeline: c.FormValue("timeline")}
	clips := make([]claimline.Clipping, len(rows))
	for i, r := range rows {
		clips[i] = claimline.Clipping{ID: r.ID, SourceID: r.SourceID, Quote: r.Quote, Stance: r.Stance, Replace: r.Replace, Row: i + 1,
			LeaveOut: r.Target == views.LeaveOut}
		kind, id, _ := strings.Cut(r.Target, ":")
		n, _ := strconv.ParseInt(id, 10, 64)
		switch kind {
		case "entry":
			clips[i].EntryID = n
		case "claim":
			clips[i].ClaimID = n
		}
	}
	saved, err := s.sources.SaveClippings(c.Request().Context(), clips)
	if fields := claimline.FieldErrors(err); fields != nil {
		// The store names clippings by their place, which is their row.
		f.Errors = views.Errors{}
		for i := range clips {
			if msg, ok := fields[claimline.ClippingField(i)]; ok {
				f.Errors[claimline.ClippingField(i)] = msg
				delete(fields, claimline.ClippingField(i))
			}
		}
		for _, msg := range fields { // a message for no row goes above the form
			f.Errors[""] = msg
		}
		if err := s.markStances(c, &f, clips); err != nil {
			return err
		}
		return s.renderClippings(c, formStatus(err), f)
	} else if code := claimline.ErrorCode(err); code == claimline.EINVALID || code == claimline.ECONFLICT {
		f.Errors = views.Errors{"": claimline.ErrorMessage(err)}
		return s.renderClippings(c, formStatus(err), f)
	} else if err != nil {
		return err
	}
	if saved.Timeline == "" {
		return s.redirect(c, "/clippings", "Nothing saved: the clippings left out are off the tray.")
	}
	return s.redirect(c, "/timelines/"+saved.Timeline, "Clippings saved: "+views.Plural(saved.Citations, "citation", "citations")+" and "+views.Plural(saved.Stances, "stance", "stances")+".")
}

// markStances marks, for a refused save, the rows whose source already has
// a stance on their claim: those offer "replace".
func (s *Server) markStances(c echo.Context, f *views.ClippingsForm, clips []claimline.Clipping) error {
	for i, clip := range clips {
		if clip.ClaimID <= 0 || clip.Replace || clip.LeaveOut {
			continue
		}
		_, err := s.claims.StanceOf(c.Request().Context(), clip.ClaimID, clip.SourceID)
		if claimline.ErrorCode(err) == claimline.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		f.Rows[i].HasStance = true
	}
	return nil
}
