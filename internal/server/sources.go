package server

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/internal/extract"
	"claimline/internal/fetch"
	"claimline/views"
)

func (s *Server) sourceList(c echo.Context) error {
	srcs, err := s.sources.List(c.Request().Context())
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.SourcesPage(s.page(c, "Source library", "sources"), srcs))
}

func (s *Server) renderAddSources(c echo.Context, status int, f views.AddSourcesForm) error {
	return render(c, status, views.AddSourcesPage(s.page(c, "Add sources", "sources"), f))
}

func (s *Server) newSources(c echo.Context) error {
	return s.renderAddSources(c, http.StatusOK, views.AddSourcesForm{})
}

func sourceInput(c echo.Context) claimline.SourceInput {
	return claimline.SourceInput{Title: c.FormValue("title"), Outlet: c.FormValue("outlet"), Author: c.FormValue("author"),
		URL: c.FormValue("url"), Published: c.FormValue("published"), Grade: c.FormValue("grade"), Notes: c.FormValue("notes"),
		Text: c.FormValue("text")}
}

// createSource adds a pasted text.
func (s *Server) createSource(c echo.Context) error {
	in := sourceInput(c)
	src, existed, err := s.sources.AddText(c.Request().Context(), in)
	if errs := claimline.FieldErrors(err); errs != nil {
		f := views.AddSourcesForm{Paste: in, PasteErrors: errs}
		if errors.Is(err, claimline.ErrOtherText) {
			f.InLibrary = src // the text can be its new version
		}
		return s.renderAddSources(c, formStatus(err), f)
	} else if err != nil {
		return err
	}
	return s.redirect(c, "/sources/"+views.ID(src.ID), addedFlash(existed))
}

func addedFlash(existed bool) string {
	if existed {
		return "This text or address is already in the library: here it is."
	}
	return "Source added."
}

// uploadSources adds each uploaded file as a source, independently: a file
// that cannot be read is reported and the others are still added.
func (s *Server) uploadSources(c echo.Context) error {
	form, err := c.MultipartForm()
	if err != nil || len(form.File["files"]) == 0 {
		return s.renderAddSources(c, http.StatusUnprocessableEntity, views.AddSourcesForm{UploadError: "Choose one or more .txt, .md or .html files."})
	}
	var results []views.UploadResult
	added := 0
	for _, fh := range form.File["files"] {
		r := views.UploadResult{Name: fh.Filename}
		b, err := readUpload(fh)
		if err == nil {
			r.Source, r.Existed, err = s.sources.AddDocument(c.Request().Context(), claimline.Document{Name: fh.Filename, Data: b})
		}
		if err != nil {
			r.Source, r.Problem = nil, claimline.FieldErrorText(err)
		} else if !r.Existed {
			added++
		}
		results = append(results, r)
	}
	s.security(c, "sources uploaded", "files", len(results), "added", added)
	status := http.StatusOK
	if added == 0 && !anyExisting(results) {
		status = http.StatusUnprocessableEntity
	}
	return render(c, status, views.UploadResultsPage(s.page(c, "Uploaded files", "sources"), results))
}

// readUpload reads an uploaded file, refusing one over extract.MaxSize by
// its size alone rather than after reading 5 MiB of it.
func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	if err := extract.CheckSize(fh.Filename, fh.Size); err != nil {
		return nil, claimline.Errorf(claimline.EINVALID, "%s", err)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, extract.MaxSize+1))
}

func anyExisting(rs []views.UploadResult) bool {
	for _, r := range rs {
		if r.Existed {
			return true
		}
	}
	return false
}

// fetchSource fetches a web page (outside any transaction), extracts it and
// adds it.
func (s *Server) fetchSource(c echo.Context) error {
	raw := strings.TrimSpace(c.FormValue("url"))
	src, existed, err := s.sources.Fetch(c.Request().Context(), raw, claimline.SourceInput{})
	var fe *fetch.Error
	if errors.As(err, &fe) {
		s.security(c, "fetch refused", "url", fetch.Redact(raw), "reason", fe.Reason)
		return s.renderAddSources(c, http.StatusUnprocessableEntity, views.AddSourcesForm{URL: raw,
			FetchErrors: views.Errors{"url": "Not fetched: " + fe.Reason + "."}})
	} else if claimline.ErrorCode(err) == claimline.EINVALID || claimline.IsFault(err) {
		return s.renderAddSources(c, formStatus(err), views.AddSourcesForm{URL: raw,
			FetchErrors: views.Errors{"url": claimline.ErrorMessage(err)}})
	} else if err != nil {
		return err
	}
	s.security(c, "source fetched", "url", raw, "source", src.ID)
	return s.redirect(c, "/sources/"+views.ID(src.ID), addedFlash(existed))
}

