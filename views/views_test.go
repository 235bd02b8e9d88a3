package views

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"claimline/internal/claimline"
)

func sampleEntries(n int) []claimline.Entry {
	out := make([]claimline.Entry, n)
	for i := range out {
		d := claimline.MustParseDate(fmt.Sprintf("%d-%02d-%02d", 2015+i*10/n, 1+i%12, 1+i%28))
		out[i] = claimline.Entry{ID: int64(i + 1), Date: d, Kind: claimline.Kinds[i%5], Title: fmt.Sprintf("Entry %d", i),
			Actors: []claimline.Actor{{ID: 1, Name: "Vladimir Putin"}, {ID: 2, Name: "Joe Biden"}}, Tags: []string{"escalation", "long-range missiles"}}
	}
	// Timeline order, as the store returns it.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Date.Before(out[j-1].Date); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func BenchmarkTimelinePageRender(b *testing.B) {
	v := TimelineView{Timeline: claimline.Timeline{Slug: "t", Title: "T"}, Entries: sampleEntries(1000)}
	v.Overview = BuildOverview(v.Entries, v.PeriodLink)
	v.Prepare()
	p := Page{Title: "T", User: &claimline.User{Username: "ann", Role: claimline.RoleEditor}}
	b.ReportAllocs()
	for b.Loop() {
		if err := TimelinePage(p, v).Render(context.Background(), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func TestGroupEntries(t *testing.T) {
	es := []claimline.Entry{
		{Title: "a", Date: claimline.MustParseDate("Feb 2022")},
		{Title: "b", Date: claimline.MustParseDate("2024")},
		{Title: "c", Date: claimline.MustParseDate("Sep 2024")},
		{Title: "d", Date: claimline.MustParseDate("2024-09-12")},
		{Title: "e", Date: claimline.MustParseDate("2024-10-01")},
	}
	var got []string
	for _, y := range GroupEntries(es) {
		s := fmt.Sprint(y.Year, ":")
		for _, e := range y.YearOnly {
			s += " " + e.Title
		}
		for _, m := range y.Months {
			s += " [" + m.Label + ":"
			for _, e := range m.Entries {
				s += e.Title
			}
			s += "]"
		}
		got = append(got, s)
	}
	want := "2022: [February 2022:a] | 2024: b [September 2024:cd] [October 2024:e]"
	if strings.Join(got, " | ") != want {
		t.Errorf("groups = %q\nwant      %q", strings.Join(got, " | "), want)
	}
}

// The overview breaks the axis at long quiet stretches, keeps marks in date
// order inside the drawing, and nudges same-day dots apart.
func TestOverview(t *testing.T) {
	es := []claimline.Entry{
		{ID: 1, Kind: claimline.KindAction, Date: claimline.MustParseDate("Feb 2022"), Title: "Entry 1"},
		{ID: 2, Kind: claimline.KindPolicyMove, Date: claimline.MustParseDate("Oct 2023"), Title: "Entry 2"},
		{ID: 3, Kind: claimline.KindStatement, Date: claimline.MustParseDate("2024-09-11"), Title: "Entry 3"},
		{ID: 4, Kind: claimline.KindStatement, Date: claimline.MustParseDate("2024-09-12"), Title: "Entry 4"},
		{ID: 5, Kind: claimline.KindStatement, Date: claimline.MustParseDate("2024-09-12"), Title: "Entry 5"},
		{ID: 6, Kind: claimline.KindPolicyMove, Date: claimline.MustParseDate("2024-09-13"), Title: "Entry 6"},
	}
	ov := BuildOverview(es, func(from, to string) string { return "?from=" + from + "&to=" + to })
	if len(ov.Lanes) != 3 || len(ov.Marks) != 6 {
		t.Fatalf("lanes %d marks %d", len(ov.Lanes), len(ov.Marks))
	}
	if len(ov.Breaks) != 2 {
		t.Errorf("breaks = %v, want 2 (2022 | 2023 | 2024)", ov.Breaks)
	}
	prev := 0.0
	for i, m := range ov.Marks {
		if m.X < prev || m.X < ovLeft || m.X+m.W > ovWidth {
			t.Errorf("mark %d at %v (w %v) is out of order or outside the drawing", i, m.X, m.W)
		}
		prev = m.X
	}
	if d := ov.Marks[4].X - ov.Marks[3].X; d < ovDodge {
		t.Errorf("same-day dots are %v apart, want at least %v", d, ovDodge)
	}
	// The busy week gets a readable stretch: more than 100 px from 11 to 13 Sep.
	if w := ov.Marks[5].X - ov.Marks[2].X; w < 100 {
		t.Errorf("11–13 Sep 2024 spans %v px", w)
	}
	// Down the page (on phones), every mark has a label of its own, the
	// same-day ones too, each clear of the one above and of the breaks.
	var ys []float64
	for _, m := range ov.Marks {
		if m.VLabel == "" {
			t.Errorf("mark %d has no label down the page", m.EntryID)
		}
		ys = append(ys, m.VY)
	}
	for _, b := range ov.Breaks {
		ys = append(ys, b.VY)
	}
	slices.Sort(ys)
	for i := 1; i < len(ys); i++ {
		if ys[i]-ys[i-1] < vLabelGap {
			t.Errorf("labels down the page %v px apart at %v, want at least %v", ys[i]-ys[i-1], ys[i], vLabelGap)
		}
	}
	if last := ov.Marks[len(ov.Marks)-1]; last.VY > float64(ov.VHeight-vTop) {
		t.Errorf("the last mark at %v is outside the drawing (%d high)", last.VY, ov.VHeight)
	}
	// A day's tick is level with its first mark, and the first day of a
	// stretch says its year down the page.
	ticks := map[string]Tick{}
	for _, tk := range ov.Ticks {
		ticks[tk.Down().Label] = tk
	}
	for label, m := range map[string]Mark{"11 Sep 2024": ov.Marks[2], "12 Sep": ov.Marks[3], "13 Sep": ov.Marks[5]} {
		if tk, ok := ticks[label]; !ok || tk.VY != m.VY {
			t.Errorf("tick %q at %v, its first mark at %v (ticks %v)", label, tk.VY, m.VY, ov.Ticks)
		}
	}
	if BuildOverview(nil, nil) != nil {
		t.Error("an empty timeline has an overview")
	}
}

// A date known only to its month, weeks before a busy stretch, keeps the
// quiet weeks between them cut out: the busy days keep their room.
func TestOverviewCutsAroundAMonth(t *testing.T) {
	es := []claimline.Entry{
		{ID: 1, Kind: claimline.KindReport, Date: claimline.MustParseDate("Feb 2023"), Title: "Cash burn rises"},
		{ID: 2, Kind: claimline.KindReport, Date: claimline.MustParseDate("2023-03-06"), EndDate: claimline.MustParseDate("2023-03-09"), Approximate: true, Title: "Deposits flow out"},
		{ID: 3, Kind: claimline.KindAction, Date: claimline.MustParseDate("2023-03-08"), Title: "SVB announces a share sale"},
		{ID: 4, Kind: claimline.KindAction, Date: claimline.MustParseDate("2023-03-09"), Title: "Shares fall 60%"},
		{ID: 5, Kind: claimline.KindAction, Date: claimline.MustParseDate("2023-03-10"), Title: "Regulators close the bank"},
		{ID: 6, Kind: claimline.KindPolicyMove, Date: claimline.MustParseDate("2023-03-12"), Title: "All deposits guaranteed"},
	}
	ov := BuildOverview(es, nil)
	if len(ov.Breaks) != 1 {
		t.Fatalf("breaks %v, want one between February and the week of 6 March", ov.Breaks)
	}
	if ov.Marks[0].X+ov.Marks[0].W > ov.Breaks[0].X || ov.Marks[1].X < ov.Breaks[0].X {
		t.Errorf("February's bar (%v, %v) and the March span (%v) are not on either side of the break at %v", ov.Marks[0].X, ov.Marks[0].W, ov.Marks[1].X, ov.Marks[1].X)
	}
	// 8 to 12 March has room: 40 px a day at least.
	if w := ov.Marks[5].X - ov.Marks[2].X; w < 4*40 {
		t.Errorf("8–12 March spans %v px of %d", w, ovWidth)
	}
}

// Overlapping passages each keep their anchor: a claim's passage inside a
// citation's, and two identical passages.
func TestHighlightOverlaps(t *testing.T) {
	text := "Putin said NATO would be at war with Russia."
	in := strings.Index(text, "NATO")
	marks := []Passage{
		{Start: 0, End: len(text), Anchor: "c1", Href: "/entries/1"},
		{Start: in, End: in + len("NATO would be at war"), Anchor: "a1", Href: "/claims/1"},
		{Start: in, End: in + len("NATO would be at war"), Anchor: "a2", Href: "/claims/2"},
	}
	var anchors []string
	var links, also []string
	for _, p := range Highlight(text, marks)[0] {
		anchors = append(anchors, p.Anchors...)
		links = append(links, p.Mark.Href+":"+p.Text)
		for _, o := range p.Also {
			also = append(also, o.Anchor+"→"+o.Href+" after "+p.Text)
		}
	}
	// The second claim quotes the very words of the first: the highlight
	// links to the first, and the second gets a link of its own, at its
	// anchor, after the words.
	if strings.Join(anchors, ",") != "c1,a1" || strings.Join(also, ",") != "a2→/claims/2 after NATO would be at war" {
		t.Errorf("anchors %q, also %q: want every passage reachable at its anchor", anchors, also)
	}
	want := "/entries/1:Putin said |/claims/1:NATO would be at war|/entries/1: with Russia."
	if strings.Join(links, "|") != want {
		t.Errorf("links %q\nwant  %q", strings.Join(links, "|"), want)
	}
}

func TestHighlight(t *testing.T) {
	text := "First “paragraph” here.\n\nSecond one – with a passage\nthat spans lines.\n"
	start := strings.Index(text, "with a passage")
	end := strings.Index(text, "spans") + len("spans")
	marks := []Passage{
		{Start: start, End: end, Anchor: "a1", Href: "/claims/1"},
		{Start: 0, End: 5, Anchor: "c1"},
		{Start: 3, End: 200, Anchor: "bad"},    // out of range: ignored
		{Start: 7, End: 8, Anchor: "cut-rune"}, // inside “: ignored
	}
	paras := Highlight(text, marks)
	if len(paras) != 3 {
		t.Fatalf("%d paragraphs, want 3 (blank line dropped)", len(paras))
	}
	var marked []string
	firsts := 0
	for _, para := range paras {
		for _, p := range para {
			if p.Mark != nil {
				marked = append(marked, p.Mark.Anchor+":"+p.Text)
				firsts += len(p.Anchors)
			}
		}
	}
	want := "c1:First | a1:with a passage | a1:that spans"
	if strings.Join(marked, " | ") != want {
		t.Errorf("marked = %q\nwant     %q", strings.Join(marked, " | "), want)
	}
	if firsts != 2 {
		t.Errorf("%d first pieces, want one per mark", firsts)
	}
	if piecesText(paras[0])+piecesText(paras[1])+piecesText(paras[2]) != strings.ReplaceAll(strings.ReplaceAll(text, "\n\n", ""), "\n", "") {
		t.Error("text lost or changed by highlighting")
	}
}

func TestAssessingOnlyCountsUncitedSourcesOnce(t *testing.T) {
	v := EntryView{
		Citations: []claimline.Citation{{SourceID: 1}},
		Claims: []claimline.Claim{
			{Evidence: []claimline.Assessment{{SourceID: 1}, {SourceID: 2}}},
			{Evidence: []claimline.Assessment{{SourceID: 2}, {SourceID: 3}}},
		},
	}
	if got := v.AssessingOnly(); got != 2 {
		t.Errorf("AssessingOnly = %d, want 2 (sources 2 and 3)", got)
	}
}
