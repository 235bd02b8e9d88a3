package app

import (
	"context"

	"claimline/internal/claimline"
)

// History is who changed what and when, and who has what open for editing.
type History struct{ st historyStore }

// Changes returns the changes f selects, newest first.
func (h *History) Changes(ctx context.Context, f claimline.ChangeFilter) ([]claimline.Change, error) {
	return h.st.Changes(ctx, f)
}

// Users returns the names of everyone who has changed anything, for the
// history's filter.
func (h *History) Users(ctx context.Context) ([]string, error) {
	return h.st.ChangeUsers(ctx)
}

// Names returns what people call claims ("claim") or entries ("entry"),
// by id; a deleted one is named as history recorded it, and ids found
// nowhere are left out.
func (h *History) Names(ctx context.Context, objectType string, ids []int64) (map[int64]string, error) {
	return h.st.ObjectNames(ctx, objectType, ids)
}

// OpenForm records that the user in ctx opened an object's edit form and
// returns the others who did so lately.
func (h *History) OpenForm(ctx context.Context, objectType string, id int64) ([]claimline.Presence, error) {
	return h.st.OpenForm(ctx, objectType, id)
}
