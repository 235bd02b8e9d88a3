package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/views"
)

// clippingRows reads the tray from a request: the aligned lists source,
// quote and, once the form has been shown, target and stance; replace
// lists the numbers (from 1) of the rows allowed to replace a stance.
func clippingRows(c echo.Context) ([]views.ClippingRow, error) {
	var values url.Values
	if c.Request().Method == http.MethodGet {
		values = c.QueryParams()
	} else {
		f, err := c.FormParams()
		if err != nil {
			return nil, err
		}
		values = f
	}
	sources, quotes := values["source"], values["quote"]
	targets, stances := values["target"], values["stance"]
	if len(quotes) != len(sources) || (targets == nil) != (stances == nil) || (targets != nil && (len(targets) != len(sources) || len(stances) != len(sources))) {
		return nil, echo.NewHTTPError(http.StatusBadRequest, "The clippings sent are incomplete: each needs its source, its passage and, once chosen, what it is evidence for and the stance.")
	}
	replace := map[string]bool{}
	for _, n := range values["replace"] {
		replace[n] = true
	}
	rows := make([]views.ClippingRow, len(sources))
	for i := range sources {
		id, _ := strconv.ParseInt(sources[i], 10, 64)
		rows[i] = views.ClippingRow{SourceID: id, Quote: quotes[i], Stance: string(claimline.Supports), Replace: replace[strconv.Itoa(i+1)]}
		if targets != nil {
			rows[i].Target, rows[i].Stance = targets[i], stances[i]
		}
	}
	return rows, nil
}

// reviewClippings shows the tray the script sends (by address, or posted
// when too long for one) as a form: each passage, what it is evidence
// for among the entries and claims of one timeline, and the stance.
func (s *Server) reviewClippings(c echo.Context) error {
	rows, err := clippingRows(c)
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
	ids := make([]int64, len(f.Rows))
	for i, r := range f.Rows {
		ids[i] = r.SourceID
	}
	if f.Choices, err = s.sources.ClippingChoices(ctx, timelineID, ids); err != nil {
		return err
	}
	return render(c, status, views.ClippingsPage(s.page(c, "Clippings", "sources"), f))
}

// trayToken is the script's name for one save of the tray, handed back in
// the address after the save.
var trayToken = regexp.MustCompile(`^[A-Za-z0-9]{1,40}$`)

// saveClippings saves the tray: every clipping given a target, all or
// none. Clippings left out leave the tray with the others.
func (s *Server) saveClippings(c echo.Context) error {
	rows, err := clippingRows(c)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return echo.NewHTTPError(http.StatusBadRequest, "No clippings were sent.")
	}
	f := views.ClippingsForm{Rows: rows, Timeline: c.FormValue("timeline")}
	var clips []claimline.Clipping
	var index []int // each clipping's row
	for i, r := range rows {
		if r.Target == views.LeaveOut {
			continue
		}
		clip := claimline.Clipping{SourceID: r.SourceID, Quote: r.Quote, Stance: r.Stance, Replace: r.Replace, Row: i + 1}
		kind, id, _ := strings.Cut(r.Target, ":")
		n, _ := strconv.ParseInt(id, 10, 64)
		switch kind {
		case "entry":
			clip.EntryID = n
		case "claim":
			clip.ClaimID = n
		}
		clips, index = append(clips, clip), append(index, i)
	}
	// The page after a save tells the script which save it was, so that it
	// empties the tray of what was sent (and of nothing clipped meanwhile).
	done := func(path, flash string) error {
		if tok := c.FormValue("tray"); trayToken.MatchString(tok) {
			path += "?saved=" + tok
		}
		return s.redirect(c, path, flash)
	}
	if len(clips) == 0 {
		return done("/sources", "Nothing saved: every clipping was left out, and the tray is empty.")
	}
	saved, err := s.sources.SaveClippings(c.Request().Context(), clips)
	if fields := claimline.FieldErrors(err); fields != nil {
		// The store names clippings by their place among those saved;
		// the form by row. A message for no row goes above the form.
		f.Errors = views.Errors{}
		for j, i := range index {
			if msg, ok := fields[claimline.ClippingField(j)]; ok {
				f.Errors[claimline.ClippingField(i)] = msg
				delete(fields, claimline.ClippingField(j))
			}
		}
		for _, msg := range fields {
			f.Errors[""] = msg
		}
		if err := s.markStances(c, &f, clips, index); err != nil {
			return err
		}
		return s.renderClippings(c, formStatus(err), f)
	} else if code := claimline.ErrorCode(err); code == claimline.EINVALID || code == claimline.ECONFLICT {
		f.Errors = views.Errors{"": claimline.ErrorMessage(err)}
		return s.renderClippings(c, formStatus(err), f)
	} else if err != nil {
		return err
	}
	return done("/timelines/"+saved.Timeline, "Clippings saved: "+views.Plural(saved.Citations, "citation", "citations")+" and "+views.Plural(saved.Stances, "stance", "stances")+".")
}

// markStances marks, for a refused save, the rows whose source already has
// a stance on their claim: those offer "replace".
func (s *Server) markStances(c echo.Context, f *views.ClippingsForm, clips []claimline.Clipping, index []int) error {
	for j, i := range index {
		if clips[j].ClaimID <= 0 || clips[j].Replace {
			continue
		}
		_, err := s.claims.StanceOf(c.Request().Context(), clips[j].ClaimID, clips[j].SourceID)
		if claimline.ErrorCode(err) == claimline.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		f.Rows[i].HasStance = true
	}
	return nil
}
