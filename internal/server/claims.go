package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/views"
)

// renderEntry shows the entry page with its evidence; forms carry their
// state, so a refused citation or claim comes back as typed.
func (s *Server) renderEntry(c echo.Context, status int, e *claimline.Entry, v views.EntryView) error {
	ctx := c.Request().Context()
	v.Entry = *e
	var err error
	if v.Changes, v.Names, err = s.namedChanges(ctx, claimline.ChangeFilter{ObjectType: "entry", ObjectID: e.ID, Limit: 20}); err != nil {
		return err
	}
	if v.Citations, v.Claims, err = s.claims.OfEntry(ctx, e.ID); err != nil {
		return err
	}
	if v.Sources, err = s.sources.List(ctx); err != nil {
		return err
	}
	if v.ActorNames, _, err = s.timelines.Names(ctx); err != nil {
		return err
	}
	v.Discussion.Action = "/entries/" + views.ID(e.ID) + "/notes"
	if v.Discussion.Notes, err = s.notes.OfEntry(ctx, e.ID); err != nil {
		return err
	}
	return render(c, status, views.EntryPage(s.page(c, e.Title, "timelines"), v))
}

func formID(c echo.Context, name string) int64 {
	id, _ := strconv.ParseInt(c.FormValue(name), 10, 64)
	return id
}

func (s *Server) addCitation(c echo.Context) error {
	e, err := s.entryByID(c)
	if err != nil {
		return err
	}
	f := views.CiteForm{SourceID: formID(c, "source"), Quote: quoteValue(c)}
	_, err = s.claims.Cite(c.Request().Context(), e.ID, f.SourceID, f.Quote)
	if f.Errors = claimline.FieldErrors(err); f.Errors != nil {
		return s.renderEntry(c, formStatus(err), e, views.EntryView{Cite: f})
	} else if err != nil {
		return err
	}
	return s.redirectSection(c, "/entries/"+views.ID(e.ID), "sources", "Source cited.")
}

