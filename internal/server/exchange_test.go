package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"claimline/internal/claimline"
	"claimline/internal/demo"
)

func demoHarness(t *testing.T) (*harness, *client) {
	t.Helper()
	h := newHarness(t)
	if _, err := demo.Load(context.Background(), h.app); err != nil {
		t.Fatal(err)
	}
	return h, h.signedIn(h.user("vi", claimline.RoleViewer))
}

func TestExportDownloads(t *testing.T) {
	h, c := demoHarness(t)
	base := "/timelines/" + demo.Slug
	for _, tc := range []struct {
		path, ctype, file, starts string
	}{
		{base + "/export.csv", "text/csv; charset=utf-8", demo.Slug + "-2026-03-01.csv", "id,date,end_date,approximate,kind,title,description,actors,tags,sources,claims,revision,date_precision,end_date_precision\r\n"},
		{base + "/claims.csv", "text/csv; charset=utf-8", demo.Slug + "-claims-2026-03-01.csv", "claim_id,entry_id,entry_date,claim,claimant,status,source_id,source_title,source_url,stance,quote,note,independent_sources\r\n"},
		{base + "/export.json", "application/json; charset=utf-8", demo.Slug + "-2026-03-01.json", "{\n\"format\": \"claimline\""},
		{base + "/timelinejs.json", "application/json; charset=utf-8", demo.Slug + "-timelinejs-2026-03-01.json", "{\n  \"title\""},
	} {
		r := c.get(tc.path)
		wantStatus(t, r, http.StatusOK)
		if r.Header.Get("Content-Type") != tc.ctype || r.Header.Get("Content-Disposition") != `attachment; filename="`+tc.file+`"` ||
			r.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(r.body, tc.starts) {
			t.Errorf("%s: %q, %q, body %.60q", tc.path, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"), r.body)
		}
	}
	// The page's filters apply to the export, and the page links to it with them.
	page := c.get(base + "?kind=policy_move").doc(t)
	href, _ := page.Find(`a[href*="export.csv"]`).Attr("href")
	recs, err := csv.NewReader(strings.NewReader(c.get(href).body)).ReadAll()
	if err != nil || len(recs) != 3 || recs[1][4] != "policy_move" {
		t.Errorf("filtered export via %s: %d rows, %v", href, len(recs), err)
	}
	wantStatus(t, c.get(base+"/export.csv?from=2024-13"), http.StatusUnprocessableEntity)
	if !strings.Contains(h.log.String(), "security: export") {
		t.Error("exports are not logged")
	}
}

// A spreadsheet edit comes back: preview first (problems with line and
// column, nothing saved), then a day/month order chosen, then one
// transaction that updates by id and adds new rows.
func TestImportPreviewAndCommit(t *testing.T) {
	h, _ := demoHarness(t)
	ed := h.signedIn(h.user("ed", claimline.RoleEditor))
	export := ed.get("/timelines/" + demo.Slug + "/export.csv").body
	edited := strings.Replace(export, "Russia's full-scale invasion of Ukraine begins", "Russia invades Ukraine", 1)
	edited = semicolons(t, edited) // as a European spreadsheet saves it
	edited = "\ufeff" + edited + ";03/04/2024;;false;report;A new row;;;;;;;;\r\n" + ";2024-02-30;;false;report;Bad date;;;;;;;;\r\n"

	before := h.historyCount()
	r := ed.multipart("/import/preview", "file", map[string][]byte{"edited.csv": []byte(edited)}, map[string]string{"timeline": demo.Slug})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	d := r.doc(t)
	problems := d.Find("ul.problems li").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if len(problems) != 2 || !strings.Contains(problems[0], "row 10, column “date”") || !strings.Contains(problems[0], "ambiguous") ||
		!strings.Contains(problems[1], "February 2024 has only 29 days") {
		t.Errorf("problems: %q", problems)
	}
	if d.Find(`button[value="import"]`).Length() != 0 {
		t.Error("import offered despite problems")
	}
	if h.historyCount() != before {
		t.Fatal("the preview saved something")
	}
	// The file stays on the server: the form carries a token, not the file.
	if d.Find(`input[name="data"]`).Length() != 0 || strings.Contains(r.body, "A new row") && d.Find(`input[name="token"]`).AttrOr("value", "") == "" {
		t.Error("the preview sends the file back instead of a token")
	}
	// Drop the bad row, upload again with day/month chosen, then import.
	fixed := strings.Replace(edited, ";2024-02-30;;false;report;Bad date;;;;;;;;\r\n", "", 1)
	r = ed.multipart("/import/preview", "file", map[string][]byte{"edited.csv": []byte(fixed)}, map[string]string{"timeline": demo.Slug, "order": "dmy"})
	wantStatus(t, r, http.StatusOK)
	if r.doc(t).Find("table.preview tbody tr").Length() != 9 {
		t.Errorf("preview rows: %d", r.doc(t).Find("table.preview tbody tr").Length())
	}
	token := r.doc(t).Find(`input[name="token"]`).AttrOr("value", "")
	// Another user cannot import someone else's upload.
	other := h.signedIn(h.user("eve", claimline.RoleEditor))
	wantStatus(t, other.post("/import", form("token", token, "timeline", demo.Slug, "order", "dmy", "action", "import")), http.StatusUnprocessableEntity)
	r = ed.post("/import", form("token", token, "timeline", demo.Slug, "order", "dmy", "action", "import"))
	wantStatus(t, r, http.StatusSeeOther)
	page := ed.get(r.Header.Get("Location")).doc(t)
	// One row was edited; the seven others say what their entries say.
	if flash := page.Find(".flash").Text(); !strings.Contains(flash, "1 new, 1 updated, 7 unchanged") {
		t.Errorf("flash %q", flash)
	}
	titles := page.Find(".entry .entry-title").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if len(titles) != 9 || titles[0] != "Russia invades Ukraine" || !contains(titles, "A new row") {
		t.Errorf("titles after import: %q", titles)
	}
	// The new row's date was read day first.
	if !strings.Contains(page.Find("#m2024-04").Text(), "April 2024") {
		t.Error("03/04/2024 was not read as 3 April 2024")
	}
	// The kept file is gone once imported.
	again := ed.post("/import", form("token", token, "timeline", demo.Slug, "order", "dmy", "action", "import"))
	wantStatus(t, again, http.StatusUnprocessableEntity)
	if !strings.Contains(again.doc(t).Find(".form-error").Text(), "Upload it again") {
		t.Error("a used token is not explained")
	}
}

// semicolons re-encodes a CSV with ";" as the delimiter.
func semicolons(t *testing.T, in string) string {
	recs, err := csv.NewReader(strings.NewReader(in)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = ';', true
	w.WriteAll(recs)
	return b.String()
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

func TestImportJSONIntoANewTimeline(t *testing.T) {
	h, _ := demoHarness(t)
	ed := h.signedIn(h.user("ed", claimline.RoleEditor))
	data := ed.get("/timelines/" + demo.Slug + "/export.json").body
	r := ed.multipart("/import/preview", "file", map[string][]byte{"demo.json": []byte(data)}, nil)
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.doc(t).Find("main").Text(), "8 entries, 8 claims, 5 sources") {
		t.Errorf("JSON preview: %s", r.doc(t).Find("main p").First().Text())
	}
	token := r.doc(t).Find(`input[name="token"]`).AttrOr("value", "")
	r = ed.post("/import", form("token", token, "new_title", "Copy of the demo", "action", "import"))
	wantStatus(t, r, http.StatusSeeOther)
	if r.Header.Get("Location") != "/timelines/copy-of-the-demo" {
		t.Fatalf("redirect %q", r.Header.Get("Location"))
	}
	m := ed.get("/timelines/copy-of-the-demo/matrix").doc(t)
	if m.Find("tbody tr").Length() != 8 || m.Find(`td[data-stance="disputes"]`).Length() != 3 {
		t.Error("the copy lost claims or assessments")
	}
	if srcs, _ := h.st.Sources(context.Background()); len(srcs) != 5 {
		t.Errorf("sources were duplicated: %d", len(srcs))
	}
	// The same again into the same new title fails whole: the slug is taken.
	before := h.historyCount()
	r = ed.multipart("/import/preview", "file", map[string][]byte{"demo.json": []byte(data)}, nil)
	token = r.doc(t).Find(`input[name="token"]`).AttrOr("value", "")
	r = ed.post("/import", form("token", token, "new_title", "Copy of the demo", "action", "import"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if msg := r.doc(t).Find(".form-error").Text(); !strings.Contains(msg, "“copy-of-the-demo” is already used") {
		t.Errorf("refusal says %q", msg)
	}
	if h.historyCount() != before {
		t.Error("a failed import saved something")
	}
}

// A Gnumeric save of the export turns months into first days: the preview
// says so and the import keeps the stored months, unless asked otherwise.
func TestImportKeepsStoredPrecision(t *testing.T) {
	h, _ := demoHarness(t)
	ed := h.signedIn(h.user("ed", claimline.RoleEditor))
	sheet, err := os.ReadFile(filepath.Join("..", "..", "testdata", "spreadsheets", "demo-gnumeric.csv"))
	if err != nil {
		t.Fatal(err)
	}
	r := ed.multipart("/import/preview", "file", map[string][]byte{"demo.csv": sheet}, map[string]string{"timeline": demo.Slug})
	wantStatus(t, r, http.StatusOK)
	d := r.doc(t)
	if n := d.Find(".notice").Text(); !strings.Contains(n, "2 dates in the file are finer than the stored dates") || !strings.Contains(n, "columns are not imported: “sources”, “claims”") {
		t.Errorf("notices: %q", n)
	}
	if d.Find(`input[name="fine_precision"]`).Is(":checked") {
		t.Error("replacing the stored precision is the default")
	}
	token := d.Find(`input[name="token"]`).AttrOr("value", "")
	wantStatus(t, ed.post("/import", form("token", token, "timeline", demo.Slug, "action", "import")), http.StatusSeeOther)
	page := ed.get("/timelines/" + demo.Slug).doc(t)
	if got := page.Find("#entry-2 time").Text(); got != "Feb 2022" {
		t.Errorf("entry 2 now dated %q", got)
	}
	if got := page.Find("#entry-8 time").Text(); got != "13 Sep 2024, 15:00" {
		t.Errorf("entry 8 now dated %q", got)
	}
}
