package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"claimline/internal/claimline"
)

// TestClippingsTray: passages clipped from several sources are shown as
// one form, each given its claim (with a stance) or its entry; a refused
// tray comes back whole with the problem on its row, and a good one is
// saved in one submission.
func TestClippingsTray(t *testing.T) {
	w := newWorkbench(t)
	entryID := entryIDs(t, w.h, "strikes")["Invasion"]
	claim, err := w.h.st.CreateClaim(w.ctx, mustID(t, entryID), claimline.ClaimInput{Text: "Putin said NATO would be at war with Russia"})
	if err != nil {
		t.Fatal(err)
	}
	tray := [][2]string{
		{w.ids["003"], "In his latest address on state-run television, Putin warned"},
		{w.ids["002"], "This will mean that NATO countries – the United States and European countries – are at war with Russia"},
		{w.ids["001"], "the full-scale invasion began in February 2022"},
		{w.ids["003"], "Putin never said a word about NATO"},
	}
	q := url.Values{}
	for _, c := range tray {
		q.Add("source", c[0])
		q.Add("quote", c[1])
	}
	r := w.c.get("/clippings?" + q.Encode())
	wantStatus(t, r, http.StatusOK)
	d := r.doc(t)
	rows := d.Find("li.clipping")
	if rows.Length() != 4 || rows.Eq(2).Find(`legend a[href="/sources/`+w.ids["001"]+`"]`).Length() != 1 {
		t.Fatalf("the tray shows %d rows, or not their sources", rows.Length())
	}
	claimOpt, entryOpt := "claim:"+strconv.FormatInt(claim.ID, 10), "entry:"+entryID
	if rows.Eq(0).Find(`option[value="`+claimOpt+`"]`).Length() != 1 || rows.Eq(0).Find(`option[value="`+entryOpt+`"]`).Length() != 1 {
		t.Fatal("the claim and the entry are not offered")
	}
	// Each row's stance is preselected (supports); no target is.
	if rows.Find(`select[name="stance"] option[value="supports"][selected]`).Length() != 4 {
		t.Error("the stances are not preselected")
	}
	if rows.Find(`select[name="target"] option[selected]`).Length() != 0 {
		t.Error("a target is preselected")
	}
	// The choices are those of one timeline: the one the user worked on
	// last, or the one chosen.
	if d.Find(`select[name="timeline"] option[value="strikes"][selected]`).Length() != 1 {
		t.Error("the timeline worked on last is not the one shown")
	}
	if r := w.c.get("/clippings?timeline=another&" + q.Encode()).doc(t); r.Find(`option[value="`+claimOpt+`"]`).Length() != 0 {
		t.Error("another timeline's choices include this one's claim")
	}

	// Save: one left out, a stance, a citation, and a passage not in its
	// source (the store does not see the row left out, but the form names
	// the rows as the user sees them).
	f := url.Values{}
	for _, c := range tray {
		f.Add("source", c[0])
		f.Add("quote", c[1])
	}
	f["target"] = []string{"drop", claimOpt, entryOpt, claimOpt}
	f["stance"] = []string{"supports", "supports", "supports", "disputes"}
	r = w.c.post("/clippings", f)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	d = r.doc(t)
	if msg := d.Find("#err-clip4").Text(); !strings.Contains(msg, "not in") {
		t.Errorf("row 4's problem: %q", msg)
	}
	if d.Find("#err-clip1").Length()+d.Find("#err-clip2").Length()+d.Find("#err-clip3").Length() != 0 {
		t.Error("good rows were marked")
	}
	if d.Find(`input[name="replace"]`).Length() != 0 {
		t.Error("replacing a stance is offered where there is none")
	}
	if d.Find("li.clipping").Length() != 4 || d.Find(`li#clip-2 option[value="`+claimOpt+`"][selected]`).Length() != 1 ||
		d.Find(`li#clip-1 option[value="drop"][selected]`).Length() != 1 ||
		d.Find(`li#clip-4 select[name="stance"] option[value="disputes"][selected]`).Length() != 1 {
		t.Error("the refused tray lost the choices made")
	}
	if c, _ := w.h.st.Claim(context.Background(), claim.ID); len(c.Evidence) != 0 {
		t.Fatal("a refused tray saved a stance")
	}
	if cits, _, _ := w.h.st.EntryEvidence(context.Background(), mustID(t, entryID)); len(cits) != 0 {
		t.Fatal("a refused tray saved a citation")
	}

	// Leaving the bad one out saves the others. The page after the save
	// has the save's token in its address, for the script that keeps the
	// tray.
	f["target"][3] = "drop"
	f.Set("tray", "t1701")
	r = w.c.post("/clippings", f)
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/timelines/strikes?saved=t1701" {
		t.Errorf("after the save: %s", loc)
	}
	d = w.c.get(r.Header.Get("Location")).doc(t)
	if !strings.Contains(d.Find(".flash").Text(), "1 citation and 1 stance") {
		t.Errorf("the page after the save: flash %q", d.Find(".flash").Text())
	}
	c, _ := w.h.st.Claim(context.Background(), claim.ID)
	if len(c.Evidence) != 1 || c.Evidence[0].SourceID != mustID(t, w.ids["002"]) || c.Evidence[0].Stance != claimline.Supports {
		t.Errorf("evidence %+v", c.Evidence)
	}
	if cits, _, _ := w.h.st.EntryEvidence(context.Background(), mustID(t, entryID)); len(cits) != 1 || cits[0].Quote != tray[2][1] {
		t.Errorf("citations %+v", cits)
	}

	// The same stance again is refused until "replace" is ticked.
	f = url.Values{"source": {tray[1][0]}, "quote": {tray[1][1]}, "target": {claimOpt}, "stance": {"mentions"}, "tray": {"bad/token"}}
	r = w.c.post("/clippings", f)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if d = r.doc(t); !strings.Contains(d.Find("#err-clip1").Text(), "already supports") || d.Find(`input[name="replace"][value="1"]`).Length() != 1 {
		t.Fatalf("a second stance: %q", d.Find("#err-clip1").Text())
	}
	f.Set("replace", "1")
	r = w.c.post("/clippings", f)
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/timelines/strikes" {
		t.Errorf("a token that is not one went into the address: %s", loc)
	}
	if c, _ = w.h.st.Claim(context.Background(), claim.ID); len(c.Evidence) != 1 || c.Evidence[0].Stance != claimline.Mentions {
		t.Errorf("the replaced stance: %+v", c.Evidence)
	}

	// A tray too long for an address is posted to the review.
	r = w.c.post("/clippings/review", q)
	wantStatus(t, r, http.StatusOK)
	if r.doc(t).Find("li.clipping").Length() != 4 {
		t.Error("the posted review lost clippings")
	}
	// Lists that do not line up are refused, not half read.
	wantStatus(t, w.c.post("/clippings", url.Values{"source": {w.ids["001"]}, "quote": {"x"}, "target": {entryOpt}}), http.StatusBadRequest)
	q.Add("source", w.ids["001"])
	wantStatus(t, w.c.get("/clippings?"+q.Encode()), http.StatusBadRequest)
}
