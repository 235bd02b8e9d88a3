package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/views"
)

// entryInput reads the entry form. Actors and tags come as repeated fields.
func entryInput(c echo.Context) (claimline.EntryInput, error) {
	form, err := c.FormParams()
	if err != nil {
		return claimline.EntryInput{}, claimline.Errorf(claimline.EINVALID, "The form could not be read.")
	}
	return claimline.EntryInput{
		Date: form.Get("date"), EndDate: form.Get("end_date"), Approximate: form.Get("approximate") == "1",
		Kind: form.Get("kind"), Title: form.Get("title"), Description: form.Get("description"),
		Actors: form["actors"], Tags: form["tags"],
	}, nil
}

// renderEntryForm shows the entry form with suggestions for actors and tags.
func (s *Server) renderEntryForm(c echo.Context, status int, f views.EntryForm) error {
	var err error
	if f.ActorNames, f.TagNames, err = s.timelines.Names(c.Request().Context()); err != nil {
		return err
	}
	title := "Add an entry"
	if f.Entry != nil {
		title = "Edit " + f.Entry.Title
	}
	return render(c, status, views.EntryFormPage(s.page(c, title, "timelines"), f))
}

func (s *Server) newEntry(c echo.Context) error {
	t, err := s.timelineRef(c)
	if err != nil {
		return err
	}
	return s.renderEntryForm(c, http.StatusOK, views.EntryForm{Timeline: *t, Input: claimline.EntryInput{Kind: string(claimline.KindStatement)}})
}

func (s *Server) createEntry(c echo.Context) error {
	t, err := s.timelineRef(c)
	if err != nil {
		return err
	}
	in, err := entryInput(c)
	if err != nil {
		return err
	}
	e, err := s.timelines.CreateEntry(c.Request().Context(), t.ID, in)
	if errs := claimline.FieldErrors(err); errs != nil {
		return s.renderEntryForm(c, formStatus(err), views.EntryForm{Timeline: *t, Input: in, Errors: errs})
	} else if err != nil {
		return err
	}
	return s.redirect(c, "/timelines/"+t.Slug+"#entry-"+views.ID(e.ID), "Entry added: "+e.DisplayDate()+".")
}

func (s *Server) entryByID(c echo.Context) (*claimline.Entry, error) {
	id, err := pathID(c)
	if err != nil {
		return nil, err
	}
	return s.timelines.Entry(c.Request().Context(), id)
}

func (s *Server) entry(c echo.Context) error {
	e, err := s.entryByID(c)
	if err != nil {
		return err
	}
	return s.renderEntry(c, http.StatusOK, e, views.EntryView{})
}

func (s *Server) timelineOf(c echo.Context, e *claimline.Entry) (*claimline.Timeline, error) {
	return s.timelines.BySlug(c.Request().Context(), e.TimelineSlug)
}

func (s *Server) editEntry(c echo.Context) error {
	e, err := s.entryByID(c)
	if err != nil {
		return err
	}
	t, err := s.timelineOf(c, e)
	if err != nil {
		return err
	}
	f := views.EntryForm{Timeline: *t, Entry: e, Input: e.Input(), Edit: s.openEdit(c, "entry", e.ID, e.Revision)}
	f.Edit.Base = claimline.EncodeBase(e.Input().Fields())
	return s.renderEntryForm(c, http.StatusOK, f)
}

func (s *Server) updateEntry(c echo.Context) error {
	e, err := s.entryByID(c)
	if err != nil {
		return err
	}
	in, err := entryInput(c)
	if err != nil {
		return err
	}
	rev, err := formRevision(c)
	if err != nil {
		return err
	}
	updated, err := s.timelines.UpdateEntry(c.Request().Context(), e.ID, rev, in)
	if errs := claimline.FieldErrors(err); errs != nil || claimline.ConflictOf(err) != nil {
		t, terr := s.timelineOf(c, e)
		if terr != nil {
			return terr
		}
		f := views.EntryForm{Timeline: *t, Entry: e, Input: in, Errors: errs, Edit: views.EditState{Revision: rev, Base: c.FormValue("base")}}
		if cf := claimline.ConflictOf(err); cf != nil {
			cur := cf.Current.(*claimline.Entry)
			take := func(name string) { f.Input.Take(name, cur.Input()) }
			f.Entry, f.Edit = cur, s.mergeEdit(c, cf, in.Fields(), cur.Input().Fields(), take, "/entries/"+views.ID(e.ID), "entry", e.ID)
		}
		return s.renderEntryForm(c, formStatus(err), f)
	} else if err != nil {
		return err
	}
	return s.redirect(c, "/entries/"+views.ID(updated.ID), "Entry saved.")
}

func entryDelete(e *claimline.Entry) views.ConfirmDelete {
	path := "/entries/" + views.ID(e.ID)
	return views.ConfirmDelete{What: "entry", Name: e.DisplayDate() + " — " + e.Title, Action: path + "/delete", Cancel: path, Revision: e.Revision}
}

func (s *Server) confirmDeleteEntry(c echo.Context) error {
	e, err := s.entryByID(c)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ConfirmDeletePage(s.page(c, "Delete "+e.Title, "timelines"), entryDelete(e)))
}

func (s *Server) deleteEntry(c echo.Context) error {
	e, err := s.entryByID(c)
	if err != nil {
		return err
	}
	err = s.timelines.DeleteEntry(c.Request().Context(), e.ID, deleteRevision(c))
	if cf := claimline.ConflictOf(err); cf != nil {
		cur := cf.Current.(*claimline.Entry)
		return render(c, http.StatusConflict, views.ConfirmDeletePage(s.page(c, "Delete "+cur.Title, "timelines"), deleteConflict(entryDelete(cur), cf)))
	} else if err != nil {
		return err
	}
	return s.redirect(c, "/timelines/"+e.TimelineSlug, "Entry “"+e.Title+"” deleted.")
}

func (s *Server) entryHistory(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	// History outlives the entry: a deleted entry's history is still shown.
	changes, err := s.history.Changes(c.Request().Context(), claimline.ChangeFilter{ObjectType: "entry", ObjectID: id})
	if err != nil {
		return err
	}
	if len(changes) == 0 {
		return claimline.Errorf(claimline.ENOTFOUND, "Entry not found.")
	}
	// Titled by the entry's title: the newest record may be a citation's,
	// labelled "Title: cites …".
	title := changes[0].Value("title")
	for _, ch := range changes {
		if t := ch.Value("title"); t != "" && ch.Value("kind") != "" {
			title = t
			break
		}
	}
	v := views.HistoryView{Heading: "History of “" + title + "”", Changes: changes}
	if e, err := s.timelines.Entry(c.Request().Context(), id); err == nil {
		v.Heading, v.Back = "History of “"+e.Title+"”", "/entries/"+views.ID(id)
	}
	if v.Names, err = s.historyNames(c.Request().Context(), changes); err != nil {
		return err
	}
	return render(c, http.StatusOK, views.HistoryPage(s.page(c, "History of "+title, "timelines"), v))
}
