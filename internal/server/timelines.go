package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/internal/slug"
	"claimline/views"
)

// PageSize is how many entries a timeline page shows; longer timelines are
// paged in date order. 500 keeps a page quick to render and to scroll.
const PageSize = 500

func (s *Server) timelineList(c echo.Context) error {
	ts, err := s.timelines.List(c.Request().Context())
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.TimelinesPage(s.page(c, "Timelines", "timelines"), ts))
}

func timelineInput(c echo.Context) claimline.TimelineInput {
	return claimline.TimelineInput{Title: c.FormValue("title"), Description: c.FormValue("description"), Slug: c.FormValue("slug")}
}

// withSlug returns in with a slug made from the title when none was typed.
func withSlug(in claimline.TimelineInput) claimline.TimelineInput {
	if strings.TrimSpace(in.Slug) == "" {
		in.Slug = slug.Make(in.Title)
	}
	return in
}

func (s *Server) newTimeline(c echo.Context) error {
	return render(c, http.StatusOK, views.TimelineFormPage(s.page(c, "New timeline", "timelines"), views.TimelineForm{}))
}

func (s *Server) createTimeline(c echo.Context) error {
	in := timelineInput(c)
	t, err := s.timelines.Create(c.Request().Context(), in)
	if errs := claimline.FieldErrors(err); errs != nil {
		return render(c, formStatus(err), views.TimelineFormPage(s.page(c, "New timeline", "timelines"),
			views.TimelineForm{Input: in, Errors: errs}))
	} else if err != nil {
		return err
	}
	return s.redirect(c, "/timelines/"+t.Slug, "Timeline created. Add its first entry.")
}

func (s *Server) timelineBySlug(c echo.Context) (*claimline.Timeline, error) {
	return s.timelines.BySlug(c.Request().Context(), c.Param("slug"))
}

// timelineRef is timelineBySlug without the entry count and last change,
// for handlers that show neither: its cost does not grow with the timeline.
func (s *Server) timelineRef(c echo.Context) (*claimline.Timeline, error) {
	return s.timelines.Ref(c.Request().Context(), c.Param("slug"))
}

func (s *Server) timeline(c echo.Context) error {
	p := s.page(c, "", "timelines")
	look, done, err := s.fromPageCache(c, p)
	if done || err != nil {
		return err
	}
	v := views.TimelineView{Filter: filterForm(c)}
	f, errs := parseFilter(v.Filter)
	f.After, _ = strconv.ParseInt(c.QueryParam("after"), 10, 64)
	f.Limit = PageSize
	v.FilterErrors, v.Paged = errs, f.After > 0
	tp, err := s.timelines.Page(c.Request().Context(), c.Param("slug"), f)
	if err != nil {
		return err
	}
	v.Timeline, v.Entries, v.More, v.Actors, v.Tags = tp.Timeline, tp.Entries.Entries, tp.Entries.More, tp.Actors, tp.Tags
	v.Overview = views.BuildOverview(v.Entries, v.PeriodLink)
	v.EvidenceChanges = tp.EvidenceChanges
	v.Prepare()
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	p.Title = tp.Timeline.Title
	return s.renderCached(c, look, tp.State, status, views.TimelinePage(p, v))
}

// filterForm reads the timeline filters from the query string, as the
// timeline page and its exports both take them.
func filterForm(c echo.Context) views.FilterForm {
	return views.FilterForm{Kind: c.QueryParam("kind"), Actor: c.QueryParam("actor"), Tag: c.QueryParam("tag"),
		Status: c.QueryParam("status"), Q: strings.TrimSpace(c.QueryParam("q")), From: c.QueryParam("from"), To: c.QueryParam("to")}
}

