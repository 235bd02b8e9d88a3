package store_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/quote"
	"claimline/internal/store"
)

// demoStore is a store with the demo timeline: five seed articles, with
// citations and assessments quoting them.
func demoStore(t *testing.T) (*store.Store, context.Context) {
	t.Helper()
	st := open(t)
	if _, err := demo.Load(context.Background(), app.New(st, app.Config{})); err != nil {
		t.Fatal(err)
	}
	return st, as("ann")
}

// sourceTitled returns the library's source whose title contains part.
func sourceTitled(t *testing.T, st *store.Store, part string) claimline.Source {
	t.Helper()
	srcs, err := st.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		if strings.Contains(s.Title, part) {
			return s
		}
	}
	t.Fatalf("no source titled %q", part)
	return claimline.Source{}
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestNewVersionKeepsTheOldAndChecksEveryQuote(t *testing.T) {
	st, ctx := demoStore(t)
	cnn := sourceTitled(t, st, "NATO would be at war with Russia")
	v1, err := st.Source(ctx, cnn.ID)
	if err != nil {
		t.Fatal(err)
	}
	cits, as1, err := st.SourceUses(ctx, cnn.ID)
	if err != nil || len(as1) == 0 || len(cits) == 0 {
		t.Fatalf("uses of the CNN source: %d, %d, %v", len(cits), len(as1), err)
	}

	// The same text again is no new version.
	if v, changed, err := st.AddVersion(ctx, cnn.ID, claimline.NewVersion{Text: v1.Text}); err != nil || changed || v.Number != 1 {
		t.Fatalf("same text: %+v changed=%v %v", v, changed, err)
	}

	v2text := fixture(t, "versions/002-v2-silent.txt")
	v, changed, err := st.AddVersion(ctx, cnn.ID, claimline.NewVersion{Text: v2text})
	if err != nil || !changed || v.Number != 2 || v.Kind != "silent" || v.Note != "" {
		t.Fatalf("version 2: %+v changed=%v %v", v, changed, err)
	}
	if v.KindLabel() != "changed without a correction note" {
		t.Errorf("label %q", v.KindLabel())
	}

	// Version 1 is kept byte for byte; the source shows version 2.
	old, err := st.Version(ctx, cnn.ID, 1)
	if err != nil || old.Text != v1.Text || old.SHA256 != v1.SHA256 {
		t.Fatalf("version 1 not kept: %v", err)
	}
	now, err := st.Source(ctx, cnn.ID)
	if err != nil || now.Text != v2text || now.Version != 2 || now.SHA256 != store.SHA256(v2text) {
		t.Fatalf("current text is not version 2: version %d, %v", now.Version, err)
	}

	_, as2, err := st.SourceUses(ctx, cnn.ID)
	if err != nil {
		t.Fatal(err)
	}
	removed := 0
	for i, a := range as2 {
		if a.Span != as1[i].Span || a.Check.Version != 1 {
			t.Errorf("assessment %d: its offsets into version 1 changed: %v → %v", a.ID, as1[i].Span, a.Span)
		}
		switch a.Check.State {
		case claimline.QuoteThere:
			if sp, ok := quote.Find(v2text, a.Quote); !ok || sp.Start != a.Check.Current.Start || sp.End != a.Check.Current.End {
				t.Errorf("assessment %d still there, but its offsets in version 2 are %v", a.ID, a.Check.Current)
			}
		default:
			removed++
			if !strings.Contains(a.Quote, "In October 2023") || a.Check.State != claimline.QuoteRemoved || a.Check.ChangedIn != 2 || a.Check.ChangedAt.IsZero() {
				t.Errorf("assessment %q marked %q in %d", a.Quote, a.Check.State, a.Check.ChangedIn)
			}
			// It was that claim's only support.
			if cl, err := st.Claim(ctx, a.ClaimID); err != nil || !cl.SupportGone() {
				t.Errorf("claim %d: support gone = false, %v", a.ClaimID, err)
			}
		}
	}
	if removed != 1 {
		t.Errorf("%d quotes affected, want the one removed", removed)
	}
	// The timeline's page lists the passage's uses among its evidence
	// changes: the entry's citation of it, then the claim's stance.
	page, err := st.TimelinePage(ctx, demo.Slug, claimline.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ch := page.EvidenceChanges
	if len(ch) != 2 || ch[0].ClaimID != 0 || ch[1].ClaimID == 0 || ch[1].ClaimText == "" || ch[0].EntryID != ch[1].EntryID {
		t.Fatalf("evidence changes on the timeline page: %+v", ch)
	}
	for _, c := range ch {
		if c.SourceID != cnn.ID || c.Check.State != claimline.QuoteRemoved || c.Check.ChangedIn != 2 || !strings.Contains(c.Quote, "In October 2023") {
			t.Errorf("evidence change %+v", c)
		}
	}

	// A correction note added is named, with the note.
	v3, changed, err := st.AddVersion(ctx, cnn.ID, claimline.NewVersion{Text: fixture(t, "versions/002-v3-correction.txt")})
	if err != nil || !changed || v3.Kind != "correction" || !strings.HasPrefix(v3.Note, "Correction: An earlier version") {
		t.Fatalf("version 3: %+v %v", v3, err)
	}
	vs, err := st.Versions(ctx, cnn.ID)
	if err != nil || len(vs) != 3 || vs[0].Number != 3 || vs[2].Number != 1 {
		t.Fatalf("versions: %+v %v", vs, err)
	}
	// The quote removed in version 2 stays marked from version 2.
	_, as3, _ := st.SourceUses(ctx, cnn.ID)
	for _, a := range as3 {
		if a.Check.Affected() && a.Check.ChangedIn != 2 {
			t.Errorf("changed_in moved to %d", a.Check.ChangedIn)
		}
	}
}

func TestNewVersionRefusesEmptyAndOtherSourcesText(t *testing.T) {
	st, ctx := demoStore(t)
	cnn := sourceTitled(t, st, "NATO would be at war with Russia")
	other, _ := st.Source(ctx, sourceTitled(t, st, "on state TV").ID)
	for name, text := range map[string]string{"empty": "  \n", "another source's text": other.Text} {
		if _, _, err := st.AddVersion(ctx, cnn.ID, claimline.NewVersion{Text: text}); claimline.ErrorCode(err) != claimline.EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
	// An empty text is refused on the field, and says why in its own
	// message too, for the command line and a recheck's reason.
	_, _, err := st.AddVersion(ctx, cnn.ID, claimline.NewVersion{Text: " "})
	if msg := claimline.ErrorMessage(err); msg != "The new text is empty." || claimline.FieldErrors(err)["text"] != msg {
		t.Errorf("an empty text: %q, fields %v", msg, claimline.FieldErrors(err))
	}
	if vs, _ := st.Versions(ctx, cnn.ID); len(vs) != 1 {
		t.Errorf("a refused text was saved: %d versions", len(vs))
	}
	if _, _, err := st.AddVersion(ctx, 999, claimline.NewVersion{Text: "x"}); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("missing source: %v", err)
	}
}

func TestQuotesMadeOnALaterVersionPointIntoIt(t *testing.T) {
	st, ctx := demoStore(t)
	cnn := sourceTitled(t, st, "NATO would be at war with Russia")
	v2text := fixture(t, "versions/002-v2-silent.txt")
	if _, _, err := st.AddVersion(ctx, cnn.ID, claimline.NewVersion{Text: v2text}); err != nil {
		t.Fatal(err)
	}
	tl, _ := st.TimelineBySlug(ctx, demo.Slug)
	entries, _ := st.Entries(ctx, tl.ID, claimline.EntryFilter{})
	c, err := st.AddCitation(ctx, entries.Entries[0].ID, cnn.ID, "Since then, Kyiv has persistently urged")
	if err != nil {
		t.Fatal(err)
	}
	if c.Check.Version != 2 || v2text[c.Span.Start:c.Span.End] != "Since then, Kyiv has persistently urged" || c.Check.Current != c.Span {
		t.Errorf("citation on version 2: %+v span %v", c.Check, c.Span)
	}
}
