package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

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
	}
	// A passage that is not in its source never reaches the tray.
	r := w.c.post("/clippings/add", form("source", w.ids["003"], "quote", "Putin never said a word about NATO"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	// Clipped one by one, as the reader's button does; typed loosely, kept
	// as the source has it.
	for _, c := range tray {
		wantStatus(t, w.c.post("/clippings/add", form("source", c[0], "quote", strings.ReplaceAll(c[1], " – ", " - "))), http.StatusSeeOther)
	}
	r = w.c.get("/clippings")
	wantStatus(t, r, http.StatusOK)
	d := r.doc(t)
	rows := d.Find("li.clipping")
	if rows.Length() != 3 || rows.Eq(2).Find(`legend a[href="/sources/`+w.ids["001"]+`"]`).Length() != 1 || rows.Eq(1).Find("blockquote").Text() != tray[1][1] {
		t.Fatalf("the tray shows %d rows, or not their sources or passages", rows.Length())
	}
	clips := rows.Find(`input[name="clip"]`).Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("value", "") })
	// Another tab's session of the same user sees the same tray; another
	// user has their own.
	if n := w.h.signedIn(w.ed).get("/clippings").doc(t).Find("li.clipping").Length(); n != 3 {
		t.Errorf("the user's other session sees %d clippings", n)
	}
	if n := w.h.signedIn(w.h.user("olga", claimline.RoleEditor)).get("/clippings").doc(t).Find("li.clipping").Length(); n != 0 {
		t.Errorf("another user sees %d clippings", n)
	}
	claimOpt, entryOpt := "claim:"+strconv.FormatInt(claim.ID, 10), "entry:"+entryID
	if rows.Eq(0).Find(`option[value="`+claimOpt+`"]`).Length() != 1 || rows.Eq(0).Find(`option[value="`+entryOpt+`"]`).Length() != 1 {
		t.Fatal("the claim and the entry are not offered")
	}
	// Each row's stance is preselected (supports); no target is.
	if rows.Find(`select[name="stance"] option[value="supports"][selected]`).Length() != 3 {
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
	if r := w.c.get("/clippings?timeline=another").doc(t); r.Find(`option[value="`+claimOpt+`"]`).Length() != 0 {
		t.Error("another timeline's choices include this one's claim")
	}

	// Save: one left out, a stance on the claim, a citation on the entry.
	f := url.Values{"clip": clips, "target": {"drop", claimOpt, entryOpt}, "stance": {"supports", "supports", "supports"}}
	// Something clipped meanwhile in another tab is not part of this save.
	wantStatus(t, w.c.post("/clippings/add", form("source", w.ids["001"], "quote", "February 2022")), http.StatusSeeOther)
	r = w.c.post("/clippings", f)
	wantStatus(t, r, http.StatusSeeOther)
	d = w.c.get(r.Header.Get("Location")).doc(t)
	if !strings.Contains(d.Find(".flash").Text(), "1 citation and 1 stance") {
		t.Errorf("the page after the save: flash %q", d.Find(".flash").Text())
	}
	if got := d.Find("#clippings-link").Text(); got != "Clippings (1)" {
		t.Errorf("the tray's link after the save: %q, want the passage clipped meanwhile alone", got)
	}
	c, _ := w.h.st.Claim(context.Background(), claim.ID)
	if len(c.Evidence) != 1 || c.Evidence[0].SourceID != mustID(t, w.ids["002"]) || c.Evidence[0].Stance != claimline.Supports {
		t.Errorf("evidence %+v", c.Evidence)
	}
	if cits, _, _ := w.h.st.EntryEvidence(context.Background(), mustID(t, entryID)); len(cits) != 1 || cits[0].Quote != tray[2][1] {
		t.Errorf("citations %+v", cits)
	}
	rows = w.c.get("/clippings").doc(t).Find("li.clipping")
	if rows.Length() != 1 || rows.Find("blockquote").Text() != "February 2022" {
		t.Fatalf("left on the tray: %d rows", rows.Length())
	}

	// The same stance again is refused, the form coming back whole, until
	// "replace" is ticked.
	wantStatus(t, w.c.post("/clippings/add", form("source", tray[1][0], "quote", tray[1][1])), http.StatusSeeOther)
	rows = w.c.get("/clippings").doc(t).Find("li.clipping")
	clips = rows.Find(`input[name="clip"]`).Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("value", "") })
	f = url.Values{"clip": clips, "target": {entryOpt, claimOpt}, "stance": {"supports", "mentions"}}
	r = w.c.post("/clippings", f)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if d = r.doc(t); !strings.Contains(d.Find("#err-clip2").Text(), "already supports") || d.Find(`input[name="replace"][value="2"]`).Length() != 1 {
		t.Fatalf("a second stance: %q", d.Find("#err-clip2").Text())
	}
	if d.Find("#err-clip1").Length() != 0 || d.Find(`li#clip-1 option[value="`+entryOpt+`"][selected]`).Length() != 1 ||
		d.Find(`li#clip-2 select[name="stance"] option[value="mentions"][selected]`).Length() != 1 {
		t.Error("the refused tray lost the choices made, or marked the good row")
	}
	if cits, _, _ := w.h.st.EntryEvidence(context.Background(), mustID(t, entryID)); len(cits) != 1 {
		t.Fatal("a refused tray saved a citation")
	}
	f.Set("replace", "2")
	wantStatus(t, w.c.post("/clippings", f), http.StatusSeeOther)
	if c, _ = w.h.st.Claim(context.Background(), claim.ID); len(c.Evidence) != 1 || c.Evidence[0].Stance != claimline.Mentions {
		t.Errorf("the replaced stance: %+v", c.Evidence)
	}
	if n := w.c.get("/clippings").doc(t).Find("li.clipping").Length(); n != 0 {
		t.Errorf("%d clippings left after saving them all", n)
	}
	// Lists that do not line up are refused, not half read.
	wantStatus(t, w.c.post("/clippings", url.Values{"clip": {"1", "2"}, "target": {entryOpt}, "stance": {"supports"}}), http.StatusBadRequest)
	// A clipping is removed alone.
	wantStatus(t, w.c.post("/clippings/add", form("source", tray[0][0], "quote", tray[0][1])), http.StatusSeeOther)
	id := w.c.get("/clippings").doc(t).Find(`input[name="clip"]`).AttrOr("value", "")
	wantStatus(t, w.c.post("/clippings/"+id+"/remove", nil), http.StatusSeeOther)
	if n := w.c.get("/clippings").doc(t).Find("li.clipping").Length(); n != 0 {
		t.Errorf("%d clippings after removing the one", n)
	}
}
