package api

import (
	"net/http"
	"os"
	"path/filepath"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
)

// Search answers the search box's query, with the kinds the token may read
// (the store leaves out the others).
func (a *API) Search(c echo.Context, params SearchParams) error {
	q := claimline.SearchQuery{Text: params.Q, Timeline: str(params.Timeline)}
	if params.Limit != nil {
		q.Limit = *params.Limit
	}
	if params.Kind != nil {
		q.Kind = claimline.SearchKind(*params.Kind)
	}
	res, err := a.search.Run(c.Request().Context(), q)
	if err != nil {
		return err
	}
	out := SearchResults{Query: res.Query, Groups: []SearchGroup{}}
	for _, g := range res.Groups {
		sg := SearchGroup{Kind: string(g.Kind), Total: g.Total, Hits: []SearchHit{}}
		for _, h := range g.Hits {
			snippet := h.Snippet.String()
			if len(h.Passages) > 0 {
				snippet = h.Passages[0].Snippet.String()
			}
			sg.Hits = append(sg.Hits, SearchHit{Id: h.ID, Title: h.Title, Snippet: snippet, Timeline: ptr(h.Entry.TimelineSlug)})
		}
		out.Groups = append(out.Groups, sg)
	}
	return c.JSON(http.StatusOK, out)
}

// ListHistory pages through the history, newest first. Changes to
// accounts are an admin's to read, as on the web.
func (a *API) ListHistory(c echo.Context, params ListHistoryParams) error {
	ctx := c.Request().Context()
	before, err := cursor(params.After)
	if err != nil {
		return err
	}
	limit := pageLimit(params.Limit)
	f := claimline.ChangeFilter{Username: str(params.User), Before: before, Limit: limit + 1}
	if !claimline.UserFromContext(ctx).IsAdmin() {
		f.NotType = "user"
	}
	if slug := str(params.Timeline); slug != "" {
		t, err := a.timelines.Ref(ctx, slug)
		if err != nil {
			return err
		}
		f.TimelineID = t.ID
	}
	changes, err := a.history.Changes(ctx, f)
	if err != nil {
		return err
	}
	out := ChangeList{Items: []Change{}}
	for i, ch := range changes {
		if i == limit {
			out.Next = next(true, changes[i-1].ID)
			break
		}
		out.Items = append(out.Items, Change{Id: ch.ID, At: ch.At, User: ch.Username, Via: ptr(ch.Via), ObjectType: ch.ObjectType,
			ObjectId: ch.ObjectID, Timeline: ptr(ch.TimelineSlug), Action: ChangeAction(ch.Action), Label: ch.Label,
			Before: ptr(ch.Before), After: ptr(ch.After)})
	}
	return c.JSON(http.StatusOK, out)
}

// ListUsers lists every user (an admin's route).
func (a *API) ListUsers(c echo.Context) error {
	users, err := a.users.List(c.Request().Context())
	if err != nil {
		return err
	}
	out := UserList{Items: make([]User, len(users))}
	for i, u := range users {
		out.Items[i] = User{Id: u.ID, Username: u.Username, Role: UserRole(u.Role), Disabled: u.Disabled, CreatedAt: u.CreatedAt}
	}
	return c.JSON(http.StatusOK, out)
}

// GetBackup sends a fresh, integrity-checked copy of the database (an
// admin's route).
func (a *API) GetBackup(c echo.Context) error {
	dir, err := os.MkdirTemp("", "claimline-backup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	name := "claimline-" + a.now().UTC().Format("2006-01-02") + ".db"
	path := filepath.Join(dir, name)
	if err := a.backup(c.Request().Context(), path); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentType, "application/vnd.sqlite3")
	return c.Attachment(path, name)
}
