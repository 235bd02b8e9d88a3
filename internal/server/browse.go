package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/views"
)

func (s *Server) actors(c echo.Context) error {
	as, err := s.timelines.Actors(c.Request().Context())
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ActorsPage(s.page(c, "Actors", "actors"), as))
}

func (s *Server) actor(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	a, entries, err := s.timelines.Actor(c.Request().Context(), id)
	if err != nil {
		return err
	}
	claims, err := s.claims.By(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ActorPage(s.page(c, a.Name, "actors"), views.ActorView{Actor: *a, Entries: entries, Claims: claims}))
}

// history lists recent changes across everything, grouped by day;
// ?action=delete finds deleted things, ?timeline=SLUG, ?user=NAME and
// ?type=entry narrow it, and ?type=user&id=N is one object's changes.
func (s *Server) historyPage(c echo.Context) error {
	ctx := c.Request().Context()
	v := views.HistoryView{Links: true, Nav: true, Types: []string{"timeline", "entry", "claim", "source"},
		Filter: views.HistoryFilter{Timeline: c.QueryParam("timeline"), User: c.QueryParam("user"), Type: c.QueryParam("type"), Action: c.QueryParam("action")}}
	f := claimline.ChangeFilter{ObjectType: v.Filter.Type, Action: v.Filter.Action, Username: v.Filter.User, Limit: 200}
	f.ObjectID, _ = strconv.ParseInt(c.QueryParam("id"), 10, 64)
	if currentUser(c).IsAdmin() {
		v.Types = append(v.Types, "user")
	} else {
		if f.ObjectType == "user" {
			return claimline.Errorf(claimline.EFORBIDDEN, "Only admins can see account history.")
		}
		f.NotType = "user"
	}
	var err error
	if v.Timelines, err = s.timelines.List(ctx); err != nil {
		return err
	}
	if v.Filter.Timeline != "" {
		t, err := s.timelines.BySlug(ctx, v.Filter.Timeline)
		if err != nil {
			return err
		}
		f.TimelineID = t.ID
	}
	if v.Users, err = s.history.Users(ctx); err != nil {
		return err
	}
	if v.Changes, err = s.history.Changes(ctx, f); err != nil {
		return err
	}
	if v.Names, err = s.historyNames(ctx, v.Changes); err != nil {
		return err
	}
	v.Heading = "Recent changes"
	if f.Action == claimline.ActionDelete {
		v.Heading = "Deleted"
	}
	return render(c, http.StatusOK, views.HistoryPage(s.page(c, v.Heading, "history"), v))
}

// namedChanges reads the changes the filter selects, with what they name by
// id (historyNames): an object's page tells a claim or entry that exists
// from one since deleted.
func (s *Server) namedChanges(ctx context.Context, f claimline.ChangeFilter) ([]claimline.Change, map[string]string, error) {
	changes, err := s.history.Changes(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	names, err := s.historyNames(ctx, changes)
	return changes, names, err
}

// historyNames finds the text of the claims and the titles of the entries
// that history records name by id.
func (s *Server) historyNames(ctx context.Context, changes []claimline.Change) (map[string]string, error) {
	names := map[string]string{}
	for _, typ := range []string{"claim", "entry"} {
		var ids []int64
		for _, ch := range changes {
			if id, err := strconv.ParseInt(ch.Value(typ), 10, 64); err == nil {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			continue
		}
		found, err := s.history.Names(ctx, typ, ids)
		if err != nil {
			return nil, err
		}
		for id, name := range found {
			names[typ+":"+views.ID(id)] = name
		}
	}
	return names, nil
}
