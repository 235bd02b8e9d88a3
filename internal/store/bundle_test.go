package store_test

import (
	"context"
	"slices"
	"sort"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/demo"
)

// The full export gives every entry of a timeline with its citations, its
// claims with their stances and discussions and its own discussion, as the
// store shows them one by one; then every source they use, by SHA-256, with
// all its versions when it has more than one.
func TestExportBundlesCarryTheTimeline(t *testing.T) {
	st, ctx := demoStore(t)
	u, err := st.CreateUser(ctx, "ann", claimline.RoleEditor, "x")
	if err != nil {
		t.Fatal(err)
	}
	ctx = claimline.NewContextWithUser(context.Background(), u)
	tl, err := st.TimelineBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.Entries(ctx, tl.ID, claimline.EntryFilter{})
	if err != nil || page.More {
		t.Fatalf("entries: more %v, %v", page.More, err)
	}
	i := slices.IndexFunc(page.Entries, func(e claimline.Entry) bool { return len(e.Claims) > 0 })
	if i < 0 {
		t.Fatal("no demo entry has a claim")
	}
	discussed := page.Entries[i]
	if _, err := st.AddNote(ctx, discussed.ID, 0, claimline.NoteInput{Text: "On the entry"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddNote(ctx, discussed.ID, discussed.Claims[0].ID, claimline.NoteInput{Text: "On its first claim"}); err != nil {
		t.Fatal(err)
	}
	cnn := sourceTitled(t, st, "NATO would be at war with Russia")
	if _, _, err := st.AddVersion(ctx, cnn.ID, claimline.NewVersion{Text: fixture(t, "versions/002-v2-silent.txt")}); err != nil {
		t.Fatal(err)
	}
	library, err := st.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sha := map[int64]string{}
	for _, s := range library {
		sha[s.ID] = s.SHA256
	}

	var bundles []claimline.Bundle
	var sources []claimline.Source
	err = st.ExportBundles(ctx, tl.ID, func(b claimline.Bundle) error {
		bundles = append(bundles, b)
		return nil
	}, func(s claimline.Source) error {
		sources = append(sources, s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(bundles) != len(page.Entries) {
		t.Fatalf("%d bundles for %d entries", len(bundles), len(page.Entries))
	}
	used := map[string]bool{}
	for k, b := range bundles {
		e := page.Entries[k]
		if b.Entry.ID != e.ID || b.Entry.Title != e.Title {
			t.Errorf("bundle %d is entry %d %q, want %d %q", k, b.Entry.ID, b.Entry.Title, e.ID, e.Title)
			continue
		}
		cits, claims, err := st.EntryEvidence(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Citations) != len(cits) {
			t.Errorf("entry %d: %d citations exported, has %d", e.ID, len(b.Citations), len(cits))
		} else {
			for j, c := range cits {
				if b.Citations[j].SourceSHA != sha[c.SourceID] || b.Citations[j].Quote != c.Quote {
					t.Errorf("entry %d citation %d: %+v, want %s %q", e.ID, j, b.Citations[j], sha[c.SourceID], c.Quote)
				}
				used[sha[c.SourceID]] = true
			}
		}
		if len(b.Claims) != len(claims) {
			t.Errorf("entry %d: %d claims exported, has %d", e.ID, len(b.Claims), len(claims))
			continue
		}
		for j, c := range claims {
			got := b.Claims[j]
			if got.Text != c.Text || got.Claimant.Name != c.Claimant.Name {
				t.Errorf("entry %d claim %d: %q by %q, want %q by %q", e.ID, j, got.Text, got.Claimant.Name, c.Text, c.Claimant.Name)
			}
			var have, want []string
			for _, a := range got.Evidence {
				have = append(have, a.Source.SHA256+" "+string(a.Stance)+" "+a.Quote+" "+a.Note)
			}
			for _, a := range c.Evidence {
				want = append(want, sha[a.SourceID]+" "+string(a.Stance)+" "+a.Quote+" "+a.Note)
				used[sha[a.SourceID]] = true
			}
			sort.Strings(have)
			sort.Strings(want)
			if !slices.Equal(have, want) {
				t.Errorf("entry %d claim %q: stances %q, want %q", e.ID, c.Text, have, want)
			}
		}
		wantNotes, wantClaimNotes := 0, 0
		if e.ID == discussed.ID {
			wantNotes, wantClaimNotes = 1, 1
		}
		if len(b.Notes) != wantNotes || (wantNotes == 1 && (b.Notes[0].Text != "On the entry" || b.Notes[0].Author != "ann" || b.Notes[0].Created.IsZero())) {
			t.Errorf("entry %d: notes %+v", e.ID, b.Notes)
		}
		if len(b.Claims) > 0 && len(b.Claims[0].Discussion) != wantClaimNotes {
			t.Errorf("entry %d: first claim's notes %+v", e.ID, b.Claims[0].Discussion)
		}
	}

	var shas []string
	for _, s := range sources {
		shas = append(shas, s.SHA256)
		wantVersions := 0
		if s.ID == cnn.ID {
			wantVersions = 2
		}
		if s.Text == "" || len(s.Versions) != wantVersions {
			t.Errorf("source %q: text %d bytes, %d versions, want %d", s.Title, len(s.Text), len(s.Versions), wantVersions)
		}
		for n, v := range s.Versions {
			if v.Number != n+1 || v.Text == "" {
				t.Errorf("source %q: version %d is number %d, %d bytes", s.Title, n+1, v.Number, len(v.Text))
			}
		}
	}
	if !sort.StringsAreSorted(shas) || len(shas) != len(used) {
		t.Errorf("sources exported: %d, sorted %v; want the %d used, by SHA-256", len(shas), sort.StringsAreSorted(shas), len(used))
	}
	for _, s := range shas {
		if !used[s] {
			t.Errorf("source %s exported but not used", s)
		}
	}
}
