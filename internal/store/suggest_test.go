package store_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/lexicon"
	"claimline/internal/store"
)

// demoWithDistractors loads the demo and adds the short articles of
// testdata/distractors: news of the same war that speaks to none of the
// demo's claims. With the five seeds alone, "among the top 5" would hold for
// any ranking at all.
func demoWithDistractors(t *testing.T) *store.Store {
	t.Helper()
	st := open(t)
	ctx := as("editor")
	if _, err := demo.Load(ctx, app.New(st, app.Config{})); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/distractors/*.txt")
	if len(files) < 6 {
		t.Fatalf("only %d distractors", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: filepath.Base(f), Text: string(b)}}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// TestSuggestionQuality measures suggestions on the demo's claims: for each
// claim, the sources that speak to it are those the demo assessed. With one
// of them recorded (each in turn), every other one should be among the top
// five suggested sources. It prints the share of (claim, source) pairs for
// which that holds and fails below 90 %. It also prints a stricter figure:
// the share of pairs ranked above every source that does not speak to the
// claim.
func TestSuggestionQuality(t *testing.T) {
	if store.RaceDetector {
		t.Skip("measures quality or sizes, not concurrency: run without -race")
	}
	st := demoWithDistractors(t)
	ctx := as("editor")
	claims, err := st.AllClaims(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pairs, top5, strict, alone, aloneTop5 := 0, 0, 0, 0, 0
	for _, c := range claims {
		full, err := st.Claim(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		speakers := full.Evidence
		if len(speakers) == 1 {
			// Nothing recorded yet: the claim's text alone must find it.
			order := suggestedOrder(t, st, c.EntryID, c.Text, nil)
			alone++
			if i := slices.Index(order, speakers[0].SourceID); i >= 0 && i < 5 {
				aloneTop5++
			} else {
				t.Logf("claim %q alone: source %d not in top 5 %v", c.Text, speakers[0].SourceID, order)
			}
		}
		if len(speakers) < 2 {
			continue
		}
		for _, known := range speakers {
			order := suggestedOrder(t, st, c.EntryID, c.Text, &known)
			others := 0
			for _, a := range speakers {
				if a.SourceID != known.SourceID {
					others++
				}
			}
			for _, a := range speakers {
				if a.SourceID == known.SourceID {
					continue
				}
				pairs++
				i := slices.Index(order, a.SourceID)
				if i >= 0 && i < 5 {
					top5++
				} else {
					t.Logf("claim %q, knowing %d: source %d at %d in %v", c.Text, known.SourceID, a.SourceID, i, order)
				}
				if i >= 0 && i < others {
					strict++
				}
			}
		}
	}
	if pairs < 15 {
		t.Fatalf("only %d (claim, source) pairs: the demo changed?", pairs)
	}
	share := float64(top5) / float64(pairs)
	t.Logf("suggestions: %d of %d (claim, source) pairs in the top 5 (%.1f %%); %d above every other source (%.1f %%); single-source claims found with no stance recorded: %d of %d",
		top5, pairs, 100*share, strict, 100*float64(strict)/float64(pairs), aloneTop5, alone)
	if share < 0.9 {
		t.Errorf("%.1f %% of pairs in the top 5, want at least 90 %%", 100*share)
	}
}

// demoEntry returns the id of an entry of the demo, to add claims to.
func demoEntry(t *testing.T, st *store.Store) int64 {
	t.Helper()
	claims, err := st.AllClaims(as("editor"))
	if err != nil || len(claims) == 0 {
		t.Fatalf("the demo's claims: %d, %v", len(claims), err)
	}
	return claims[0].EntryID
}

// heldOutClaim is a claim of testdata/heldout_claims.json with the sources
// that speak to it, first the one whose stance is recorded first. Sources
// are named by the seed article's number ("000") or the distractor's file
// name ("kursk.txt").
type heldOutClaim struct {
	Text    string
	Sources []struct{ Source, Stance, Quote string }
}

// TestSuggestionHeldOut measures suggestions on claims the ranking was not
// built on: testdata/heldout_claims*.json, written from the seed articles
// (see their headers), over the same library as TestSuggestionQuality.
// Each claim is created on a demo entry. With no stance recorded, every
// source that speaks to it should be among the top five suggested sources;
// with the first source's stance recorded, every other one should. It
// prints both shares of (claim, source) pairs for each file and for all,
// and the share with each source's stance recorded in turn (as
// TestSuggestionQuality counts). It fails below the targets of issue 24
// (checkTargets): 90 % with one stance, 85 % with none. With no stance, the
// ranking has only the claim's own words, and a claim may paraphrase every
// source ("televised address" for "state television").
func TestSuggestionHeldOut(t *testing.T) {
	if store.RaceDetector {
		t.Skip("measures quality or sizes, not concurrency: run without -race")
	}
	st := demoWithDistractors(t)
	ctx := as("editor")
	files, _ := filepath.Glob("testdata/heldout_claims*.json")
	if len(files) == 0 {
		t.Fatal("no held-out claims")
	}
	sources, err := st.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, s := range sources {
		if s.FileName != "" {
			ids[s.FileName[:3]] = s.ID // a seed article, "000_….txt"
		} else {
			ids[s.Title] = s.ID // a distractor, titled with its file name
		}
	}
	entryID := demoEntry(t, st)
	var all heldOutFigures
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var file struct{ Claims []heldOutClaim }
		if err := json.Unmarshal(b, &file); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		fig := measureHeldOut(t, st, entryID, ids, file.Claims)
		t.Logf("%s: %d claims; %s", filepath.Base(f), len(file.Claims), fig)
		all.add(fig)
	}
	t.Logf("held-out suggestions, all %d claims: %s", all.claims, all)
	if all.claims < 12 || all.pairs < 20 {
		t.Fatalf("only %d held-out claims, %d (claim, source) pairs", all.claims, all.pairs)
	}
	checkTargets(t, "held-out", all)
}

// heldOutFigures counts (claim, source) pairs, and those in the top 5:
// with the first source's stance recorded, with each in turn, and with none.
// Only the pairs that can fit in a top 5 are counted: a claim with eight
// other sources counts five pairs, and up to five found.
type heldOutFigures struct {
	claims                                              int
	pairs, top5, rotated, rotatedTop5, alone, aloneTop5 int
}

func (f *heldOutFigures) add(g heldOutFigures) {
	f.claims += g.claims
	f.pairs, f.top5, f.rotated, f.rotatedTop5 = f.pairs+g.pairs, f.top5+g.top5, f.rotated+g.rotated, f.rotatedTop5+g.rotatedTop5
	f.alone, f.aloneTop5 = f.alone+g.alone, f.aloneTop5+g.aloneTop5
}

func (f heldOutFigures) String() string {
	pc := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
	return fmt.Sprintf("first stance recorded, %d of %d pairs in the top 5 (%.1f %%); each stance in turn, %d of %d (%.1f %%); no stance, %d of %d (%.1f %%)",
		f.top5, f.pairs, pc(f.top5, f.pairs), f.rotatedTop5, f.rotated, pc(f.rotatedTop5, f.rotated), f.aloneTop5, f.alone, pc(f.aloneTop5, f.alone))
}

// oneStanceShare and noStanceShare are the figures the targets are set on.
func (f heldOutFigures) oneStanceShare() float64 { return float64(f.top5) / float64(max(f.pairs, 1)) }
func (f heldOutFigures) noStanceShare() float64 {
	return float64(f.aloneTop5) / float64(max(f.alone, 1))
}

// measureHeldOut counts, for each claim, whether the sources that speak to
// it are among its top five suggested sources, logging those that are not.
// ids names the library's sources as the claims do.
func measureHeldOut(t *testing.T, st *store.Store, entryID int64, ids map[string]int64, claims []heldOutClaim) heldOutFigures {
	t.Helper()
	fig := heldOutFigures{claims: len(claims)}
	// found counts the sources of want among the top five of order.
	found := func(order []int64, want []claimline.Assessment) int {
		n := 0
		for _, a := range want {
			if i := slices.Index(order, a.SourceID); i >= 0 && i < 5 {
				n++
			}
		}
		return n
	}
	missed := func(how string, c heldOutClaim, order []int64, want []claimline.Assessment) {
		for _, a := range want {
			if i := slices.Index(order, a.SourceID); i < 0 || i >= 5 {
				t.Logf("%s: claim %q: source %d at %d in %v", how, c.Text, a.SourceID, i, order)
			}
		}
	}
	for _, c := range claims {
		var speakers []claimline.Assessment
		for _, s := range c.Sources {
			id, ok := ids[s.Source]
			if !ok {
				t.Fatalf("claim %q: no source %q", c.Text, s.Source)
			}
			speakers = append(speakers, claimline.Assessment{SourceID: id, Stance: claimline.Stance(s.Stance), Quote: s.Quote})
		}
		order := suggestedOrder(t, st, entryID, c.Text, nil)
		n := found(order, speakers)
		fig.alone += min(len(speakers), 5)
		fig.aloneTop5 += n
		if n < min(len(speakers), 5) {
			missed("no stance", c, order, speakers)
		}
		if len(speakers) < 2 {
			continue
		}
		for k, known := range speakers {
			order := suggestedOrder(t, st, entryID, c.Text, &known)
			others := slices.Delete(slices.Clone(speakers), k, k+1)
			n := found(order, others)
			fig.rotated += min(len(others), 5)
			fig.rotatedTop5 += n
			if k > 0 {
				continue
			}
			fig.pairs += min(len(others), 5)
			fig.top5 += n
			if n < min(len(others), 5) {
				missed(fmt.Sprintf("one stance (%d)", known.SourceID), c, order, others)
			}
		}
	}
	return fig
}

// suggestedOrder creates a copy of a claim with at most one stance (known),
// and returns the ids of the sources suggested for it, in order. The copy
// is deleted again.
func suggestedOrder(t *testing.T, st *store.Store, entryID int64, text string, known *claimline.Assessment) []int64 {
	t.Helper()
	ctx := as("editor")
	c, err := st.CreateClaim(ctx, entryID, claimline.ClaimInput{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := st.DeleteClaim(ctx, c.ID, 0); err != nil {
			t.Fatal(err)
		}
	}()
	if known != nil {
		if _, err := st.SetAssessment(ctx, c.ID, claimline.AssessmentInput{SourceID: known.SourceID, Stance: string(known.Stance), Quote: known.Quote}); err != nil {
			t.Fatal(err)
		}
	}
	sugg, err := st.SuggestEvidence(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, s := range sugg {
		ids = append(ids, s.SourceID)
	}
	return ids
}

func TestSuggestEvidence(t *testing.T) {
	st := demoWithDistractors(t)
	ctx := as("editor")
	claims, err := st.AllClaims(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(claims, func(c claimline.Claim) bool { return strings.HasPrefix(c.Text, "Putin made the remarks") })
	c, err := st.Claim(ctx, claims[i].ID)
	if err != nil {
		t.Fatal(err)
	}
	sugg, err := st.SuggestEvidence(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sugg) == 0 {
		t.Fatal("no suggestions")
	}
	total := 0
	for _, s := range sugg {
		if slices.ContainsFunc(c.Evidence, func(a claimline.Assessment) bool { return a.SourceID == s.SourceID }) {
			t.Errorf("source %d has a stance, yet is suggested", s.SourceID)
		}
		if len(s.Passages) > claimline.SuggestionsPerSource {
			t.Errorf("source %d: %d passages", s.SourceID, len(s.Passages))
		}
		src, err := st.Source(ctx, s.SourceID)
		if err != nil {
			t.Fatal(err)
		}
		if s.Source != src.Label() {
			t.Errorf("source %d shown as %q, want %q", s.SourceID, s.Source, src.Label())
		}
		for _, p := range s.Passages {
			total++
			if src.Text[p.Start:p.End] != p.Text || p.Marked.String() != p.Text {
				t.Errorf("passage %d–%d of %d is not the source's text: %q", p.Start, p.End, s.SourceID, p.Text)
			}
			if !slices.ContainsFunc(p.Marked, func(m claimline.SnippetPart) bool { return m.Mark }) {
				t.Errorf("passage %q has no marked word", p.Text)
			}
			// The evidence is whole sentences of the passage, as stored.
			e := p.Evidence()
			if len(p.Sentences) == 0 || p.From < 0 || p.To > len(p.Sentences) || p.From >= p.To ||
				e.Start < p.Start || e.End > p.End || src.Text[e.Start:e.End] != p.EvidenceText() {
				t.Errorf("passage %q: evidence %d–%d of sentences %v", p.Text, p.From, p.To, p.Sentences)
			}
		}
	}
	if total > claimline.SuggestionsInAll {
		t.Errorf("%d passages suggested", total)
	}

	// Dismissed passages are no longer suggested, and stay so.
	p := sugg[0].Passages[0]
	if err := st.DismissSuggestion(ctx, c.ID, sugg[0].SourceID, p.Start, p.End); err != nil {
		t.Fatal(err)
	}
	if err := st.DismissSuggestion(ctx, c.ID, sugg[0].SourceID, p.Start, p.End); err != nil {
		t.Fatalf("dismissed twice: %v", err)
	}
	again, err := st.SuggestEvidence(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range again {
		for _, q := range s.Passages {
			if s.SourceID == sugg[0].SourceID && q.Start == p.Start {
				t.Errorf("dismissed passage still suggested: %q", q.Text)
			}
		}
	}
	if err := st.DismissSuggestion(ctx, c.ID, sugg[0].SourceID, p.Start+1, p.End); claimline.ErrorCode(err) != claimline.EINVALID {
		t.Errorf("a range that is no passage: %v, want invalid", err)
	}
	if err := st.DismissSuggestion(ctx, 999999, sugg[0].SourceID, p.Start, p.End); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("no such claim: %v, want not found", err)
	}
	if _, err := st.SuggestEvidence(ctx, 999999); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("suggestions for no claim: %v, want not found", err)
	}
}

func TestSuggestionTerms(t *testing.T) {
	texts := func(ts []lexicon.Term) string {
		s := make([]string, len(ts))
		for i, t := range ts {
			s[i] = t.Text
		}
		return strings.Join(s, " ")
	}
	for _, tc := range []struct {
		claim           string
		quoted          []string
		claimW, quotedW string
		shared          int // quoted terms that are terms of the claim
	}{
		{"Putin said NATO is at war", nil, "Putin said NATO war", "", 0},
		{"US and UK weapons", []string{"the U.S.-supplied weapons – and UK ones"}, "US UK weapons", "U.S supplied weapons UK ones", 3},
		{"The WHO said that they would act", []string{"What WHO does"}, "WHO said act", "WHO", 1},                                        // function words, unless in capitals
		{"-excluded \"phrase\" OR NOT", []string{"Putin’s words (putin)", "Words of PUTIN"}, "excluded phrase OR NOT", "Putin words", 0}, // words, never syntax
		// Other names and other ways of writing a number are the same term.
		{"Washington urged Beijing", []string{"the United States urged China", "American and Chinese"}, "Washington urged Beijing", "United States urged China", 3},
		{"Sweden became the thirty-second member", []string{"Stockholm became the 32nd member"}, "Sweden became thirty-second member", "Stockholm became 32nd member", 4},
	} {
		c, q := store.SuggestionTerms(tc.claim, tc.quoted)
		shared := 0
		for _, qt := range q {
			if slices.ContainsFunc(c, func(ct lexicon.Term) bool { return ct.ID == qt.ID }) {
				shared++
			}
		}
		if texts(c) != tc.claimW || texts(q) != tc.quotedW || shared != tc.shared {
			t.Errorf("SuggestionTerms(%q, %q) = %q, %q (%d shared); want %q, %q (%d)", tc.claim, tc.quoted, texts(c), texts(q), shared, tc.claimW, tc.quotedW, tc.shared)
		}
	}
}

func TestSuggestionsMarkDistinctiveWords(t *testing.T) {
	if store.RaceDetector {
		t.Skip("measures quality or sizes, not concurrency: run without -race")
	}
	st := demoWithDistractors(t)
	ctx := as("editor")
	claims, err := st.AllClaims(ctx)
	if err != nil {
		t.Fatal(err)
	}
	marks := map[string]int{}
	for _, c := range claims {
		sugg, err := st.SuggestEvidence(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sugg {
			for _, p := range s.Passages {
				for _, part := range p.Marked {
					if part.Mark {
						marks[strings.ToLower(part.Text)]++
					}
				}
			}
		}
	}
	// The claims' quoted passages hold these words, which are in most
	// passages of the library: marked, they would be noise.
	for _, w := range []string{"the", "and", "that"} {
		if marks[w] > 0 {
			t.Errorf("%q marked %d times", w, marks[w])
		}
	}
	if len(marks) < 10 {
		t.Errorf("only %d words marked: %v", len(marks), marks)
	}
}

// TestSuggestedEvidenceSentences checks that a suggestion's evidence is the
// sentence of its paragraph that says what the claim says, or the
// sentences, when the claim's terms are spread over two; the paragraph is
// kept around it.
func TestSuggestedEvidenceSentences(t *testing.T) {
	st := open(t)
	ctx := as("editor")
	const para = "The talks ended late on Friday. Tehran said it had fired more than 300 drones at Israel. " +
		"Officials gave no further details. Delegates then left for the airport."
	const split = "The central bank held its meeting on Thursday. Its nine members voted. Five backed a cut of a quarter of a percentage point. The rest wanted no change."
	var ids []int64
	for i, text := range []string{para, split, "A report on the harvest and the weather in the south.", "Another report on rail fares."} {
		s, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: fmt.Sprintf("Source %d", i), Text: text}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	tl, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Evidence", Slug: "evidence"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024-04-14", Kind: "statement", Title: "Evidence"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		claim    string
		source   int64
		evidence string
	}{
		{"Iran launched three hundred drones", ids[0], "Tehran said it had fired more than 300 drones at Israel."},
		{"Five of the nine members voted for a 25 basis point cut", ids[1], "Its nine members voted. Five backed a cut of a quarter of a percentage point."},
	} {
		c, err := st.CreateClaim(ctx, e.ID, claimline.ClaimInput{Text: tc.claim})
		if err != nil {
			t.Fatal(err)
		}
		sugg, err := st.SuggestEvidence(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(sugg, func(s claimline.Suggestion) bool { return s.SourceID == tc.source })
		if i < 0 {
			t.Errorf("%q: source %d not suggested: %+v", tc.claim, tc.source, sugg)
			continue
		}
		p := sugg[i].Passages[0]
		if p.EvidenceText() != tc.evidence || p.Text == p.EvidenceText() {
			t.Errorf("%q: evidence %q of %q, want %q", tc.claim, p.EvidenceText(), p.Text, tc.evidence)
		}
		if len(p.Sentences) != 4 {
			t.Errorf("%q: %d sentences in %q", tc.claim, len(p.Sentences), p.Text)
		}
	}
}
