package exchange_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/exchange"
	"claimline/internal/store"
)

// A source with a second version and a copy in the library: the JSON export
// carries every version and the copy group, the claims CSV counts the
// independent sources in its last column, and the JSON still imports.
func TestExportsCarryVersionsAndCopyGroups(t *testing.T) {
	st, tl := demoStore(t)
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "ed"})
	srcs, _ := st.Sources(ctx)
	var cnn, nbc claimline.Source
	for _, s := range srcs {
		if strings.Contains(s.Title, "NATO would be at war with Russia") {
			cnn = s
		}
		if strings.Contains(s.Title, "war with the US and NATO") {
			nbc = s
		}
	}
	v2, err := os.ReadFile("../../testdata/versions/002-v2-silent.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddVersion(ctx, cnn.ID, claimline.NewVersion{Text: string(v2)}); err != nil {
		t.Fatal(err)
	}
	cp, err := os.ReadFile("../../testdata/copies/001-rewritten-lead.txt")
	if err != nil {
		t.Fatal(err)
	}
	copySrc, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Copy", Text: string(cp)}})
	if err != nil {
		t.Fatal(err)
	}
	// The Starmer claim is supported by 000 and 001; the copy of 001 adds a
	// third source but no independent one.
	claims, _, _ := st.Matrix(ctx, tl.ID)
	var starmer claimline.Claim
	for _, c := range claims {
		if strings.HasPrefix(c.Text, "Starmer said") {
			starmer = c
		}
	}
	if _, err := st.SetAssessment(ctx, starmer.ID, claimline.AssessmentInput{SourceID: copySrc.ID, Stance: "supports", Quote: "Russia started this conflict"}); err != nil {
		t.Fatal(err)
	}

	rows, err := csv.NewReader(bytes.NewReader(exportAs(t, st, tl, "claims-csv", claimline.EntryFilter{}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != strings.Join(exchange.ClaimColumns, ",") || rows[0][len(rows[0])-1] != "independent_sources" {
		t.Fatalf("header %q", got)
	}
	n := 0
	for _, r := range rows[1:] {
		if r[0] == idStr(starmer.ID) {
			n++
			if r[len(r)-1] != "2" {
				t.Errorf("Starmer claim row: independent %q, want 2 of 3 sources", r[len(r)-1])
			}
		}
	}
	if n != 3 {
		t.Errorf("%d rows for the Starmer claim", n)
	}

	js := exportJSON(t, st, tl)
	_, sources, _, err := exchange.ReadJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatalf("the export does not read back: %v", err)
	}
	var doc exchange.Document
	if err := jsonUnmarshal(js, &doc); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, s := range doc.Sources {
		switch s.SHA256 {
		case cnn.SHA256:
			t.Errorf("source %q exported under an old text", s.Title)
		}
		if strings.Contains(s.Title, "NATO would be at war with Russia") {
			found++
			if len(s.Versions) != 2 || s.Versions[0].SHA256 != cnn.SHA256 || s.Versions[1].Text != s.Text || s.Versions[1].Change != "silent" {
				t.Errorf("CNN versions: %+v", s.Versions)
			}
		}
		if s.Title == "Copy" || strings.Contains(s.Title, "war with the US and NATO") {
			found++
			if s.CopyGroup != nbc.SHA256 {
				t.Errorf("%s: copy group %q", s.Title, s.CopyGroup)
			}
		}
	}
	if found != 3 || len(sources) != len(doc.Sources) {
		t.Errorf("found %d of 3 sources", found)
	}
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// quoteStates describes every quote resting on a timeline's sources: what
// it quotes, which version it quoted, and what became of it since.
func quoteStates(t *testing.T, st *store.Store) []string {
	t.Helper()
	ctx := context.Background()
	srcs, err := st.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range srcs {
		cits, as, err := st.SourceUses(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		add := func(kind, q string, c claimline.QuoteCheck) {
			out = append(out, fmt.Sprintf("%s | %s | %s | v%d %s changed-in %d current %d-%d %q", s.Title, kind, q, c.Version, c.State, c.ChangedIn, c.Current.Start, c.Current.End, c.Closest))
		}
		for _, c := range cits {
			add("cites", c.Quote, c.Check)
		}
		for _, a := range as {
			add(string(a.Stance), a.Quote, a.Check)
		}
	}
	sort.Strings(out)
	return out
}

// A timeline whose source was silently edited, removing a quoted sentence,
// moves to another claimline through its JSON export: the source arrives
// with both versions, and each quote with the version it quoted and what
// became of it, as in the first. (The import refused the file before: the
// removed sentence was not in the current text.)
func TestJSONImportKeepsVersionsAndQuoteStates(t *testing.T) {
	st, tl := demoStore(t)
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "ed"})
	srcs, _ := st.Sources(ctx)
	var cnn claimline.Source
	for _, s := range srcs {
		if strings.Contains(s.Title, "NATO would be at war with Russia") {
			cnn = s
		}
	}
	v1, err := st.Source(ctx, cnn.ID)
	if err != nil {
		t.Fatal(err)
	}
	v2, err := os.ReadFile("../../testdata/versions/002-v2-silent.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddVersion(ctx, cnn.ID, claimline.NewVersion{Text: string(v2)}); err != nil {
		t.Fatal(err)
	}
	js := exportJSON(t, st, tl)

	other, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "other.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	// The other library already has a source with the first version's
	// text: it is another source, and stays as it is.
	first, _, err := other.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "First capture", Text: v1.Text}})
	if err != nil {
		t.Fatal(err)
	}
	in, sources, bundles, err := exchange.ReadJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.ImportBundles(ctx, claimline.ImportTarget{New: &in}, sources, bundles); err != nil {
		t.Fatalf("the export of a timeline with a silent edit does not import: %v", err)
	}
	if vs, err := other.Versions(ctx, first.ID); err != nil || len(vs) != 1 {
		t.Errorf("the source with the first version's text: %+v %v", vs, err)
	}
	if cits, as, _ := other.SourceUses(ctx, first.ID); len(cits)+len(as) != 0 {
		t.Errorf("quotes went to the source with the first version's text")
	}
	before, after := quoteStates(t, st), slices.DeleteFunc(quoteStates(t, other), func(s string) bool { return strings.HasPrefix(s, "First capture") })
	if strings.Join(before, "\n") != strings.Join(after, "\n") {
		t.Errorf("quote states differ:\nbefore:\n%s\nafter:\n%s", strings.Join(before, "\n"), strings.Join(after, "\n"))
	}
	removed := 0
	for _, s := range after {
		if strings.Contains(s, "v1 removed changed-in 2") {
			removed++
		}
	}
	if removed == 0 {
		t.Error("no quote imported as removed in version 2")
	}
	imported, _ := other.Sources(ctx)
	for _, s := range imported {
		if s.SHA256 == SHA(string(v2)) {
			vs, err := other.Versions(ctx, s.ID)
			if err != nil || len(vs) != 2 || vs[0].Number != 2 || vs[0].Kind != "silent" || vs[1].SHA256 != cnn.SHA256 {
				t.Errorf("imported versions: %+v %v", vs, err)
			}
		}
	}

	// The export imports into the library it came from too, as a second
	// timeline (a deleted timeline restored): the source is the library's,
	// and its quotes are found in its versions.
	in.Slug, in.Title = "restored", "Restored"
	if _, err := st.ImportBundles(ctx, claimline.ImportTarget{New: &in}, sources, bundles); err != nil {
		t.Fatalf("the export does not import into its own library: %v", err)
	}
	n := 0
	for _, s := range quoteStates(t, st) {
		if strings.Contains(s, "v1 removed changed-in 2") {
			n++
		}
	}
	if n != 2*removed {
		t.Errorf("%d quotes removed in version 2 after the second import, want %d", n, 2*removed)
	}

	// A version whose text does not match its SHA-256 is refused, naming
	// the source and the version, and nothing is saved.
	var doc exchange.Document
	if err := json.Unmarshal(js, &doc); err != nil {
		t.Fatal(err)
	}
	for i := range doc.Sources {
		if len(doc.Sources[i].Versions) > 0 {
			doc.Sources[i].Versions[0].Text = strings.Replace(doc.Sources[i].Versions[0].Text, "the US supplied", "the UK supplied", 1)
		}
	}
	bad, _ := json.Marshal(doc)
	in, sources, bundles, err = exchange.ReadJSON(bytes.NewReader(bad))
	if err == nil {
		_, err = other.ImportBundles(ctx, claimline.ImportTarget{New: &claimline.TimelineInput{Slug: "again", Title: "Again"}}, sources, bundles)
	}
	if err == nil || !strings.Contains(err.Error(), "version 1") {
		t.Errorf("a tampered version: %v", err)
	}
	if _, err := other.TimelineBySlug(ctx, "again"); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Error("a refused import saved its timeline")
	}
}

// SHA is the SHA-256 the store gives a text.
func SHA(text string) string { return store.SHA256(text) }