func (s *Server) sourceByID(c echo.Context) (*claimline.Source, error) {
	id, err := pathID(c)
	if err != nil {
		return nil, err
	}
	return s.sources.Get(c.Request().Context(), id)
}

func (s *Server) source(c echo.Context) error {
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	return s.renderSource(c, http.StatusOK, views.SourceView{Source: *src, Found: foundSpan(c), MetaInput: src.Input(),
		MetaEdit: views.EditState{Revision: src.Revision}})
}

// renderSource shows the reader; v carries the source, its date
// expressions and the state of the in-place details form.
func (s *Server) renderSource(c echo.Context, status int, v views.SourceView) error {
	ctx := c.Request().Context()
	var err error
	if v.Citations, v.Assessments, err = s.sources.Uses(ctx, v.Source.ID); err != nil {
		return err
	}
	if v.Changes, v.Names, err = s.namedChanges(ctx, claimline.ChangeFilter{ObjectType: "source", ObjectID: v.Source.ID, Limit: 20}); err != nil {
		return err
	}
	if v.Versions, err = s.sources.Versions(ctx, v.Source.ID); err != nil {
		return err
	}
	if v.Dates, err = s.sources.Dates(ctx, &v.Source); err != nil {
		return err
	}
	return render(c, status, views.SourcePage(s.page(c, v.Source.Title, "sources"), v))
}