func (s *Server) deleteCitation(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	entryID, err := s.claims.DeleteCitation(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return s.redirectSection(c, "/entries/"+views.ID(entryID), "sources", "Citation removed.")
}

func claimInput(c echo.Context) claimline.ClaimInput {
	return claimline.ClaimInput{Text: c.FormValue("text"), Claimant: c.FormValue("claimant")}
}

func (s *Server) createClaim(c echo.Context) error {
	e, err := s.entryByID(c)
	if err != nil {
		return err
	}
	in := claimInput(c)
	cl, err := s.claims.Create(c.Request().Context(), e.ID, in)
	if errs := claimline.FieldErrors(err); errs != nil {
		return s.renderEntry(c, formStatus(err), e, views.EntryView{NewClaim: views.ClaimForm{Text: in.Text, Claimant: in.Claimant, Errors: errs}})
	} else if err != nil {
		return err
	}
	return s.redirectSection(c, "/claims/"+views.ID(cl.ID), "assess", "Claim added. Now record what the sources say about it.")
}

func (s *Server) claimByID(c echo.Context) (*claimline.Claim, error) {
	id, err := pathID(c)
	if err != nil {
		return nil, err
	}
	return s.claims.Get(c.Request().Context(), id)
}

func (s *Server) renderClaim(c echo.Context, status int, cl *claimline.Claim, v views.ClaimView) error {
	ctx := c.Request().Context()
	v.Claim = *cl
	var err error
	if v.Changes, v.Names, err = s.namedChanges(ctx, claimline.ChangeFilter{ObjectType: "claim", ObjectID: cl.ID, Limit: 50}); err != nil {
		return err
	}
	if v.Sources, err = s.sources.List(ctx); err != nil {
		return err
	}
	if v.ActorNames, _, err = s.timelines.Names(ctx); err != nil {
		return err
	}
	if v.Suggestions, err = s.claims.Suggestions(ctx, cl.ID); err != nil {
		return err
	}
	if e, ok := views.ParseEvidence(c.QueryParam("evidence")); ok {
		views.ApplyEvidence(v.Suggestions, e) // a suggestion widened or narrowed before saving
	}
	v.Discussion.Action = "/claims/" + views.ID(cl.ID) + "/notes"
	if v.Discussion.Notes, err = s.notes.OfClaim(ctx, cl.ID); err != nil {
		return err
	}
	if v.Edit.Errors == nil && v.Edit.Edit.Conflict == nil {
		v.Edit = views.ClaimForm{Text: cl.Text, Claimant: cl.Claimant.Name, Edit: views.EditState{Revision: cl.Revision}}
		if currentUser(c).CanEdit() {
			// The claim page holds the claim's edit form.
			v.Edit.Edit = s.openEdit(c, "claim", cl.ID, cl.Revision)
		}
		v.Edit.Edit.Base = claimline.EncodeBase(cl.Input().Fields())
	}
	return render(c, status, views.ClaimPage(s.page(c, cl.Text, "timelines"), v))
}

func (s *Server) claim(c echo.Context) error {
	cl, err := s.claimByID(c)
	if err != nil {
		return err
	}
	return s.renderClaim(c, http.StatusOK, cl, views.ClaimView{Assess: views.AssessForm{Stance: string(claimline.Supports)}})
}

func (s *Server) updateClaim(c echo.Context) error {
	cl, err := s.claimByID(c)
	if err != nil {
		return err
	}
	in := claimInput(c)
	rev, err := formRevision(c)
	if err != nil {
		return err
	}
	_, err = s.claims.Update(c.Request().Context(), cl.ID, rev, in)
	if cf := claimline.ConflictOf(err); cf != nil {
		cur := cf.Current.(*claimline.Claim)
		cur.Evidence = cl.Evidence
		take := func(name string) { in.Take(name, cur.Input()) }
		edit := s.mergeEdit(c, cf, in.Fields(), cur.Input().Fields(), take, "/claims/"+views.ID(cl.ID), "claim", cl.ID)
		f := views.ClaimForm{Text: in.Text, Claimant: in.Claimant, Edit: edit}
		return s.renderClaim(c, http.StatusConflict, cur, views.ClaimView{Edit: f})
	} else if errs := claimline.FieldErrors(err); errs != nil {
		return s.renderClaim(c, formStatus(err), cl, views.ClaimView{Edit: views.ClaimForm{Text: in.Text, Claimant: in.Claimant, Errors: errs,
			Edit: views.EditState{Revision: rev, Base: c.FormValue("base")}}})
	} else if err != nil {
		return err
	}
	return s.redirect(c, "/claims/"+views.ID(cl.ID), "Claim saved.")
}

func (s *Server) deleteClaim(c echo.Context) error {
	cl, err := s.claimByID(c)
	if err != nil {
		return err
	}
	err = s.claims.Delete(c.Request().Context(), cl.ID, deleteRevision(c))
	if cf := claimline.ConflictOf(err); cf != nil {
		cur := cf.Current.(*claimline.Claim)
		path := "/claims/" + views.ID(cl.ID)
		d := views.ConfirmDelete{What: "claim", Name: cur.Text, Action: path + "/delete", Cancel: path,
			Consequence: "Its assessments will be deleted with it."}
		return render(c, http.StatusConflict, views.ConfirmDeletePage(s.page(c, "Delete claim", "timelines"), deleteConflict(d, cf)))
	} else if err != nil {
		return err
	}
	return s.redirectSection(c, "/entries/"+views.ID(cl.EntryID), "claims", "Claim deleted; it stays in the history.")
}

func (s *Server) addAssessment(c echo.Context) error {
	cl, err := s.claimByID(c)
	if err != nil {
		return err
	}
	f := views.AssessForm{SourceID: formID(c, "source"), Stance: c.FormValue("stance"), Quote: quoteValue(c), Note: c.FormValue("note")}
	path := "/claims/" + views.ID(cl.ID)
	if asked, err := s.confirmReplace(c, cl.ID, views.ReplaceStance{Action: path + "/assessments", Cancel: path + "#evidence",
		SourceID: f.SourceID, Stance: f.Stance, Quote: f.Quote, Note: f.Note}); asked || err != nil {
		return err
	}
	_, err = s.claims.SetStance(c.Request().Context(), cl.ID, claimline.AssessmentInput{SourceID: f.SourceID, Stance: f.Stance, Quote: f.Quote, Note: f.Note})
	if f.Errors = claimline.FieldErrors(err); f.Errors != nil {
		return s.renderClaim(c, formStatus(err), cl, views.ClaimView{Assess: f})
	} else if err != nil {
		return err
	}
	return s.redirectSection(c, path, claimSection(c), "Stance saved.")
}

func (s *Server) deleteAssessment(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	claimID, err := s.claims.DeleteStance(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return s.redirectSection(c, "/claims/"+views.ID(claimID), "evidence", "Stance removed; it stays in the history.")
}

func (s *Server) matrix(c echo.Context) error {
	t, err := s.timelineBySlug(c)
	if err != nil {
		return err
	}
	claims, sources, err := s.claims.Matrix(c.Request().Context(), t.ID)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.MatrixPage(s.page(c, "Claims matrix · "+t.Title, "timelines"),
		views.MatrixView{Timeline: *t, Claims: claims, Sources: sources}))
}
