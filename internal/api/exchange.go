package api

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/internal/exchange"
)

// ExportTimeline streams a timeline in an export format: the bytes the
// web's export link gives.
func (a *API) ExportTimeline(c echo.Context, slug string, params ExportTimelineParams) error {
	ctx := c.Request().Context()
	t, err := a.timelines.BySlug(ctx, slug)
	if err != nil {
		return err
	}
	format := string(params.Format)
	ft, ok := exchange.ExportFormats[format]
	if !ok {
		return invalid("format", "Choose csv, claims-csv, json or timelinejs.")
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, ft.ContentType)
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, ft.FileName(t.Slug, a.now().UTC().Format("2006-01-02"))))
	c.Response().WriteHeader(http.StatusOK)
	return a.exchange.Export(ctx, format, t, claimline.EntryFilter{}, c.Response())
}

// ImportTimeline imports a CSV, Timesketch or claimline JSON body into the
// timeline, created when no timeline has the slug: all or nothing, every
// problem of the file a 422 naming its row and column. With dry_run, the
// file is read and nothing saved.
func (a *API) ImportTimeline(c echo.Context, slug string, params ImportTimelineParams) error {
	ctx := c.Request().Context()
	data, err := io.ReadAll(io.LimitReader(c.Request().Body, exchange.MaxImportSize+1))
	if err != nil {
		return err
	}
	if len(data) > exchange.MaxImportSize {
		return &echo.HTTPError{Code: http.StatusRequestEntityTooLarge, Message: fmt.Sprintf("The file is larger than %d MiB.", exchange.MaxImportSize>>20)}
	}
	target := claimline.ImportTarget{New: &claimline.TimelineInput{Slug: slug}}
	if t, err := a.timelines.Ref(ctx, slug); err == nil {
		target = claimline.ImportTarget{TimelineID: t.ID}
	} else if claimline.ErrorCode(err) != claimline.ENOTFOUND {
		return err
	} else if exchange.Detect(data) != "json" {
		target.New.Title = slug // a new timeline for a file of entries, titled after its address
	}
	opt := claimline.ImportOptions{Overwrite: params.OverwriteChanged != nil && *params.OverwriteChanged}
	if params.DateOrder != nil {
		opt.Order = claimline.DateOrder(*params.DateOrder)
	}
	if params.DryRun != nil && *params.DryRun {
		return a.previewImport(c, slug, data, target, opt)
	}
	res, err := a.exchange.Import(ctx, data, target, opt)
	if target.New != nil && claimline.FieldErrors(err)["slug"] != "" {
		// Another request made the timeline meanwhile (imports to one new
		// address at once): this file goes into it, as it would have a
		// moment later.
		if t, rerr := a.timelines.Ref(ctx, slug); rerr == nil {
			res, err = a.exchange.Import(ctx, data, claimline.ImportTarget{TimelineID: t.ID}, opt)
		}
	}
	if res.Preview != nil && len(res.Preview.Problems) > 0 {
		return importProblems(res.Preview)
	} else if err != nil {
		return err
	}
	out := ImportResult{Slug: res.Slug, Created: res.Created, Updated: res.Updated, Unchanged: res.Unchanged, Kept: res.Kept}
	if res.Preview != nil {
		out.Notices = notices(res.Preview)
	}
	return c.JSON(http.StatusOK, out)
}

// previewImport reads a file of entries as an import would and says what
// it would do; a claimline JSON export is only checked to read.
func (a *API) previewImport(c echo.Context, slug string, data []byte, target claimline.ImportTarget, opt claimline.ImportOptions) error {
	out := ImportResult{Slug: slug, DryRun: true}
	if exchange.Detect(data) == "json" {
		tin, _, bundles, err := exchange.ReadJSON(bytes.NewReader(data))
		if err != nil {
			return err
		}
		if target.New != nil {
			out.Slug = tin.Slug
		}
		out.Created = len(bundles)
		return c.JSON(http.StatusOK, out)
	}
	p, err := a.exchange.ReadEntries(c.Request().Context(), data, target, opt)
	if err != nil {
		return err
	}
	if len(p.Problems) > 0 {
		return importProblems(p)
	}
	out.Created, out.Updated, out.Unchanged = p.Counts()
	out.Notices = notices(p)
	return c.JSON(http.StatusOK, out)
}

// importProblems is the 422 of a file that cannot be imported: each
// problem on its field, "row N, column" (or the file's, "").
func importProblems(p *claimline.ImportPreview) error {
	probs := claimline.Problems{}
	for _, pr := range p.Problems {
		field := ""
		switch {
		case pr.Row > 0 && pr.Column != "":
			field = fmt.Sprintf("row %d, %s", pr.Row, pr.Column)
		case pr.Row > 0:
			field = fmt.Sprintf("row %d", pr.Row)
		case pr.Column != "":
			field = pr.Column
		}
		probs.Add(field, pr.Message)
	}
	return &claimline.Error{Code: claimline.EINVALID, Message: "The file has " + claimline.Plural(len(p.Problems), "problem", "problems") + "; nothing was imported.", Fields: probs}
}

// notices are what the import says of a file besides its problems.
func notices(p *claimline.ImportPreview) *[]string {
	var out []string
	out = append(out, p.Notices...)
	if len(p.Ignored) > 0 {
		out = append(out, "Columns not imported: "+strings.Join(p.Ignored, ", ")+".")
	}
	for _, r := range p.Rows {
		for _, n := range r.Notes {
			out = append(out, fmt.Sprintf("Row %d: %s", r.Line, n))
		}
	}
	if len(out) == 0 {
		return nil
	}
	return &out
}
