package store_test

import (
	"context"
	"fmt"
	"testing"

	"claimline/internal/claimline"
)

// benchInputs returns n entry inputs with 2 actors and 2 tags each.
func benchInputs(n int) []claimline.EntryInput {
	ins := make([]claimline.EntryInput, n)
	for i := range ins {
		ins[i] = claimline.EntryInput{Date: fmt.Sprintf("%d-%02d-%02d", 1990+i%35, 1+i%12, 1+i%28), Kind: "statement",
			Title: fmt.Sprintf("Entry %d", i), Actors: []string{fmt.Sprintf("Actor %d", i%400), fmt.Sprintf("Actor %d", 400+i%97)},
			Tags: []string{fmt.Sprintf("tag%d", i%50), fmt.Sprintf("tag%d", 50+i%17)}}
	}
	return ins
}

// BenchmarkImport10k imports 10,000 CSV rows (2 actors and 2 tags each) as
// a new timeline, in the one transaction an import is.
func BenchmarkImport10k(b *testing.B) {
	st := open(b)
	var rows []claimline.ImportRow
	for i, in := range benchInputs(10000) {
		rows = append(rows, claimline.ImportRow{Line: i + 2, Input: in})
	}
	i := 0
	for b.Loop() {
		i++
		res, err := st.ImportEntries(as("ann"), claimline.ImportTarget{New: &claimline.TimelineInput{Title: "Import", Slug: fmt.Sprintf("import-%d", i)}}, rows)
		if err != nil || res.Created != len(rows) {
			b.Fatal(res, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/import")
}

// BenchmarkEntries1000 loads a 1,000-entry page with its actors and tags.
func BenchmarkEntries1000(b *testing.B) {
	st := open(b)
	tl := newTimeline(b, st, "t")
	ins := make([]claimline.EntryInput, 1000)
	for i := range ins {
		ins[i] = claimline.EntryInput{Date: fmt.Sprintf("%d-%02d-%02d", 2015+i%10, 1+i%12, 1+i%28), Kind: "statement",
			Title: fmt.Sprintf("Entry %d", i), Actors: []string{fmt.Sprintf("Actor %d", i%40), fmt.Sprintf("Actor %d", 40+i%13)},
			Tags: []string{fmt.Sprintf("tag%d", i%20), fmt.Sprintf("tag%d", 20+i%7)}}
	}
	if err := st.CreateEntries(as("ann"), tl.ID, ins); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		page, err := st.Entries(context.Background(), tl.ID, claimline.EntryFilter{Limit: 1000})
		if err != nil || len(page.Entries) != 1000 {
			b.Fatal(len(page.Entries), err)
		}
	}
}

// BenchmarkExportEntries20k streams a 20,000-entry timeline through
// ExportEntries (the CSV export's query) without writing it anywhere.
func BenchmarkExportEntries20k(b *testing.B) {
	st := open(b)
	tl := newTimeline(b, st, "t")
	if err := st.CreateEntries(as("ann"), tl.ID, benchInputs(20000)); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		n := 0
		if err := st.ExportEntries(context.Background(), tl.ID, claimline.EntryFilter{}, func(claimline.ExportedEntry) error { n++; return nil }); err != nil || n != 20000 {
			b.Fatal(n, err)
		}
	}
}
