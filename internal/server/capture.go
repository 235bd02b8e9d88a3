package server

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"claimline/internal/api"
	"claimline/internal/claimline"
	"claimline/views"
	"claimline/web"
)

// captureScopes are what the capture extension's token may do: keep
// sources and clippings, and record claims and stances from them.
var captureScopes = []string{"sources:write", "sources:read", "claims:write", "claims:read"}

// capturePage explains capture and offers the extension and the
// bookmarklet.
func (s *Server) capturePage(c echo.Context) error {
	return s.renderCapture(c, views.CaptureView{})
}

func (s *Server) renderCapture(c echo.Context, v views.CaptureView) error {
	zips, err := s.extensionZips()
	if err != nil {
		return err
	}
	v.Origin, v.ZipSize = api.Origin(c), len(zips.chromium)
	v.Bookmarklet = bookmarklet(v.Origin)
	return render(c, http.StatusOK, views.CapturePage(s.page(c, "Capture", "sources"), v))
}

// createCaptureToken makes the extension's token in one click and shows
// it this once (no redirect: the secret must never be in an address).
func (s *Server) createCaptureToken(c echo.Context) error {
	t, secret, err := s.users.CreateToken(c.Request().Context(), currentUser(c).ID,
		claimline.TokenInput{Name: "Capture extension", Scopes: captureScopes, Expires: "90d"})
	if err != nil {
		return err
	}
	s.security(c, "token created", "token", t.ID, "name", t.Name, "scopes", t.ScopeNames())
	return s.renderCapture(c, views.CaptureView{Secret: secret, Made: t})
}

// extensionDownload serves the browser extension, zipped from web's
// extension folder: for Chromium, or (firefox) for Firefox.
func (s *Server) extensionDownload(firefox bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		zips, err := s.extensionZips()
		if err != nil {
			return err
		}
		name, zipped := "claimline-capture.zip", zips.chromium
		if firefox {
			name, zipped = "claimline-capture-firefox.zip", zips.firefox
		}
		c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
		return c.Blob(http.StatusOK, "application/zip", zipped)
	}
}

// extensionZips are the extension, zipped once for each browser.
type extensionZips struct {
	chromium, firefox []byte
}

func (s *Server) extensionZips() (extensionZips, error) {
	s.zipOnce.Do(func() {
		if s.zips.chromium, s.zipErr = zipFS(web.Extension, nil); s.zipErr == nil {
			s.zips.firefox, s.zipErr = zipFS(web.Extension, firefoxManifest)
		}
	})
	return s.zips, s.zipErr
}

// firefoxManifest is the manifest as Firefox takes it: Firefox runs no
// background service worker, so the same files run as background scripts
// (capture.js first, which background.js would otherwise import).
func firefoxManifest(path string, b []byte) ([]byte, error) {
	if path != "manifest.json" {
		return b, nil
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("the extension's manifest: %w", err)
	}
	m["background"] = map[string]any{"scripts": []string{"capture.js", "background.js"}}
	return json.MarshalIndent(m, "", "  ")
}

// zipFS zips every file of fsys, by its path, each through edit when set.
func zipFS(fsys fs.FS, edit func(path string, b []byte) ([]byte, error)) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		if err == nil && edit != nil {
			b, err = edit(path, b)
		}
		if err != nil {
			return err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: path, Method: zip.Deflate})
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("zip the extension: %w", err)
	}
	return buf.Bytes(), nil
}

// captureReceive is the window the bookmarklet opens. It alone keeps its
// link to the page that opened it (the other pages cut it, with COOP
// same-origin): that link is how the page is handed over. The opener can
// send it a message or navigate it, never read it; the script takes a
// message from the opener only, and nothing is kept before the user's
// press.
func (s *Server) captureReceive(c echo.Context) error {
	c.Response().Header().Set("Cross-Origin-Opener-Policy", "unsafe-none")
	return render(c, http.StatusOK, views.CaptureReceivePage(s.page(c, "Capture", "sources"), views.CaptureForm{}))
}

