package views_test

import (
	"strings"
	"testing"

	"claimline/internal/claimline"
	"claimline/views"
)

// A passage of three sentences at byte 100 of its source, "NATO" marked in
// the second.
func evidencePassage() claimline.SuggestedPassage {
	text := "One more. NATO grew today. The end."
	return claimline.SuggestedPassage{Start: 100, End: 100 + len(text), Text: text,
		Marked:    claimline.Snippet{{Text: "One more. "}, {Text: "NATO", Mark: true}, {Text: " grew today. The end."}},
		Sentences: []claimline.Span{{Start: 100, End: 109}, {Start: 110, End: 126}, {Start: 127, End: 135}},
		From:      1, To: 2}
}

func TestEvidenceParts(t *testing.T) {
	p := evidencePassage()
	for _, tc := range []struct {
		from, to              int
		before, evidence, end string
	}{
		{1, 2, "One more. ", "[NATO] grew today.", " The end."},
		{0, 2, "", "One more. [NATO] grew today.", " The end."},
		{1, 3, "One more. ", "[NATO] grew today. The end.", ""},
	} {
		q, ok := p.WithEvidence(tc.from, tc.to)
		if !ok {
			t.Fatalf("sentences %d–%d refused", tc.from, tc.to)
		}
		b, e, a := views.EvidenceParts(q)
		if show(b) != tc.before || show(e) != tc.evidence || show(a) != tc.end {
			t.Errorf("sentences %d–%d: %q %q %q", tc.from, tc.to, show(b), show(e), show(a))
		}
		if q.EvidenceText() != q.Text[q.Sentences[tc.from].Start-100:q.Sentences[tc.to-1].End-100] {
			t.Errorf("sentences %d–%d: evidence text %q", tc.from, tc.to, q.EvidenceText())
		}
	}
	for _, bad := range [][2]int{{2, 1}, {-1, 1}, {0, 4}, {1, 1}} {
		if _, ok := p.WithEvidence(bad[0], bad[1]); ok {
			t.Errorf("sentences %d–%d accepted", bad[0], bad[1])
		}
	}
}

// show writes a snippet with its marks in brackets.
func show(s claimline.Snippet) string {
	out := ""
	for _, p := range s {
		if p.Mark {
			out += "[" + p.Text + "]"
		} else {
			out += p.Text
		}
	}
	return out
}

func TestEvidenceChoicesAndParameter(t *testing.T) {
	p := evidencePassage()
	var labels []string
	for _, c := range views.EvidenceChoices(7, 3, p) {
		labels = append(labels, c.Label)
		e, ok := views.ParseEvidence(c.URL[len("/claims/7?evidence=") : len(c.URL)-len("#suggestion-3-100")])
		if !ok || e.SourceID != 3 || e.Start != 100 {
			t.Errorf("%s: %q does not name the passage", c.Label, c.URL)
		}
	}
	want := "Add the sentence before|Add the sentence after|Whole paragraph"
	if got := strings.Join(labels, "|"); got != want {
		t.Errorf("choices %q, want %q", got, want)
	}
	// A parameter that names no span of the passage's sentences changes nothing.
	for param, want := range map[string]string{"3-100-0-3": "One more. NATO grew today. The end.", "3-100-0-9": "NATO grew today.", "3-99-0-3": "NATO grew today.",
		"3-100-0-3x": "NATO grew today.", "3-100-0": "NATO grew today."} {
		s := []claimline.Suggestion{{SourceID: 3, Passages: []claimline.SuggestedPassage{p}}}
		if e, ok := views.ParseEvidence(param); ok {
			views.ApplyEvidence(s, e)
		}
		if got := s[0].Passages[0].EvidenceText(); got != want {
			t.Errorf("evidence=%s: %q, want %q", param, got, want)
		}
	}
}
