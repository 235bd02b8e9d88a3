package server

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/internal/exchange"
	"claimline/internal/export"
	"claimline/internal/slug"
	"claimline/internal/store"
	"claimline/views"
)

// exportFilter reads the timeline page's filters for an export; bad ones are
// an EINVALID error rather than silently dropped.
func exportFilter(c echo.Context) (claimline.EntryFilter, error) {
	f, errs := parseFilter(filterForm(c))
	for _, msg := range errs {
		return f, claimline.Errorf(claimline.EINVALID, "%s", msg)
	}
	return f, nil
}

// exporter serves one export format as a download streamed from the store;
// the CSV formats take the timeline page's filters.
func (s *Server) exporter(format string) echo.HandlerFunc {
	ft := export.Formats[format]
	return func(c echo.Context) error {
		t, err := s.timelineBySlug(c)
		if err != nil {
			return err
		}
		f, err := exportFilter(c)
		if err != nil {
			return err
		}
		s.security(c, "export", "timeline", t.Slug, "format", format)
		h := c.Response().Header()
		h.Set(echo.HeaderContentType, ft.ContentType)
		h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, ft.FileName(t.Slug, s.cfg.Now().UTC().Format("2006-01-02"))))
		c.Response().WriteHeader(http.StatusOK)
		return export.Write(c.Request().Context(), s.store, format, t, f, c.Response())
	}
}

// importForm reads the target and order fields shared by the import pages.
func (s *Server) importForm(c echo.Context, target string) (views.ImportForm, error) {
	ts, err := s.store.Timelines(c.Request().Context())
	f := views.ImportForm{Timelines: ts, Target: target, NewTitle: c.FormValue("new_title"), Order: c.FormValue("order")}
	if f.Order != "dmy" && f.Order != "mdy" {
		f.Order = ""
	}
	return f, err
}

func (s *Server) importPage(c echo.Context) error {
	f, err := s.importForm(c, c.QueryParam("timeline"))
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ImportPage(s.page(c, "Import", "timelines"), f))
}

// previewImport reads an uploaded file and shows what it holds.
func (s *Server) previewImport(c echo.Context) error {
	f, err := s.importForm(c, c.FormValue("timeline"))
	if err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		f.Error = "Choose a CSV or JSON file."
		return render(c, http.StatusUnprocessableEntity, views.ImportPage(s.page(c, "Import", "timelines"), f))
	}
	file, err := fh.Open()
	if err != nil {
		return err
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, exchange.MaxImportSize+1))
	if err != nil {
		return err
	}
	f.Data, f.Name = string(b), fh.Filename
	return s.renderPreview(c, f)
}

// renderPreview parses f.Data and shows the preview, 422 if it has problems.
func (s *Server) renderPreview(c echo.Context, f views.ImportForm) error {
	if exchange.IsJSON([]byte(f.Data)) {
		tin, sources, bundles, err := exchange.ReadJSON(strings.NewReader(f.Data))
		if err != nil {
			f.Error = claimline.ErrorMessage(err)
		} else {
			f.JSON = &views.JSONSummary{Title: tin.Title, Entries: len(bundles), Sources: len(sources)}
			for _, b := range bundles {
				f.JSON.Claims += len(b.Claims)
			}
			if f.NewTitle == "" {
				f.NewTitle = tin.Title
			}
		}
	} else {
		var err error
		if f.Parsed, err = exchange.ReadCSV(strings.NewReader(f.Data), claimline.DateOrder(f.Order)); err != nil {
			return err
		}
	}
	status := http.StatusOK
	if !f.Ready() {
		status = http.StatusUnprocessableEntity
	}
	return render(c, status, views.ImportPreviewPage(s.page(c, "Import preview", "timelines"), f))
}

// commitImport imports the previewed file in one transaction, or shows the
// preview again (with any new choice of target or date order).
func (s *Server) commitImport(c echo.Context) error {
	f, err := s.importForm(c, c.FormValue("timeline"))
	if err != nil {
		return err
	}
	f.Data, f.Name = c.FormValue("data"), c.FormValue("name")
	if c.FormValue("action") != "import" {
		return s.renderPreview(c, f)
	}
	target, err := s.importTarget(c, f)
	if err != nil {
		f.Error = claimline.ErrorMessage(err)
		if fe := claimline.FieldErrorText(err); fe != f.Error && claimline.FieldErrors(err) != nil {
			f.Error += " " + fe
		}
		return s.renderPreview(c, f)
	}
	res, err := s.runImport(c, target, f)
	if claimline.ErrorCode(err) == claimline.EINVALID || claimline.ErrorCode(err) == claimline.ENOTFOUND {
		f.Error = "Nothing was imported: " + claimline.ErrorMessage(err)
		return s.renderPreview(c, f)
	} else if err != nil {
		return err
	}
	s.security(c, "import", "timeline", res.Slug, "file", f.Name, "created", res.Created, "updated", res.Updated)
	return s.redirect(c, "/timelines/"+res.Slug, fmt.Sprintf("Imported %s: %d new, %d updated.", f.Name, res.Created, res.Updated))
}

// importTarget is the chosen existing timeline, or a new one titled as asked.
func (s *Server) importTarget(c echo.Context, f views.ImportForm) (store.ImportTarget, error) {
	if f.Target != "" {
		t, err := s.store.TimelineBySlug(c.Request().Context(), f.Target)
		if err != nil {
			return store.ImportTarget{}, err
		}
		return store.ImportTarget{TimelineID: t.ID}, nil
	}
	title := strings.TrimSpace(f.NewTitle)
	if title == "" {
		title = strings.TrimSuffix(strings.TrimSuffix(f.Name, ".csv"), ".json")
	}
	return store.ImportTarget{New: &claimline.TimelineInput{Title: title, Slug: slug.Make(title)}}, nil
}

func (s *Server) runImport(c echo.Context, target store.ImportTarget, f views.ImportForm) (store.ImportResult, error) {
	ctx := c.Request().Context()
	if exchange.IsJSON([]byte(f.Data)) {
		_, sources, bundles, err := exchange.ReadJSON(strings.NewReader(f.Data))
		if err != nil {
			return store.ImportResult{}, err
		}
		return s.store.ImportBundles(ctx, target, sources, bundles)
	}
	p, err := exchange.ReadCSV(bytes.NewReader([]byte(f.Data)), claimline.DateOrder(f.Order))
	if err != nil {
		return store.ImportResult{}, err
	}
	if len(p.Problems) > 0 {
		return store.ImportResult{}, claimline.Errorf(claimline.EINVALID, "the file has %d problems.", len(p.Problems))
	}
	return s.store.ImportEntries(ctx, target, p.ImportRows())
}
