package claimline

import "testing"

func TestQuotationMarksEachEndOnce(t *testing.T) {
	for _, c := range []struct{ passage, want string }{
		{"restrictions remain in effect", "“restrictions remain in effect”"},
		// Selections that begin or end inside a quotation of the source.
		{"bring stability to the financial system.”", "“bring stability to the financial system.”"},
		{"“We are not going to discuss it, Peskov said", "“We are not going to discuss it, Peskov said”"},
		{`the system," he said`, `“the system," he said”`},
		// A quotation inside the passage is nested, not doubled.
		{"it would mean “NATO countries are at war with Russia”", "“it would mean “NATO countries are at war with Russia””"},
		// A whole quotation is shown as it is.
		{"“A whole quotation.”", "“A whole quotation.”"},
		{`"Straight marks."`, `"Straight marks."`},
		{"«Nous verrons»", "«Nous verrons»"},
		// An apostrophe is not a quotation mark.
		{"the banks’", "“the banks’”"},
		{`"`, `“"”`},
	} {
		if got := InQuotes(c.passage); got != c.want {
			t.Errorf("InQuotes(%q) = %q, want %q", c.passage, got, c.want)
		}
	}
}

// A stance that is none of the three is named as the problem; the quote's
// message is not built around it ("the source that agrees the claim").
func TestUnknownStanceIsTheOnlyProblem(t *testing.T) {
	in := AssessmentInput{SourceID: 1, Stance: "agrees"}
	fields := FieldErrors(in.Validate())
	if fields["stance"] == "" || fields["quote"] != "" {
		t.Errorf("fields %v, want the stance named and no quote message", fields)
	}
	in = AssessmentInput{SourceID: 1, Stance: "disputes"}
	if got := FieldErrors(in.Validate())["quote"]; got != "Quote the passage of the source that disputes the claim." {
		t.Errorf("quote message %q", got)
	}
}
