package claimline_test

import (
	"testing"

	"claimline/internal/claimline"
)

// A kind is read as users write it, from any door: its code or its label,
// in any case; the message of a wrong one names labels that are accepted.
func TestEntryKindsAsUsersWriteThem(t *testing.T) {
	for in, want := range map[string]claimline.Kind{
		"policy_move": claimline.KindPolicyMove, "Policy move": claimline.KindPolicyMove, " POLICY MOVE ": claimline.KindPolicyMove,
		"Statement": claimline.KindStatement, "report": claimline.KindReport,
	} {
		e, err := claimline.EntryInput{Date: "2024", Kind: in, Title: "T"}.Parse()
		if err != nil || e.Kind != want {
			t.Errorf("%q: %q, %v", in, e.Kind, err)
		}
	}
	_, err := claimline.EntryInput{Date: "2024", Kind: "speech", Title: "T"}.Parse()
	msg := claimline.FieldErrors(err)["kind"]
	for _, k := range claimline.Kinds {
		if _, ok := claimline.ParseKind(k.Label()); !ok || msg == "" {
			t.Errorf("the label %q the message offers is refused (%q)", k.Label(), msg)
		}
	}
}

func TestRoleWithArticle(t *testing.T) {
	for r, want := range map[claimline.Role]string{claimline.RoleEditor: "an editor", claimline.RoleViewer: "a viewer", claimline.RoleAdmin: "an admin"} {
		if got := r.WithArticle(); got != want {
			t.Errorf("%s: %q", r, got)
		}
	}
	if got := claimline.Plural(1, "problem", "problems"); got != "1 problem" {
		t.Errorf("Plural(1) = %q", got)
	}
}
