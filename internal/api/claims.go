package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
)

// CreateClaim adds a claim to an entry.
func (a *API) CreateClaim(c echo.Context, id int64) error {
	var in ClaimCreate
	if err := decode(c, &in); err != nil {
		return err
	}
	cl, err := a.claims.Create(c.Request().Context(), id, claimline.ClaimInput{Text: in.Text, Claimant: str(in.Claimant)})
	if err != nil {
		return err
	}
	return a.writeClaim(c, http.StatusCreated, cl.ID)
}

// GetClaim returns a claim with its status, counts and stances.
func (a *API) GetClaim(c echo.Context, id int64) error {
	return a.writeClaim(c, http.StatusOK, id)
}

func (a *API) writeClaim(c echo.Context, status int, id int64) error {
	cl, err := a.claims.Get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if cl.Evidence == nil {
		cl.Evidence = []claimline.Assessment{}
	}
	return c.JSON(status, claimOut(*cl))
}

// UpdateClaim changes the fields given of a claim read at revision.
func (a *API) UpdateClaim(c echo.Context, id int64) error {
	var in ClaimPatch
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	cl, err := a.claims.Get(ctx, id)
	if err != nil {
		return err
	}
	cin := cl.Input()
	patch(&cin.Text, in.Text)
	patch(&cin.Claimant, in.Claimant)
	if _, err := a.claims.Update(ctx, id, in.Revision, cin); err != nil {
		return err
	}
	return a.writeClaim(c, http.StatusOK, id)
}

// PutStance records or replaces a source's stance on a claim; its quote
// must occur in the source, as on the web.
func (a *API) PutStance(c echo.Context, id int64, sourceID int64) error {
	var in StancePut
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	// The claim and the source are the path's: either missing is a 404,
	// before anything in the body is judged against them.
	if _, err := a.claims.Get(ctx, id); err != nil {
		return err
	}
	if _, err := a.sources.Get(ctx, sourceID); err != nil {
		return err
	}
	_, err := a.claims.SetStance(ctx, id, claimline.AssessmentInput{SourceID: sourceID, Stance: in.Stance, Quote: in.Quote, Note: str(in.Note)})
	if err != nil {
		return err
	}
	return a.writeClaim(c, http.StatusOK, id)
}

// DeleteStance removes a source's stance on a claim.
func (a *API) DeleteStance(c echo.Context, id int64, sourceID int64) error {
	ctx := c.Request().Context()
	st, err := a.claims.StanceOf(ctx, id, sourceID)
	if err != nil {
		return err
	}
	if _, err := a.claims.DeleteStance(ctx, st.ID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ListSuggestions returns the passages suggested for a claim, one item a
// passage, best first.
func (a *API) ListSuggestions(c echo.Context, id int64) error {
	ctx := c.Request().Context()
	if _, err := a.claims.Get(ctx, id); err != nil {
		return err
	}
	sugg, err := a.claims.Suggestions(ctx, id)
	if err != nil {
		return err
	}
	out := SuggestionList{Items: []Suggestion{}}
	for _, s := range sugg {
		for _, p := range s.Passages {
			e := p.Evidence()
			out.Items = append(out.Items, Suggestion{SourceId: s.SourceID, SourceTitle: s.Source, Passage: p.Text, Start: p.Start, End: p.End,
				Evidence: p.EvidenceText(), EvidenceStart: e.Start, EvidenceEnd: e.End})
		}
	}
	return c.JSON(http.StatusOK, out)
}
