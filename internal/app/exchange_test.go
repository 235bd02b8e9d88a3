package app_test

import (
	"bytes"
	"testing"

	"claimline/internal/claimline"
)

// A timeline's CSV read for another timeline: every row makes a new entry
// there, and the preview says so. Its ids name entries elsewhere, which
// the import leaves alone; a preview of "9 updated" had an analyst fear
// for their work.
func TestPreviewCountsNewEntriesForAnotherTimeline(t *testing.T) {
	a, ctx := newApp(t)
	tl, err := a.Timelines.Create(ctx, claimline.TimelineInput{Title: "Rates"})
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Hike", "Hold", "Cut"} {
		if _, err := a.Timelines.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2023-05-04", Kind: "policy_move", Title: title}); err != nil {
			t.Fatal(err)
		}
	}
	var csv bytes.Buffer
	if err := a.Exchange.Export(ctx, "csv", tl, claimline.EntryFilter{}, &csv); err != nil {
		t.Fatal(err)
	}
	other, err := a.Timelines.Create(ctx, claimline.TimelineInput{Title: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]claimline.ImportTarget{
		"a new timeline":   {New: &claimline.TimelineInput{Title: "Copy"}},
		"another timeline": {TimelineID: other.ID},
	} {
		p, err := a.Exchange.ReadEntries(ctx, csv.Bytes(), target, claimline.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if created, updated, unchanged := p.Counts(); created != 3 || updated != 0 || unchanged != 0 {
			t.Errorf("%s: %d new, %d updated, %d unchanged; want 3 new", name, created, updated, unchanged)
		}
	}
	p, err := a.Exchange.ReadEntries(ctx, csv.Bytes(), claimline.ImportTarget{TimelineID: tl.ID}, claimline.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if created, _, unchanged := p.Counts(); created != 0 || unchanged != 3 {
		t.Errorf("its own timeline: %d new, %d unchanged; want 3 unchanged", created, unchanged)
	}
}
