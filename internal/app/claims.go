package app

import (
	"context"

	"claimline/internal/claimline"
)

// Claims is the use cases of the evidence: claims, the stance each source
// takes on them, the citations entries rest on, and the passages suggested
// as evidence. A quote must occur in its source's text: one that does not
// is an EINVALID error on "quote" naming the closest passage.
type Claims struct{ st claimStore }

// Get returns a claim with its stances and status.
func (c *Claims) Get(ctx context.Context, id int64) (*claimline.Claim, error) {
	return c.st.Claim(ctx, id)
}

// All returns every claim, by timeline and date, for choosing one.
func (c *Claims) All(ctx context.Context) ([]claimline.Claim, error) {
	return c.st.AllClaims(ctx)
}

// By returns the claims an actor made (as their claimant), across
// timelines, in date order.
func (c *Claims) By(ctx context.Context, actorID int64) ([]claimline.Claim, error) {
	return c.st.ClaimsBy(ctx, actorID)
}

// Create adds a claim to an entry.
func (c *Claims) Create(ctx context.Context, entryID int64, in claimline.ClaimInput) (*claimline.Claim, error) {
	return c.st.CreateClaim(ctx, entryID, in)
}

// CreateWithStance adds a claim to an entry together with one source's
// stance on it: both or neither.
func (c *Claims) CreateWithStance(ctx context.Context, entryID int64, in claimline.ClaimInput, a claimline.AssessmentInput) (*claimline.Claim, error) {
	return c.st.CreateClaimWithAssessment(ctx, entryID, in, a)
}

// Update changes a claim read at revision rev.
func (c *Claims) Update(ctx context.Context, id, rev int64, in claimline.ClaimInput) (*claimline.Claim, error) {
	return c.st.UpdateClaim(ctx, id, rev, in)
}

// Delete deletes a claim read at revision rev, with its stances.
func (c *Claims) Delete(ctx context.Context, id, rev int64) error {
	return c.st.DeleteClaim(ctx, id, rev)
}

// SetStance records (or replaces) one source's stance on a claim.
func (c *Claims) SetStance(ctx context.Context, claimID int64, in claimline.AssessmentInput) (*claimline.Assessment, error) {
	return c.st.SetAssessment(ctx, claimID, in)
}

// DeleteStance deletes a stance and returns the id of its claim.
func (c *Claims) DeleteStance(ctx context.Context, id int64) (int64, error) {
	return c.st.DeleteAssessment(ctx, id)
}

// CheckStance says what SetStance would refuse in a stance, saving
// nothing: asking whether to replace a stance with one that cannot be
// saved would only lead to the refusal.
func (c *Claims) CheckStance(ctx context.Context, in claimline.AssessmentInput) error {
	return c.st.CheckAssessment(ctx, in)
}

// StanceOf returns a source's stance on a claim; ENOTFOUND when it has
// none.
func (c *Claims) StanceOf(ctx context.Context, claimID, sourceID int64) (*claimline.Assessment, error) {
	return c.st.StanceOf(ctx, claimID, sourceID)
}

// Cite makes an entry rest on a source, with an optional quoted passage.
func (c *Claims) Cite(ctx context.Context, entryID, sourceID int64, quote string) (*claimline.Citation, error) {
	return c.st.AddCitation(ctx, entryID, sourceID, quote)
}

// DeleteCitation deletes a citation and returns the id of its entry.
func (c *Claims) DeleteCitation(ctx context.Context, id int64) (int64, error) {
	return c.st.DeleteCitation(ctx, id)
}

// OfEntry returns an entry's citations and its claims with their stances.
func (c *Claims) OfEntry(ctx context.Context, entryID int64) ([]claimline.Citation, []claimline.Claim, error) {
	return c.st.EntryEvidence(ctx, entryID)
}

// Matrix returns a timeline's claims and the sources that take a stance on
// any of them: the cross-source view.
func (c *Claims) Matrix(ctx context.Context, timelineID int64) ([]claimline.Claim, []claimline.Source, error) {
	return c.st.Matrix(ctx, timelineID)
}

// Suggestions returns the passages of the library most likely to support
// or dispute a claim, best first.
func (c *Claims) Suggestions(ctx context.Context, claimID int64) ([]claimline.Suggestion, error) {
	return c.st.SuggestEvidence(ctx, claimID)
}

// DismissSuggestion stops suggesting a passage for a claim.
func (c *Claims) DismissSuggestion(ctx context.Context, claimID, sourceID int64, start, end int) error {
	return c.st.DismissSuggestion(ctx, claimID, sourceID, start, end)
}
