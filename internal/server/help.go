package server

import (
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/internal/guide"
	"claimline/views"
	"claimline/web"
)

// newGuide returns the guide, its pages rendered at first use and kept:
// they are embedded in the program and never change while it runs, and a
// page that cannot be rendered fails the guide's tests long before it
// reaches here.
func newGuide() func() (*guide.Guide, error) {
	return sync.OnceValues(func() (*guide.Guide, error) { return guide.New(web.Help) })
}

// helpIndex is /help: the guide's topics. Like every help page it is
// public, GET only, and shows the usual header to a signed-in user.
func (s *Server) helpIndex(c echo.Context) error {
	g, err := s.guide()
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.HelpIndexPage(s.page(c, "Guide", "help"), helpTopics(g.Pages())))
}

// helpPage is /help/:topic, one page of the guide. The topic is looked up
// among the guide's topics only, never used as a file name.
func (s *Server) helpPage(c echo.Context) error {
	g, err := s.guide()
	if err != nil {
		return err
	}
	p, prev, next, ok := g.Page(c.Param("topic"))
	if !ok {
		return claimline.Errorf(claimline.ENOTFOUND, "The guide has no such page.")
	}
	v := views.HelpPageView{Topic: helpTopic(p), Body: p.HTML, Topics: helpTopics(g.Pages())}
	for _, h := range p.Headings {
		v.Sections = append(v.Sections, views.HelpSection{ID: h.ID, Text: h.Text})
	}
	if prev.Slug != "" {
		t := helpTopic(prev)
		v.Prev = &t
	}
	if next.Slug != "" {
		t := helpTopic(next)
		v.Next = &t
	}
	return render(c, http.StatusOK, views.HelpPage(s.page(c, p.Title+" · Guide", "help"), v))
}

// helpHits returns the guide's pages that match a search, for the search
// page's own group of results.
func (s *Server) helpHits(q string) ([]views.HelpHit, error) {
	g, err := s.guide()
	if err != nil {
		return nil, err
	}
	var out []views.HelpHit
	for _, h := range g.Search(q) {
		out = append(out, views.HelpHit{Title: h.Title, URL: h.URL, Section: h.Section, Snippet: h.Snippet})
	}
	return out, nil
}

func helpTopic(p guide.Page) views.HelpTopic {
	return views.HelpTopic{Title: p.Title, URL: guide.URL(p.Slug, ""), Lead: p.Lead}
}

func helpTopics(pages []guide.Page) []views.HelpTopic {
	out := make([]views.HelpTopic, len(pages))
	for i, p := range pages {
		out[i] = helpTopic(p)
	}
	return out
}

// apiDocs is /api/docs: the API's contract as a page, public like the
// contract itself.
func (s *Server) apiDocs(c echo.Context) error {
	docs, err := s.api.Docs()
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.APIDocsPage(s.page(c, "API", "help"), docs))
}
