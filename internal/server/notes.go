package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/views"
)

func noteInput(c echo.Context) claimline.NoteInput {
	return claimline.NoteInput{Text: c.FormValue("text")}
}

func (s *Server) addEntryNote(c echo.Context) error {
	e, err := s.entryByID(c)
	if err != nil {
		return err
	}
	in := noteInput(c)
	n, err := s.notes.Add(c.Request().Context(), e.ID, 0, in)
	if errs := claimline.FieldErrors(err); errs != nil {
		return s.renderEntry(c, formStatus(err), e, views.EntryView{Discussion: views.Discussion{Form: views.NoteForm{Text: in.Text, Errors: errs}}})
	} else if err != nil {
		return err
	}
	return s.redirect(c, n.URL(), "Note added.")
}

func (s *Server) addClaimNote(c echo.Context) error {
	cl, err := s.claimByID(c)
	if err != nil {
		return err
	}
	in := noteInput(c)
	n, err := s.notes.Add(c.Request().Context(), cl.EntryID, cl.ID, in)
	if errs := claimline.FieldErrors(err); errs != nil {
		return s.renderClaim(c, formStatus(err), cl, views.ClaimView{Discussion: views.Discussion{Form: views.NoteForm{Text: in.Text, Errors: errs}}})
	} else if err != nil {
		return err
	}
	return s.redirect(c, n.URL(), "Note added.")
}

// ownNote returns the note of the path if the signed-in user wrote it:
// only the author edits a note.
func (s *Server) ownNote(c echo.Context) (*claimline.Note, error) {
	id, err := pathID(c)
	if err != nil {
		return nil, err
	}
	n, err := s.notes.Get(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	if u := currentUser(c); u == nil || u.ID != n.AuthorID {
		return nil, claimline.Errorf(claimline.EFORBIDDEN, "Only the author of a note can change it.")
	}
	return n, nil
}

func (s *Server) editNote(c echo.Context) error {
	n, err := s.ownNote(c)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.NoteEditPage(s.page(c, "Edit note", "timelines"),
		views.NoteForm{Note: n, Text: n.Text, Edit: s.openEdit(c, "note", n.ID, n.Revision)}))
}

func (s *Server) updateNote(c echo.Context) error {
	n, err := s.ownNote(c)
	if err != nil {
		return err
	}
	in := noteInput(c)
	rev, err := formRevision(c)
	if err != nil {
		return err
	}
	_, err = s.notes.Update(c.Request().Context(), n.ID, rev, in)
	if cf := claimline.ConflictOf(err); cf != nil {
		cur := cf.Current.(*claimline.Note)
		return render(c, http.StatusConflict, views.NoteEditPage(s.page(c, "Edit note", "timelines"), views.NoteForm{Note: cur, Text: in.Text,
			Edit: s.conflictEdit(c, cf, []claimline.FormField{{Name: "text", Label: "Note", Value: in.Text}},
				[]claimline.FormField{{Name: "text", Label: "Note", Value: cur.Text}}, cur.URL(), "note", n.ID)}))
	} else if errs := claimline.FieldErrors(err); errs != nil {
		return render(c, formStatus(err), views.NoteEditPage(s.page(c, "Edit note", "timelines"),
			views.NoteForm{Note: n, Text: in.Text, Errors: errs, Edit: views.EditState{Revision: rev}}))
	} else if err != nil {
		return err
	}
	return s.redirect(c, n.URL(), "Note saved.")
}

func (s *Server) deleteNote(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	n, err := s.notes.Delete(c.Request().Context(), id)
	if err != nil {
		return err
	}
	back := "/entries/" + views.ID(n.EntryID) + "#discussion"
	if n.ClaimID != 0 {
		back = "/claims/" + views.ID(n.ClaimID) + "#discussion"
	}
	return s.redirect(c, back, "Note deleted; it stays in the history.")
}

func (s *Server) mentions(c echo.Context) error {
	ms, err := s.notes.Mentions(c.Request().Context(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.MentionsPage(s.page(c, "Mentions", "mentions"), ms))
}

func (s *Server) markMentionsRead(c echo.Context) error {
	if err := s.notes.MarkMentionsRead(c.Request().Context(), currentUser(c).ID); err != nil {
		return err
	}
	return s.redirect(c, "/mentions", "Mentions marked read.")
}
