package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/views"
)

// savedCookie tells the page after a redirect what was saved, for the
// script that keeps the clippings tray (it empties the tray of what was
// sent once the save succeeded).
const savedCookie = "claimline_saved"

// clippingRows reads the tray from a request: the aligned lists source,
// quote and, when posted for saving, target and stance; replace lists the
// numbers (1-based) of the rows allowed to replace a stance.
func clippingRows(c echo.Context) ([]views.ClippingRow, error) {
	var values map[string][]string
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
	if len(quotes) != len(sources) || (targets != nil && len(targets) != len(sources)) || (stances != nil && len(stances) != len(sources)) {
		return nil, echo.NewHTTPError(http.StatusBadRequest, "The clippings sent are incomplete: each needs its source and its passage.")
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
// for, and the stance.
func (s *Server) reviewClippings(c echo.Context) error {
	rows, err := clippingRows(c)
	if err != nil {
		return err
	}
	return s.renderClippings(c, http.StatusOK, views.ClippingsForm{Rows: rows})
}

func (s *Server) renderClippings(c echo.Context, status int, f views.ClippingsForm) error {
	ctx := c.Request().Context()
	var err error
	if f.Entries, err = s.app.EntryChoices(ctx, 0); err != nil {
		return err
	}
	if f.Claims, err = s.app.AllClaims(ctx); err != nil {
		return err
	}
	titles := map[int64]string{}
	for i := range f.Rows {
		r := &f.Rows[i]
		if _, ok := titles[r.SourceID]; !ok {
			src, err := s.app.Source(ctx, r.SourceID)
			if claimline.ErrorCode(err) == claimline.ENOTFOUND {
				titles[r.SourceID] = ""
			} else if err != nil {
				return err
			} else {
				titles[r.SourceID] = src.Label()
			}
		}
		r.SourceLabel = titles[r.SourceID]
	}
	return render(c, status, views.ClippingsPage(s.page(c, "Clippings", "sources"), f))
}

// saveClippings saves the tray: every clipping given a target, all or
// none. Clippings left out are dropped from the tray with the others.
func (s *Server) saveClippings(c echo.Context) error {
	rows, err := clippingRows(c)
	if err != nil {
		return err
	}
	f := views.ClippingsForm{Rows: rows}
	var clips []claimline.Clipping
	var index []int // each clipping's row
	for i, r := range rows {
		if r.Target == views.LeaveOut {
			continue
		}
		clip := claimline.Clipping{SourceID: r.SourceID, Quote: r.Quote, Stance: r.Stance, Replace: r.Replace}
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
	if len(clips) == 0 {
		s.setCookie(c, savedCookie, "clippings", time.Minute)
		return s.redirect(c, "/sources", "Nothing saved: every clipping was left out, and the tray is empty.")
	}
	saved, err := s.app.SaveClippings(c.Request().Context(), clips)
	if fields := claimline.FieldErrors(err); fields != nil {
		// The store names clippings by their place among those saved;
		// the form names them by row.
		f.Errors = views.Errors{}
		if msg, ok := fields[""]; ok {
			f.Errors[""] = msg
		}
		for j, i := range index {
			if msg, ok := fields[claimline.ClippingField(j)]; ok {
				f.Errors[claimline.ClippingField(i)] = msg
			}
		}
		return s.renderClippings(c, formStatus(err), f)
	} else if claimline.ErrorCode(err) == claimline.EINVALID || claimline.ErrorCode(err) == claimline.ECONFLICT {
		f.Errors = views.Errors{"": claimline.ErrorMessage(err)}
		return s.renderClippings(c, formStatus(err), f)
	} else if err != nil {
		return err
	}
	s.setCookie(c, savedCookie, "clippings", time.Minute)
	return s.redirect(c, "/timelines/"+saved.Timeline, "Clippings saved: "+views.Plural(saved.Citations, "citation", "citations")+" and "+views.Plural(saved.Stances, "stance", "stances")+".")
}
