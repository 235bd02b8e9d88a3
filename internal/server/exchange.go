package server

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/internal/exchange"
	"claimline/internal/slug"
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
	ft := exchange.ExportFormats[format]
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
		h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, ft.FileName(t.Slug, s.now().UTC().Format("2006-01-02"))))
		c.Response().WriteHeader(http.StatusOK)
		return s.exchange.Export(c.Request().Context(), format, t, f, c.Response())
	}
}

// importForm reads the target and order fields shared by the import pages.
func (s *Server) importForm(c echo.Context, target string) (views.ImportForm, error) {
	ts, err := s.timelines.List(c.Request().Context())
	f := views.ImportForm{Timelines: ts, Target: target, NewTitle: c.FormValue("new_title"), Order: c.FormValue("order"),
		Force: c.FormValue("force") == "1"}
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

// previewImport keeps an uploaded file on the server and shows what it
// holds; the preview form carries only a token naming the kept copy.
func (s *Server) previewImport(c echo.Context) error {
	f, err := s.importForm(c, c.FormValue("timeline"))
	if err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		f.Error = "Choose a CSV, JSON or JSONL file."
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
	f.Name = fh.Filename
	if f.Token, err = s.exchange.KeepUpload(c.Request().Context(), claimline.UserFromContext(c.Request().Context()).ID, f.Name, b); err != nil {
		return err
	}
	return s.renderPreview(c, f, b, 0)
}

// renderPreview reads the file and shows the preview, 422 if it has problems.
// renderPreview shows the import preview, with status, or when status is 0
// 200 for a file ready to import and 422 for one that is not.
func (s *Server) renderPreview(c echo.Context, f views.ImportForm, data []byte, status int) error {
	if exchange.Detect(data) == "json" {
		tin, sources, bundles, err := exchange.ReadJSON(bytes.NewReader(data))
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
		if f.Preview, err = s.readEntries(c, f, data); err != nil {
			return err
		}
		if f.Changed, err = s.changedSinceExport(c, f); err != nil {
			return err
		}
	}
	if status == 0 {
		status = http.StatusOK
		if !f.Ready() {
			status = http.StatusUnprocessableEntity
		}
	}
	return render(c, status, views.ImportPreviewPage(s.page(c, "Import preview", "timelines"), f))
}

// readEntries reads a CSV or JSONL file for the preview, against the
// chosen timeline when it exists.
func (s *Server) readEntries(c echo.Context, f views.ImportForm, data []byte) (*claimline.ImportPreview, error) {
	ctx := c.Request().Context()
	var target claimline.ImportTarget
	if f.Target == "" {
		// Into a new timeline: every row is a new entry, whatever id an
		// export gave it.
		target.New = &claimline.TimelineInput{Title: f.NewTitle}
	} else if t, err := s.timelines.BySlug(ctx, f.Target); err == nil {
		target.TimelineID = t.ID
	} // else the import names the missing timeline
	return s.exchange.ReadEntries(ctx, data, target, importOptions(f))
}

func importOptions(f views.ImportForm) claimline.ImportOptions {
	return claimline.ImportOptions{Order: claimline.DateOrder(f.Order), FinePrecision: f.FinePrecision, Overwrite: f.Force}
}

// changedSinceExport returns the entries of the chosen timeline that rows
// of the file update but that changed since the file's export.
func (s *Server) changedSinceExport(c echo.Context, f views.ImportForm) ([]claimline.Entry, error) {
	if f.Target == "" || f.Preview == nil {
		return nil, nil
	}
	t, err := s.timelines.Ref(c.Request().Context(), f.Target)
	if claimline.ErrorCode(err) == claimline.ENOTFOUND {
		return nil, nil // the preview says so when importing
	} else if err != nil {
		return nil, err
	}
	revs := map[int64]int64{}
	for _, r := range f.Preview.Rows {
		if r.ID > 0 && r.Revision > 0 {
			revs[r.ID] = r.Revision
		}
	}
	if len(revs) == 0 {
		return nil, nil
	}
	return s.exchange.ChangedSince(c.Request().Context(), t.ID, revs)
}

// commitImport imports the previewed file in one transaction, or shows the
// preview again (with any new choice of target or date order).
func (s *Server) commitImport(c echo.Context) error {
	f, err := s.importForm(c, c.FormValue("timeline"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	user := claimline.UserFromContext(ctx)
	f.Token, f.FinePrecision = c.FormValue("token"), c.FormValue("fine_precision") != ""
	name, data, err := s.exchange.Upload(ctx, user.ID, f.Token)
	if err != nil {
		if claimline.ErrorCode(err) != claimline.ENOTFOUND {
			return err
		}
		f.Error = claimline.ErrorMessage(err)
		return render(c, http.StatusUnprocessableEntity, views.ImportPage(s.page(c, "Import", "timelines"), f))
	}
	f.Name = name
	if c.FormValue("action") != "import" {
		return s.renderPreview(c, f, data, 0)
	}
	target, err := s.importTarget(c, f)
	if err != nil {
		f.Error = claimline.ErrorMessage(err)
		if fe := claimline.FieldErrorText(err); fe != f.Error && claimline.FieldErrors(err) != nil {
			f.Error += " " + fe
		}
		return s.renderPreview(c, f, data, 0)
	}
	res, err := s.runImport(c, target, f, data)
	// A full or read-only disk keeps the preview, and the file, for another try.
	if code := claimline.ErrorCode(err); code == claimline.EINVALID || code == claimline.ENOTFOUND || claimline.IsFault(err) {
		f.Error = "Nothing was imported: " + claimline.ErrorMessage(err)
		if claimline.FieldErrors(err) != nil { // "The new timeline cannot be created.", and why
			f.Error += " " + claimline.FieldErrorText(err)
		}
		return s.renderPreview(c, f, data, formStatus(err))
	} else if err != nil {
		return err
	}
	if err := s.exchange.DropUpload(ctx, user.ID, f.Token); err != nil {
		s.log.Warn("delete pending import", "err", err)
	}
	s.security(c, "import", "timeline", res.Slug, "file", f.Name, "created", res.Created, "updated", res.Updated, "unchanged", res.Unchanged)
	msg := fmt.Sprintf("Imported %s: %d new, %d updated, %d unchanged.", f.Name, res.Created, res.Updated, res.Unchanged)
	if res.Kept > 0 {
		msg += fmt.Sprintf(" %d changed since the export kept as they were.", res.Kept)
	}
	return s.redirect(c, "/timelines/"+res.Slug, msg)
}

// importTarget is the chosen existing timeline, or a new one titled as asked.
func (s *Server) importTarget(c echo.Context, f views.ImportForm) (claimline.ImportTarget, error) {
	if f.Target != "" {
		t, err := s.timelines.BySlug(c.Request().Context(), f.Target)
		if err != nil {
			return claimline.ImportTarget{}, err
		}
		return claimline.ImportTarget{TimelineID: t.ID}, nil
	}
	title := strings.TrimSpace(f.NewTitle)
	if title == "" {
		title = strings.TrimSuffix(f.Name, filepath.Ext(f.Name))
	}
	return claimline.ImportTarget{New: &claimline.TimelineInput{Title: title, Slug: slug.Make(title)}}, nil
}

func (s *Server) runImport(c echo.Context, target claimline.ImportTarget, f views.ImportForm, data []byte) (claimline.ImportResult, error) {
	return s.exchange.Import(c.Request().Context(), data, target, importOptions(f))
}
