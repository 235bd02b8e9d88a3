package server_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"claimline/internal/claimline"
)

// A note is plain text: markup and javascript: addresses stay text; only
// http(s) addresses become links.
func TestNoteIsPlainTextWithSafeLinks(t *testing.T) {
	f := newFixture(t)
	v := f.as("viewer")
	path := "/entries/" + strconv.FormatInt(f.entryID, 10)
	text := "<script>alert(1)</script> see javascript:alert(2) and <a href=\"javascript:alert(3)\">x</a>, also https://example.org/a?b=1&c=2."
	wantStatus(t, v.post(path+"/notes", form("text", text)), http.StatusSeeOther)
	r := v.get(path)
	wantStatus(t, r, http.StatusOK)
	note := r.doc(t).Find("#discussion li.note").Last()
	if note.Find("script").Length() != 0 || strings.Contains(r.body, "<script>alert(1)") {
		t.Error("a note's markup was rendered as HTML")
	}
	if !strings.Contains(note.Find(".note-text").Text(), "<script>alert(1)</script>") {
		t.Errorf("the note's text is not shown as typed: %q", note.Find(".note-text").Text())
	}
	links := note.Find(".note-text a")
	if links.Length() != 1 || links.AttrOr("href", "") != "https://example.org/a?b=1&c=2" {
		html, _ := note.Find(".note-text").Html()
		t.Errorf("links in the note: %d, first %q; want only the https one:\n%s", links.Length(), links.AttrOr("href", ""), html)
	}
	if r.doc(t).Find(`a[href^="javascript"]`).Length() != 0 {
		t.Error("a javascript: address became a link")
	}
}

// @mentions are parsed when the note is saved: the mentioned user sees an
// unread count in the header and the note in their mentions until they
// mark them read. Editing a note is its author's and is in the history;
// an admin may delete it.
func TestMentionsUnreadEditAndDelete(t *testing.T) {
	f := newFixture(t)
	v, ed, admin := f.as("viewer"), f.as("editor"), f.as("admin")
	claim := "/claims/" + strconv.FormatInt(f.claimID, 10)
	unread := func(c *client) string {
		return strings.TrimSpace(c.get("/").doc(t).Find("header .mentions .count").First().Text())
	}
	if got := unread(ed); got != "" {
		t.Fatalf("unread count before any mention: %q", got)
	}
	wantStatus(t, v.post(claim+"/notes", form("text", "Is this really a dispute, @editor-user? Also @nobody and @EDITOR-user.")), http.StatusSeeOther)
	wantStatus(t, v.post("/entries/"+strconv.FormatInt(f.entryID, 10)+"/notes", form("text", "cc @editor-user.")), http.StatusSeeOther)
	if got := unread(ed); got != "2" {
		t.Errorf("editor's unread count %q, want 2", got)
	}
	if got := unread(admin); got != "" {
		t.Errorf("admin, not mentioned, sees an unread count %q", got)
	}
	page := ed.get("/mentions")
	wantStatus(t, page, http.StatusOK)
	if n := page.doc(t).Find("li.note[data-unread]").Length(); n != 2 {
		t.Errorf("%d unread mentions listed, want 2", n)
	}
	wantStatus(t, ed.post("/mentions/read", nil), http.StatusSeeOther)
	if got := unread(ed); got != "" {
		t.Errorf("after marking read the count is %q", got)
	}
	if n := ed.get("/mentions").doc(t).Find("li.note").Length(); n != 2 {
		t.Errorf("read mentions listed: %d, want 2", n)
	}

	notes, err := f.st.ClaimNotes(t.Context(), f.claimID)
	if err != nil || len(notes) != 1 {
		t.Fatalf("claim notes: %v, %v", notes, err)
	}
	n := notes[0]
	notePath := "/notes/" + strconv.FormatInt(n.ID, 10)
	wantStatus(t, ed.get(notePath+"/edit"), http.StatusForbidden)
	edit := formValues(t, v.get(notePath+"/edit").doc(t), `form[action="`+notePath+`"]`)
	edit.Set("text", "Is this really a dispute? Asking @admin-user.")
	wantStatus(t, v.post(notePath, edit), http.StatusSeeOther)
	if got := unread(admin); got != "1" {
		t.Errorf("admin mentioned by the edit: unread %q, want 1", got)
	}
	if got := unread(ed); got != "" {
		t.Errorf("editor no longer mentioned still has unread %q", got)
	}
	changes, err := f.st.Changes(t.Context(), claimline.ChangeFilter{ObjectType: "note", ObjectID: n.ID})
	if err != nil || len(changes) != 1 || changes[0].Action != claimline.ActionUpdate || !strings.Contains(changes[0].After, "@admin-user") {
		t.Errorf("history of the edit: %+v, %v", changes, err)
	}
	r := v.get(claim)
	if !strings.Contains(r.doc(t).Find("#note-"+strconv.FormatInt(n.ID, 10)).Text(), "edited") {
		t.Error("the edited note is not marked edited")
	}
	wantStatus(t, ed.post(notePath+"/delete", nil), http.StatusForbidden)
	wantStatus(t, admin.post(notePath+"/delete", nil), http.StatusSeeOther)
	if _, err := f.st.Note(t.Context(), n.ID); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("the note deleted by an admin is still there: %v", err)
	}
}

// The timeline page shows how many notes each entry and claim has.
func TestTimelineShowsNoteCounts(t *testing.T) {
	f := newFixture(t) // the entry has one note, the viewer's
	v := f.as("viewer")
	wantStatus(t, v.post("/claims/"+strconv.FormatInt(f.claimID, 10)+"/notes", form("text", "First")), http.StatusSeeOther)
	wantStatus(t, v.post("/claims/"+strconv.FormatInt(f.claimID, 10)+"/notes", form("text", "Second")), http.StatusSeeOther)
	doc := v.get("/timelines/" + f.slug).doc(t)
	entry := doc.Find("#entry-" + strconv.FormatInt(f.entryID, 10))
	counts := entry.Find(".note-count")
	if counts.Length() != 2 || strings.TrimSpace(counts.Eq(0).Text()) != "2 notes" || strings.TrimSpace(counts.Eq(1).Text()) != "1 note" {
		t.Errorf("note counts on the timeline: %q", counts.Text())
	}
}