// sourceOriginal sends the document as captured, as a download: it is never
// rendered as a page.
func (s *Server) sourceOriginal(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	b, typ, err := s.sources.Original(c.Request().Context(), id)
	if err != nil {
		return err
	}
	ext := ".txt"
	switch typ {
	case "text/html":
		ext = ".html"
	case "text/markdown":
		ext = ".md"
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="source-%d-original%s"`, id, ext))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	return c.Blob(http.StatusOK, "application/octet-stream", b)
}

func (s *Server) editSource(c echo.Context) error {
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.SourceFormPage(s.page(c, "Edit "+src.Title, "sources"), views.SourceForm{Source: *src, Input: src.Input(),
		Edit: s.openEdit(c, "source", src.ID, src.Revision)}))
}

func (s *Server) updateSource(c echo.Context) error {
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	in := sourceInput(c)
	rev, err := formRevision(c)
	if err != nil {
		return err
	}
	_, err = s.sources.Update(c.Request().Context(), src.ID, rev, in)
	inPlace := c.FormValue("return") == "reader"
	if errs := claimline.FieldErrors(err); errs != nil || claimline.ConflictOf(err) != nil {
		edit := views.EditState{Revision: rev}
		if cf := claimline.ConflictOf(err); cf != nil {
			cur := cf.Current.(*claimline.Source)
			cur.Text, src = src.Text, cur // the stored text never changes
			edit = s.conflictEdit(c, cf, in.Fields(), cur.Input().Fields(), "/sources/"+views.ID(src.ID), "source", src.ID)
		}
		if inPlace {
			return s.renderSource(c, formStatus(err), views.SourceView{Source: *src, MetaInput: in, MetaErrors: errs, MetaEdit: edit})
		}
		return render(c, formStatus(err), views.SourceFormPage(s.page(c, "Edit "+src.Title, "sources"),
			views.SourceForm{Source: *src, Input: in, Errors: errs, Edit: edit}))
	} else if err != nil {
		return err
	}
	if inPlace {
		return s.redirectSection(c, "/sources/"+views.ID(src.ID), "meta", "Details saved.")
	}
	return s.redirect(c, "/sources/"+views.ID(src.ID), "Source saved.")
}

func (s *Server) confirmDeleteSource(c echo.Context) error {
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	cits, as, err := s.sources.Uses(c.Request().Context(), src.ID)
	if err != nil {
		return err
	}
	consequence := "Nothing cites it."
	if len(cits)+len(as) > 0 {
		var uses []string
		for _, a := range as {
			uses = append(uses, fmt.Sprintf("its stance (%s) on the claim “%s”", a.Stance, a.Claim.Text))
		}
		for _, ct := range cits {
			uses = append(uses, "the citation on the entry “"+ct.Entry.Title+"”")
		}
		consequence = "These will be deleted with it: " + strings.Join(uses, "; ") + "."
	}
	path := "/sources/" + views.ID(src.ID)
	return render(c, http.StatusOK, views.ConfirmDeletePage(s.page(c, "Delete "+src.Title, "sources"), views.ConfirmDelete{What: "source",
		Name: src.Title, Action: path + "/delete", Cancel: path, Consequence: consequence, Revision: src.Revision}))
}

func (s *Server) deleteSource(c echo.Context) error {
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	err = s.sources.Delete(c.Request().Context(), src.ID, deleteRevision(c))
	if cf := claimline.ConflictOf(err); cf != nil {
		cur := cf.Current.(*claimline.Source)
		path := "/sources/" + views.ID(src.ID)
		d := views.ConfirmDelete{What: "source", Name: cur.Title, Action: path + "/delete", Cancel: path,
			Consequence: "What cites it will be deleted with it."}
		return render(c, http.StatusConflict, views.ConfirmDeletePage(s.page(c, "Delete "+cur.Title, "sources"), deleteConflict(d, cf)))
	} else if err != nil {
		return err
	}
	return s.redirect(c, "/sources", "Source “"+src.Title+"” deleted.")
}

func (s *Server) renderEvidence(c echo.Context, status int, f views.EvidenceForm) error {
	var err error
	if f.Claims, err = s.claims.All(c.Request().Context()); err != nil {
		return err
	}
	return render(c, status, views.EvidencePage(s.page(c, "Use as evidence", "sources"), f))
}

// evidenceForm offers a passage (pre-filled from ?quote=, as the reader's
// "use as evidence" sends it) as a source's stance on a claim.
func (s *Server) evidenceForm(c echo.Context) error {
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	return s.renderEvidence(c, http.StatusOK, views.EvidenceForm{Source: *src, Quote: c.QueryParam("quote"), Stance: string(claimline.Supports)})
}

func (s *Server) addEvidence(c echo.Context) error {
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	f := views.EvidenceForm{Source: *src, Stance: c.FormValue("stance"), Quote: quoteValue(c), Note: c.FormValue("note")}
	fmt.Sscan(c.FormValue("claim"), &f.ClaimID)
	if f.ClaimID <= 0 {
		f.Errors = views.Errors{"claim": "Choose the claim."}
		return s.renderEvidence(c, http.StatusUnprocessableEntity, f)
	}
	if asked, err := s.confirmReplace(c, f.ClaimID, views.ReplaceStance{Action: "/sources/" + views.ID(src.ID) + "/evidence",
		Cancel: "/sources/" + views.ID(src.ID), SourceID: src.ID, Stance: f.Stance, Quote: f.Quote, Note: f.Note}); asked || err != nil {
		if claimline.ErrorCode(err) == claimline.ENOTFOUND {
			f.Errors = views.Errors{"claim": "This claim no longer exists."}
			return s.renderEvidence(c, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	_, err = s.claims.SetStance(c.Request().Context(), f.ClaimID, claimline.AssessmentInput{SourceID: src.ID, Stance: f.Stance, Quote: f.Quote, Note: f.Note})
	if errs := claimline.FieldErrors(err); errs != nil {
		f.Errors = errs
		return s.renderEvidence(c, formStatus(err), f)
	} else if claimline.ErrorCode(err) == claimline.ENOTFOUND {
		f.Errors = views.Errors{"claim": "This claim no longer exists."}
		return s.renderEvidence(c, http.StatusUnprocessableEntity, f)
	} else if err != nil {
		return err
	}
	return s.redirectSection(c, "/claims/"+views.ID(f.ClaimID), "evidence", "Evidence saved.")
}

func (s *Server) sourceHistory(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	changes, err := s.history.Changes(c.Request().Context(), claimline.ChangeFilter{ObjectType: "source", ObjectID: id})
	if err != nil {
		return err
	}
	if len(changes) == 0 {
		return claimline.Errorf(claimline.ENOTFOUND, "Source not found.")
	}
	v := views.HistoryView{Heading: "History of “" + changes[0].Label + "”", Changes: changes}
	if src, err := s.sources.Get(c.Request().Context(), id); err == nil {
		v.Heading, v.Back = "History of “"+src.Title+"”", "/sources/"+views.ID(id)
	}
	return render(c, http.StatusOK, views.HistoryPage(s.page(c, "History", "sources"), v))
}
