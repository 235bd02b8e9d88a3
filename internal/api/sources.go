package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/internal/fetch"
)

// ListSources pages through the library, newest first; with q, through
// the sources the search finds, best first.
func (a *API) ListSources(c echo.Context, params ListSourcesParams) error {
	if q := strings.TrimSpace(str(params.Q)); q != "" {
		return a.searchSources(c, q, params)
	}
	before, err := cursor(params.After)
	if err != nil {
		return err
	}
	all, err := a.sources.List(c.Request().Context())
	if err != nil {
		return err
	}
	limit := pageLimit(params.Limit)
	out := SourceList{Items: []Source{}}
	for _, s := range all { // newest first: by id, falling
		if before != 0 && s.ID >= before {
			continue
		}
		if len(out.Items) == limit {
			out.Next = next(true, out.Items[len(out.Items)-1].Id)
			break
		}
		out.Items = append(out.Items, sourceOut(s))
	}
	return c.JSON(http.StatusOK, out)
}

// searchSources answers a list with q from the search index: a page of its
// source hits, the cursor counting the hits passed.
func (a *API) searchSources(c echo.Context, q string, params ListSourcesParams) error {
	offset, err := cursor(params.After)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	limit := pageLimit(params.Limit)
	res, err := a.search.Run(ctx, claimline.SearchQuery{Text: q, Kind: claimline.SearchSources, Limit: limit, Offset: int(offset)})
	if err != nil {
		return err
	}
	out := SourceList{Items: []Source{}}
	for _, g := range res.Groups {
		for _, h := range g.Hits {
			s, err := a.sources.Get(ctx, h.ID)
			if claimline.ErrorCode(err) == claimline.ENOTFOUND {
				continue // deleted meanwhile
			} else if err != nil {
				return err
			}
			out.Items = append(out.Items, sourceOut(*s))
		}
		if seen := int(offset) + len(g.Hits); len(g.Hits) > 0 && seen < g.Total {
			out.Next = next(true, int64(seen))
		}
	}
	return c.JSON(http.StatusOK, out)
}

// CreateSource adds a source from a text, a web address or an uploaded
// file: 201 when new, 200 with the source already in the library.
func (a *API) CreateSource(c echo.Context) error {
	ctx := c.Request().Context()
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	var src *claimline.Source
	var existed bool
	var err error
	switch mt {
	case echo.MIMEMultipartForm:
		src, existed, err = a.uploadSource(c)
	case echo.MIMEApplicationJSON:
		var in SourceCreate
		if err := decode(c, &in); err != nil {
			return err
		}
		meta := claimline.SourceInput{Title: str(in.Title), Outlet: str(in.Outlet), Author: str(in.Author), Published: str(in.Published)}
		switch text, url := str(in.Text), strings.TrimSpace(str(in.Url)); {
		case (text == "") == (url == ""):
			return claimline.Problems{"text": "Give either a text or a url.", "url": "Give either a text or a url."}.Err()
		case url != "":
			src, existed, err = a.sources.Fetch(ctx, url, meta)
			var fe *fetch.Error
			if errors.As(err, &fe) {
				return invalid("url", "Not fetched: "+fe.Reason+".")
			}
		default:
			meta.Text = text
			src, existed, err = a.sources.AddText(ctx, meta)
		}
	default:
		return &echo.HTTPError{Code: http.StatusUnsupportedMediaType, Message: "Send JSON, or a multipart form with a file."}
	}
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if existed {
		status = http.StatusOK
	}
	return c.JSON(status, sourceOut(*src))
}

// uploadSource adds the file of a multipart request, with the metadata
// fields sent beside it.
func (a *API) uploadSource(c echo.Context) (*claimline.Source, bool, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, false, invalid("file", "Choose a .txt, .md or .html file.")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, false, err
	}
	meta := claimline.SourceInput{Title: c.FormValue("title"), Outlet: c.FormValue("outlet"), Author: c.FormValue("author"), Published: c.FormValue("published")}
	return a.sources.AddDocument(c.Request().Context(), claimline.Document{Name: fh.Filename, Data: b, Meta: meta})
}

// GetSource returns a source with its text, versions and the dates found
// in it.
func (a *API) GetSource(c echo.Context, id int64) error {
	ctx := c.Request().Context()
	s, err := a.sources.Get(ctx, id)
	if err != nil {
		return err
	}
	vs, err := a.sources.Versions(ctx, id)
	if err != nil {
		return err
	}
	out := sourceOut(*s)
	out.Text = &s.Text
	versions := make([]Version, len(vs))
	for i, v := range vs {
		versions[i] = versionOut(v)
	}
	out.Versions = &versions
	found, err := a.sources.Dates(ctx, s)
	if err != nil {
		return err
	}
	mentions := make([]DateMention, 0, len(found))
	for _, m := range found {
		if m.Resolved {
			mentions = append(mentions, DateMention{Text: m.Text, Date: m.Date.ISO(), Start: m.Start, End: m.End})
		}
	}
	out.Dates = &mentions
	return c.JSON(http.StatusOK, out)
}

// CreateVersion gives a source a new text: 201 with the new version, 200
// with the current one when the text is the same.
func (a *API) CreateVersion(c echo.Context, id int64) error {
	var in VersionCreate
	if err := decode(c, &in); err != nil {
		return err
	}
	v, changed, err := a.sources.UpdateText(c.Request().Context(), id, in.Text)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if changed {
		status = http.StatusCreated
	}
	return c.JSON(status, versionOut(*v))
}