// captureFromForm keeps a page the bookmarklet's window sent, as the API's
// captures do, and shows the reader at the passage.
func (s *Server) captureFromForm(c echo.Context) error {
	in := claimline.Capture{URL: c.FormValue("url"), CanonicalURL: c.FormValue("canonical_url"), Title: c.FormValue("title"),
		HTML: []byte(c.FormValue("html"))}
	if fh, err := c.FormFile("page"); err == nil {
		if fh.Size > claimline.MaxCapture {
			return render(c, http.StatusRequestEntityTooLarge, views.CaptureReceivePage(s.page(c, "Capture", "sources"),
				views.CaptureForm{Errors: views.Errors{"": fmt.Sprintf("The page is larger than %d MiB, the most claimline captures.", claimline.MaxCapture>>20)}}))
		}
		f, err := fh.Open()
		if err != nil {
			return err
		}
		defer f.Close()
		if in.HTML, err = io.ReadAll(f); err != nil {
			return err
		}
	}
	if exact := c.FormValue("exact"); strings.TrimSpace(exact) != "" {
		in.Selection = &claimline.Selection{Exact: exact, Prefix: c.FormValue("prefix"), Suffix: c.FormValue("suffix")}
	}
	got, err := s.sources.Capture(c.Request().Context(), in)
	if code := claimline.ErrorCode(err); code == claimline.EINVALID || code == claimline.ETOOLARGE || claimline.IsFault(err) {
		msg := claimline.ErrorMessage(err)
		for _, m := range claimline.FieldErrors(err) {
			msg = m
		}
		return render(c, formStatus(err), views.CaptureReceivePage(s.page(c, "Capture", "sources"), views.CaptureForm{Errors: views.Errors{"": msg}}))
	} else if err != nil {
		return err
	}
	msg, target := "Captured: this text was already in the library.", fmt.Sprintf("/sources/%d", got.Source.ID)
	switch {
	case got.Created && got.Version > 1:
		msg = fmt.Sprintf("Captured: the page changed, and this is version %d of the source.", got.Version)
	case got.Created:
		msg = "Captured: a new source."
	}
	switch {
	case got.Anchored:
		msg += " The passage you selected is marked below and is on your clippings tray."
		target = views.ReaderAt(got.Source.ID, got.Span)
	case in.Selection != nil:
		msg += " " + got.Reason
	}
	return s.redirect(c, target, msg)
}

// plainOrigin is an origin safe to write into a script.
var plainOrigin = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^https?://[A-Za-z0-9.\-\[\]:]+$`) })

// bookmarklet is the javascript: address that captures the page it runs
// on: it collects the page and the selection, opens claimline's capture
// window and hands them over once that window says it is ready, to the
// window's own origin only.
func bookmarklet(o string) string {
	if !plainOrigin().MatchString(o) {
		return "#"
	}
	js, _ := json.Marshal(o)
	code := `(function(){var O=` + string(js) + `,s=getSelection(),t="",p="",x="";` +
		`if(s&&s.rangeCount&&!s.isCollapsed){var r=s.getRangeAt(0),b=document.createRange(),a=document.createRange();t=s.toString();` +
		`b.selectNodeContents(document.body);b.setEnd(r.startContainer,r.startOffset);p=b.toString().slice(-32);` +
		`a.selectNodeContents(document.body);a.setStart(r.endContainer,r.endOffset);x=a.toString().slice(0,32);}` +
		`var c=document.querySelector("link[rel=canonical]"),d={type:"claimline:capture",url:location.href,canonical_url:c?c.href:"",` +
		`title:document.title,html:document.documentElement.outerHTML,exact:t,prefix:p,suffix:x},` +
		`w=open(O+"/capture/receive","claimline-capture","width=560,height=700");` +
		`if(!w){alert("claimline: allow pop-ups for this page to capture it.");return;}` +
		`addEventListener("message",function h(e){if(e.source===w&&e.origin===O&&e.data==="claimline:ready"){w.postMessage(d,O);removeEventListener("message",h);}});})();`
	return "javascript:" + url.PathEscape(code)
}
