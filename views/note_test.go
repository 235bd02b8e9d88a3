package views

import (
	"strings"
	"testing"
)

func TestNoteSegments(t *testing.T) {
	got := NoteSegments(`see https://example.org/x?a=1&b=2. or javascript:alert(1) <a href="http://x"> mail ana@example.org, ping @bo.`)
	var links, mentions []string
	text := ""
	for _, s := range got {
		switch {
		case s.URL != "":
			links = append(links, string(s.URL))
		case s.Mention:
			mentions = append(mentions, s.Text)
		default:
			text += s.Text
		}
	}
	// Markup stays text; an http address inside it is still only a link.
	if len(links) != 2 || links[0] != "https://example.org/x?a=1&b=2" || links[1] != "http://x" {
		t.Errorf("links %q: want the http(s) addresses, without the full stop", links)
	}
	if len(mentions) != 1 || mentions[0] != "@bo" {
		t.Errorf("mentions %q, want @bo", mentions)
	}
	for _, want := range []string{"javascript:alert(1)", `<a href="`, `">`, "ana@example.org"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q is not kept as text in %q", want, text)
		}
	}
}
