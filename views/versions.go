package views

import (
	"fmt"
	"net/url"

	"claimline/internal/claimline"
)

// UpdateForm is the reader's "new version" form: a pasted text or a file.
type UpdateForm struct {
	Text   string
	Errors Errors
}

// DiffPart is one run of a word-level diff: Kind is "same", "ins" or "del".
// Anchor is set on the change nearest a passage the page was opened for.
type DiffPart struct {
	Kind   string
	Text   string
	Anchor string
}

// DiffView compares two versions of a source.
type DiffView struct {
	Source   claimline.Source
	Versions []claimline.Version
	From, To claimline.Version
	Parts    []DiffPart
	Changes  int // runs inserted or deleted
}

// VersionView shows one version's text.
type VersionView struct {
	Source  claimline.Source
	Version claimline.Version
}

// SideBySideView shows two sources that share text next to each other.
type SideBySideView struct {
	A, B claimline.Source
	Copy claimline.Copy // B as seen from A
}

// WarningHref links a quote's warning to its place in the diff between the
// version quoted and the first version without it.
func WarningHref(sourceID int64, span claimline.Span, q claimline.QuoteCheck) string {
	v := url.Values{}
	v.Set("from", fmt.Sprint(q.Version))
	v.Set("to", fmt.Sprint(q.ChangedIn))
	v.Set("at", fmt.Sprint(span.Start))
	return "/sources/" + ID(sourceID) + "/diff?" + v.Encode() + "#change"
}

// Day formats the date of a version for warnings.
func Day(q claimline.QuoteCheck) string {
	if q.ChangedAt.IsZero() {
		return ""
	}
	return q.ChangedAt.UTC().Format("2 Jan 2006")
}

// ChangesOf returns the evidence changes of one entry.
func ChangesOf(all []claimline.EvidenceChange, entryID int64) []claimline.EvidenceChange {
	var out []claimline.EvidenceChange
	for _, c := range all {
		if c.EntryID == entryID {
			out = append(out, c)
		}
	}
	return out
}

// Percent formats a share (0 to 1) as a whole percentage.
func Percent(c claimline.Copy) string { return fmt.Sprintf("%d %%", c.Percent()) }
