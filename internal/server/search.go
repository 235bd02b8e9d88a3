package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/views"
)

// searchPageSize is how many results of one kind a kind's page shows.
const searchPageSize = 20

// search shows the results for ?q=, grouped by kind (the first few of
// each), or one kind with paging (&kind=, &page=). &timeline= limits
// entries and claims to one timeline. Whatever q holds, the answer is a
// page of results, never an error: the query language reads anything it
// does not know as plain words.
func (s *Server) searchPage(c echo.Context) error {
	ctx := c.Request().Context()
	v := views.SearchView{Q: c.QueryParam("q"), Page: 1, PageSize: searchPageSize}
	v.Kind, _ = claimline.ParseSearchKind(c.QueryParam("kind")) // an unknown kind shows every kind
	if n, err := strconv.Atoi(c.QueryParam("page")); err == nil && n > 1 && v.Kind != "" {
		v.Page = min(n, 10000)
	}
	if slug := c.QueryParam("timeline"); slug != "" {
		t, err := s.timelines.BySlug(ctx, slug)
		if err != nil {
			return err
		}
		v.Timeline = t
	}
	q := claimline.SearchQuery{Text: v.Q, Kind: v.Kind}
	if v.Timeline != nil {
		q.Timeline = v.Timeline.Slug
	}
	if v.Kind != "" {
		q.Limit, q.Offset = v.PageSize, (v.Page-1)*v.PageSize
	}
	if strings.TrimSpace(v.Q) != "" {
		var err error
		if v.Results, err = s.search.Run(ctx, q); err != nil {
			return err
		}
		v.Searched = true
		if v.Kind == "" && v.Timeline == nil {
			if v.Help, err = s.helpHits(v.Q); err != nil {
				return err
			}
		}
	}
	title := "Search"
	if v.Searched {
		title = "Search: " + v.Q
	}
	p := s.page(c, title, "search")
	p.Query = v.Q
	return render(c, http.StatusOK, views.SearchPage(p, v))
}

// foundSpan reads the reader's ?hl=START-END, the passage a search result
// links to; anything else is no passage.
func foundSpan(c echo.Context) claimline.Span {
	a, b, ok := strings.Cut(c.QueryParam("hl"), "-")
	start, err1 := strconv.Atoi(a)
	end, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || start < 0 || end <= start {
		return claimline.Span{Start: -1, End: -1}
	}
	return claimline.Span{Start: start, End: end}
}
