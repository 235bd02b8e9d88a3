package textdiff

import (
	"strings"
	"testing"
)

func TestDiffIsWordLevelAndRebuildsBothTexts(t *testing.T) {
	old := "The minister said on Monday that the bridge would reopen in May."
	new := "The minister said on Tuesday that the bridge would reopen in June, officials added."
	parts := Diff(old, new)
	var a, b strings.Builder
	var ins, del []string
	for _, p := range parts {
		if p.Op != Insert {
			if old[p.OldStart:p.OldStart+len(p.Text)] != p.Text {
				t.Errorf("part %q not at its offset %d in the old text", p.Text, p.OldStart)
			}
			a.WriteString(p.Text)
		}
		if p.Op != Delete {
			b.WriteString(p.Text)
		}
		switch p.Op {
		case Insert:
			ins = append(ins, p.Text)
		case Delete:
			del = append(del, p.Text)
		}
	}
	if a.String() != old || b.String() != new {
		t.Fatalf("diff does not rebuild the texts:\n%q\n%q", a.String(), b.String())
	}
	if got := strings.Join(del, "|"); got != "Monday|May." {
		t.Errorf("deleted %q, want whole words Monday|May.", got)
	}
	if got := strings.Join(ins, "|"); got != "Tuesday|June, officials added." {
		t.Errorf("inserted %q", got)
	}
}

func TestDiffManyDistinctWords(t *testing.T) {
	// More distinct words than the surrogate gap: token mapping must survive it.
	var sb strings.Builder
	for i := 0; i < 60000; i++ {
		sb.WriteString("w")
		sb.WriteString(strings.Repeat("x", i%7))
		sb.WriteString(string(rune('a' + i%26)))
		sb.WriteString(itoa(i))
		sb.WriteString(" ")
	}
	old := sb.String()
	new := old + "tail"
	parts := Diff(old, new)
	if len(parts) != 2 || parts[0].Op != Equal || parts[1].Text != "tail" {
		t.Fatalf("got %d parts", len(parts))
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func TestClassify(t *testing.T) {
	old := "The council voted 5-4.\nThe mayor said \"we will appeal\"."
	for _, c := range []struct {
		name, new string
		kind      Kind
		note      string
	}{
		{"silent", "The council voted 5-4.", Silent, ""},
		{"correction", "The council voted 6-3.\nCorrection: An earlier count gave the vote as 5-4.", Correction, "Correction: An earlier count gave the vote as 5-4."},
		{"earlier version", "The council voted 6-3. An earlier version of this article misstated the vote.", Correction, "An earlier version of this article misstated the vote."},
		{"updated", "The council voted 6-3.\nThis article has been updated with the final count.", Correction, "This article has been updated with the final count."},
		{"update", "Update: the mayor withdrew the appeal.\nThe council voted 5-4.", Correction, "Update: the mayor withdrew the appeal."},
	} {
		kind, note := Classify(old, c.new)
		if kind != c.kind || note != c.note {
			t.Errorf("%s: got %s %q, want %s %q", c.name, kind, note, c.kind, c.note)
		}
	}
	// A note already there before is not a new one.
	withNote := "Correction: the vote was 6-3.\nText."
	if kind, _ := Classify(withNote, withNote+" More text."); kind != Silent {
		t.Errorf("an old note counted as added")
	}
}
