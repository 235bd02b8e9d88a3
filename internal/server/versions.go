package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/internal/textdiff"
	"claimline/views"
)

// renderSourceUpdate renders the reader with the new-version form as given.
func (s *Server) renderSourceUpdate(c echo.Context, status int, src *claimline.Source, update views.UpdateForm) error {
	return s.renderSource(c, status, views.SourceView{Source: *src, MetaInput: src.Input(),
		MetaEdit: views.EditState{Revision: src.Revision}, Update: update})
}

// recheckSource fetches the source's address again (outside any
// transaction) and keeps a changed text as a new version.
func (s *Server) recheckSource(c echo.Context) error {
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	r, err := s.sources.Recheck(c.Request().Context(), src.ID)
	if err != nil {
		return err
	}
	path := "/sources/" + views.ID(src.ID)
	switch r.Outcome {
	case "changed":
		s.security(c, "source rechecked", "source", src.ID, "version", r.Version.Number)
		return s.redirect(c, path+"#versions", "The page changed: saved as version "+strconv.Itoa(r.Version.Number)+" ("+r.Version.KindLabel()+").")
	case "unchanged":
		return s.redirect(c, path+"#versions", "No change: the page still has the text of version "+strconv.Itoa(r.Version.Number)+".")
	}
	return s.redirect(c, path+"#versions", "Could not check for changes: "+r.Reason+".")
}

// addVersion saves a pasted text or an uploaded file as the source's next
// version. Bad input comes back on the reader, text filled in, with 422.
func (s *Server) addVersion(c echo.Context) error {
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	form := views.UpdateForm{Text: c.FormValue("text")}
	var v *claimline.Version
	var changed bool
	if fh, ferr := c.FormFile("file"); ferr == nil && fh.Size > 0 {
		var b []byte
		if b, err = readUpload(fh); err == nil {
			v, changed, err = s.sources.UpdateDocument(ctx, src.ID, claimline.Document{Name: fh.Filename, Data: b})
		}
	} else if strings.TrimSpace(form.Text) == "" {
		form.Errors = views.Errors{"text": "Paste the new text or choose a file."}
		return s.renderSourceUpdate(c, http.StatusUnprocessableEntity, src, form)
	} else {
		v, changed, err = s.sources.UpdateText(ctx, src.ID, form.Text)
	}
	if code := claimline.ErrorCode(err); code == claimline.EINVALID || code == claimline.ECONFLICT {
		form.Errors = views.Errors{"text": claimline.ErrorMessage(err)}
		if msg := claimline.FieldErrors(err)["text"]; msg != "" {
			form.Errors["text"] = msg
		}
		return s.renderSourceUpdate(c, formStatus(err), src, form)
	} else if err != nil {
		return err
	}
	path := "/sources/" + views.ID(src.ID) + "#versions"
	if !changed {
		return s.redirect(c, path, "No change: this is the text of version "+strconv.Itoa(v.Number)+".")
	}
	return s.redirect(c, path, "Saved as version "+strconv.Itoa(v.Number)+" ("+v.KindLabel()+").")
}

// versionNumber reads a version number from the query or path.
func versionNumber(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// sourceVersion shows one version's text.
func (s *Server) sourceVersion(c echo.Context) error {
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	v, err := s.sources.Version(c.Request().Context(), src.ID, versionNumber(c.Param("n")))
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.VersionPage(s.page(c, src.Title+": version "+c.Param("n"), "sources"),
		views.VersionView{Source: *src, Version: *v}))
}

// sourceDiff compares two versions word by word; ?at= (a byte offset into
// the older one) marks the change nearest that place, for quote warnings.
func (s *Server) sourceDiff(c echo.Context) error {
	ctx := c.Request().Context()
	src, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	vs, err := s.sources.Versions(ctx, src.ID)
	if err != nil {
		return err
	}
	from, to := versionNumber(c.QueryParam("from")), versionNumber(c.QueryParam("to"))
	if from == 0 && to == 0 { // the latest change, or the one version with itself
		from, to = max(vs[0].Number-1, 1), vs[0].Number
	}
	a, err := s.sources.Version(ctx, src.ID, from)
	if err != nil {
		return err
	}
	b, err := s.sources.Version(ctx, src.ID, to)
	if err != nil {
		return err
	}
	at := -1
	if v, err := strconv.Atoi(c.QueryParam("at")); err == nil && v >= 0 {
		at = v
	}
	view := views.DiffView{Source: *src, Versions: vs, From: *a, To: *b}
	view.Parts, view.Changes = diffParts(textdiff.Diff(a.Text, b.Text), at)
	return render(c, http.StatusOK, views.DiffPage(s.page(c, src.Title+": what changed", "sources"), view))
}

// diffParts turns a diff into view parts, anchoring "change" on the first
// change at or after byte at of the older text (or the first change).
func diffParts(parts []textdiff.Part, at int) ([]views.DiffPart, int) {
	out := make([]views.DiffPart, len(parts))
	changes, anchored := 0, false
	for i, p := range parts {
		kind := "same"
		switch p.Op {
		case textdiff.Insert:
			kind = "ins"
		case textdiff.Delete:
			kind = "del"
		}
		out[i] = views.DiffPart{Kind: kind, Text: p.Text}
		if kind == "same" {
			continue
		}
		changes++
		if !anchored && p.OldStart+len(p.Text) >= at {
			out[i].Anchor, anchored = "change", true
		}
	}
	return out, changes
}

// compareSources shows a source and another it shares text with, side by
// side.
func (s *Server) compareSources(c echo.Context) error {
	a, err := s.sourceByID(c)
	if err != nil {
		return err
	}
	other, err := strconv.ParseInt(c.Param("other"), 10, 64)
	if err != nil {
		return claimline.Errorf(claimline.ENOTFOUND, "Not found.")
	}
	var cp *claimline.Copy
	for i := range a.Copies {
		if a.Copies[i].Other.ID == other {
			cp = &a.Copies[i]
		}
	}
	if cp == nil {
		return claimline.Errorf(claimline.ENOTFOUND, "These two sources do not share much text.")
	}
	b, err := s.sources.Get(c.Request().Context(), other)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.SideBySidePage(s.page(c, "Side by side", "sources"), views.SideBySideView{A: *a, B: *b, Copy: *cp}))
}
