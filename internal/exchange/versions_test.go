package exchange_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/exchange"
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