// parseFilter turns the filter form into a store filter; bad fields are
// reported and left out of the filter.
func parseFilter(ff views.FilterForm) (claimline.EntryFilter, views.Errors) {
	f := claimline.EntryFilter{Actor: ff.Actor, Tag: ff.Tag, Text: ff.Q}
	errs := views.Errors{}
	if k := claimline.Kind(ff.Kind); k.Valid() {
		f.Kind = k
	}
	for _, st := range claimline.Statuses {
		if string(st) == ff.Status {
			f.Status = st
		}
	}
	var err error
	if strings.TrimSpace(ff.From) != "" {
		if f.From, _, err = claimline.ParseDate(ff.From); err != nil {
			errs["from"] = "From: " + claimline.ErrorMessage(err)
		}
	}
	if strings.TrimSpace(ff.To) != "" {
		if f.To, _, err = claimline.ParseDate(ff.To); err != nil {
			errs["to"] = "To: " + claimline.ErrorMessage(err)
		}
	}
	if len(errs) == 0 {
		errs = nil
	}
	return f, errs
}

func (s *Server) editTimeline(c echo.Context) error {
	t, err := s.timelineBySlug(c)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.TimelineFormPage(s.page(c, "Edit "+t.Title, "timelines"), views.TimelineForm{Timeline: t, Input: t.Input(),
		Edit: s.openEdit(c, "timeline", t.ID, t.Revision)}))
}

func (s *Server) updateTimeline(c echo.Context) error {
	t, err := s.timelineBySlug(c)
	if err != nil {
		return err
	}
	in := timelineInput(c)
	rev, err := formRevision(c)
	if err != nil {
		return err
	}
	updated, err := s.timelines.Update(c.Request().Context(), t.ID, rev, withSlug(in))
	if errs := claimline.FieldErrors(err); errs != nil || claimline.ConflictOf(err) != nil {
		f := views.TimelineForm{Timeline: t, Input: in, Errors: errs, Edit: views.EditState{Revision: rev}}
		if cf := claimline.ConflictOf(err); cf != nil {
			cur := cf.Current.(*claimline.Timeline)
			// The form posts to the timeline's address as it is now, in case
			// the other change was to the address.
			f.Timeline, f.Edit = cur, s.conflictEdit(c, cf, withSlug(in).Fields(), cur.Input().Fields(), "/timelines/"+cur.Slug, "timeline", t.ID)
		}
		return render(c, formStatus(err), views.TimelineFormPage(s.page(c, "Edit "+t.Title, "timelines"), f))
	} else if err != nil {
		return err
	}
	return s.redirect(c, "/timelines/"+updated.Slug, "Timeline saved.")
}

func (s *Server) confirmDeleteTimeline(c echo.Context) error {
	t, err := s.timelineBySlug(c)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ConfirmDeletePage(s.page(c, "Delete "+t.Title, "timelines"), timelineDelete(t)))
}

func timelineDelete(t *claimline.Timeline) views.ConfirmDelete {
	path := "/timelines/" + t.Slug
	return views.ConfirmDelete{What: "timeline", Name: t.Title, Action: path + "/delete", Cancel: path,
		Consequence: "Its " + views.Plural(t.EntryCount, "entry", "entries") + " will be deleted with it.", Revision: t.Revision}
}

func (s *Server) deleteTimeline(c echo.Context) error {
	t, err := s.timelineBySlug(c)
	if err != nil {
		return err
	}
	err = s.timelines.Delete(c.Request().Context(), t.ID, deleteRevision(c))
	if cf := claimline.ConflictOf(err); cf != nil {
		cur := cf.Current.(*claimline.Timeline)
		return render(c, http.StatusConflict, views.ConfirmDeletePage(s.page(c, "Delete "+cur.Title, "timelines"), deleteConflict(timelineDelete(cur), cf)))
	} else if err != nil {
		return err
	}
	return s.redirect(c, "/", "Timeline “"+t.Title+"” deleted.")
}

func (s *Server) timelineHistory(c echo.Context) error {
	t, err := s.timelineBySlug(c)
	if err != nil {
		return err
	}
	changes, err := s.history.Changes(c.Request().Context(), claimline.ChangeFilter{TimelineID: t.ID})
	if err != nil {
		return err
	}
	v := views.HistoryView{Heading: "History of “" + t.Title + "”", Back: "/timelines/" + t.Slug, Changes: changes, Links: true}
	if v.Names, err = s.historyNames(c.Request().Context(), changes); err != nil {
		return err
	}
	return render(c, http.StatusOK, views.HistoryPage(s.page(c, "History of "+t.Title, "timelines"), v))
}
