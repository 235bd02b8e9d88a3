package server

import (
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/views"
)

// Every edit form (entries, claims, sources, timelines, users) works the
// same way:
//
//   - the form is served with openEdit: it carries the object's revision,
//     and says who else opened it lately (recorded now, never polled);
//   - the save reads formRevision and passes it to the store, which saves
//     only if the object is still at that revision;
//   - on a conflict, the form comes back (409) with the user's values, the
//     current revision and conflictEdit's side-by-side view of the fields
//     that differ; saving again keeps the user's values. Entry and claim
//     forms also carry the values they were opened with (EditState.Base):
//     mergeEdit then shows only the fields both sides changed, and the
//     form takes theirs where only they changed one.

// formRevision reads the revision an edit form was opened from. A form
// without one is refused rather than saved unchecked: it could overwrite a
// change no one has seen.
func formRevision(c echo.Context) (int64, error) {
	rev, err := strconv.ParseInt(c.FormValue("revision"), 10, 64)
	if err != nil || rev <= 0 {
		return 0, &claimline.Error{Code: claimline.EINVALID, Message: "This form is incomplete.",
			Fields: map[string]string{"": "This form does not say which version it was opened from; open it again from the page and redo the change."}}
	}
	return rev, nil
}

// deleteRevision reads the revision a delete confirmation was opened from;
// 0 (unchecked) without one.
func deleteRevision(c echo.Context) int64 {
	rev, _ := strconv.ParseInt(c.FormValue("revision"), 10, 64)
	return rev
}

// openEdit records that the signed-in user opened an object's edit form
// and returns the form's state: its revision and the others who opened the
// same form lately. Recording is best effort: a failure is logged, and the
// form is served all the same.
func (s *Server) openEdit(c echo.Context, objectType string, id, rev int64) views.EditState {
	others, err := s.history.OpenForm(c.Request().Context(), objectType, id)
	if err != nil {
		s.log.Warn("record form opening", "type", objectType, "id", id, "err", err)
	}
	return views.EditState{Revision: rev, Others: others, Now: s.now()}
}

// conflictEdit is the state of a form that comes back after a save over a
// newer revision: the current revision, so the next save is checked
// against what the user has now seen, and the fields where the user's
// values (yours) and the saved ones (theirs) differ.
func (s *Server) conflictEdit(c echo.Context, cf *claimline.Conflict, yours, theirs []claimline.FormField, discard, objectType string, id int64) views.EditState {
	st := s.openEdit(c, objectType, id, cf.Revision)
	st.Conflict = &views.ConflictView{By: cf.By, Fields: claimline.Diff(yours, theirs), Discard: discard}
	return st
}

// mergeEdit is conflictEdit for a form that carries its base (the values
// it was opened with): only the fields both sides changed are conflicts,
// and take is called with the name of each field only they changed, for
// the form to hold their value there before it comes back, so that saving
// it does not undo their change. The form's new base is theirs.
func (s *Server) mergeEdit(c echo.Context, cf *claimline.Conflict, yours, theirs []claimline.FormField, take func(name string), discard, objectType string, id int64) views.EditState {
	st := s.openEdit(c, objectType, id, cf.Revision)
	conflicts, theirsOnly := claimline.Merge(claimline.ParseBase(c.FormValue("base")), yours, theirs)
	st.Base = claimline.EncodeBase(theirs)
	st.Conflict = &views.ConflictView{By: cf.By, Fields: conflicts, Discard: discard}
	for _, f := range yours {
		if slices.Contains(theirsOnly, f.Name) {
			take(f.Name)
			st.Conflict.Kept = append(st.Conflict.Kept, f.Label)
		}
	}
	return st
}

// deleteConflict is a delete confirmation asked again: the object changed
// since the page was opened.
func deleteConflict(d views.ConfirmDelete, cf *claimline.Conflict) views.ConfirmDelete {
	d.Revision = cf.Revision
	d.Conflict = &views.ConflictView{By: cf.By, Discard: d.Cancel, Deleting: true}
	return d
}
