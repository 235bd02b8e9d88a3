package app

import (
	"context"

	"claimline/internal/claimline"
)

// Notes is the use cases of the team's discussion: notes on entries and
// claims, and the mentions of team members in them. Who may change or
// delete a note (its author; an admin may delete) is checked here, in the
// engine's transaction: EFORBIDDEN otherwise.
type Notes struct{ st noteStore }

// OfEntry returns the discussion of an entry (not of its claims), oldest
// first.
func (n *Notes) OfEntry(ctx context.Context, entryID int64) ([]claimline.Note, error) {
	return n.st.EntryNotes(ctx, entryID)
}

// OfClaim returns the notes on a claim, oldest first.
func (n *Notes) OfClaim(ctx context.Context, claimID int64) ([]claimline.Note, error) {
	return n.st.ClaimNotes(ctx, claimID)
}

// Get returns one note.
func (n *Notes) Get(ctx context.Context, id int64) (*claimline.Note, error) {
	return n.st.Note(ctx, id)
}

// Add adds a note to an entry or (with claimID) a claim, as the user in
// ctx; the @names in it become mentions.
func (n *Notes) Add(ctx context.Context, entryID, claimID int64, in claimline.NoteInput) (*claimline.Note, error) {
	return n.st.AddNote(ctx, entryID, claimID, in)
}

// Update changes a note read at revision rev.
func (n *Notes) Update(ctx context.Context, id, rev int64, in claimline.NoteInput) (*claimline.Note, error) {
	return n.st.UpdateNote(ctx, id, rev, in)
}

// Delete deletes a note and returns it as it was.
func (n *Notes) Delete(ctx context.Context, id int64) (*claimline.Note, error) {
	return n.st.DeleteNote(ctx, id)
}

// Mentions returns the notes that mention a user, newest first, at most
// 200.
func (n *Notes) Mentions(ctx context.Context, userID int64) ([]claimline.Mention, error) {
	return n.st.Mentions(ctx, userID)
}

// MarkMentionsRead marks every mention of a user read.
func (n *Notes) MarkMentionsRead(ctx context.Context, userID int64) error {
	return n.st.MarkMentionsRead(ctx, userID)
}
