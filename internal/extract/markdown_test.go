package extract

import (
	"strings"
	"testing"
)

// clipped is an article as a web clipper saves it: YAML front matter, then
// the article in Markdown with the page's links, images and leftovers.
const clipped = `---
title: "Putin says long-range strikes would put NATO at war with Russia"
source: "https://news.example/world/2024/09/12/putin-nato-war"
author:
  - "[[Anna Reporter]]"
  - "[[Ben Writer]]"
site: Example News
published: 2024-09-12T18:40:00+03:00
created: 2024-09-13
tags:
  - "clippings"
---
# Putin says long-range strikes would put NATO at war with Russia

![Vladimir Putin at a meeting in St Petersburg](https://img.example/putin.jpg)

Russian President **Vladimir Putin** said on *Thursday* that letting Ukraine
strike deep into Russia with [Western long-range missiles](https://news.example/atacms)
would mean that NATO countries are "at war with Russia".

> “This will mean that NATO countries – the United States and European
> countries – are at war with Russia,” Putin told a state TV reporter.

<div class="ad">Advertisement</div>

## What the allies said

- US Secretary of State Antony Blinken said Washington would *adjust and adapt*.
- UK officials said no decision had been taken.
  1. First nested point
  2. Second nested point
- Kyiv asked again.

| Country | Position |
|---|---|
| United States | restrictions in place |
| United Kingdom | under review |

Costs rose 5\*2 times &amp; more<br>in ` + "`2023`" + `.

---

Read more at <https://news.example/more>.
`

func TestMarkdownBecomesReadableText(t *testing.T) {
	d, err := Markdown("putin.md", []byte(clipped))
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Putin says long-range strikes would put NATO at war with Russia" || d.TitleSuggested {
		t.Errorf("title %q (suggested %v)", d.Title, d.TitleSuggested)
	}
	if d.Author != "Anna Reporter, Ben Writer" || d.Outlet != "Example News" || d.Published != "2024-09-12T18:40" ||
		d.URL != "https://news.example/world/2024/09/12/putin-nato-war" {
		t.Errorf("metadata: author %q outlet %q published %q url %q", d.Author, d.Outlet, d.Published, d.URL)
	}
	for _, want := range []string{
		"Putin says long-range strikes would put NATO at war with Russia\n\nVladimir Putin at a meeting in St Petersburg\n\n",
		`Russian President Vladimir Putin said on Thursday that letting Ukraine strike deep into Russia with Western long-range missiles would mean that NATO countries are "at war with Russia".`,
		"“This will mean that NATO countries – the United States and European countries – are at war with Russia,” Putin told a state TV reporter.",
		"What the allies said\n\n• US Secretary of State Antony Blinken said Washington would adjust and adapt.\n• UK officials said no decision had been taken.\n1. First nested point\n2. Second nested point\n• Kyiv asked again.",
		"Country | Position\nUnited States | restrictions in place\nUnited Kingdom | under review",
		"Costs rose 5*2 times & more\nin 2023.",
		"Read more at https://news.example/more.",
	} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, d.Text)
		}
	}
	for _, markup := range []string{"#", "**", "](", "![", "<div", "Advertisement", "> ", "---", "title:", "&amp;", "`", "\\*"} {
		if strings.Contains(d.Text, markup) {
			t.Errorf("text keeps %q:\n%s", markup, d.Text)
		}
	}
}

func TestMarkdownWithoutFrontMatter(t *testing.T) {
	d, err := Markdown("note.md", []byte("\ufeff# Heading one\r\n\r\nA body that *says* something.\r\n"))
	if err != nil || d.Title != "Heading one" || d.Text != "Heading one\n\nA body that says something." || d.URL != "" {
		t.Errorf("got %+v, %v", d, err)
	}
	// A front matter address that is not a web address is not the source's.
	d, err = Markdown("odd.md", []byte("---\nsource: javascript:alert(1)\nurl: notes/local.md\n---\nText.\n"))
	if err != nil || d.URL != "" || d.Text != "Text." {
		t.Errorf("got %+v, %v", d, err)
	}
	for name, b := range map[string]string{"empty.md": "---\ntitle: Only metadata\n---\n", "markup.md": "<div>\n</div>\n\n---\n", "nul.md": "a\x00b"} {
		if _, err := Markdown(name, []byte(b)); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: err %v, want a refusal naming the file", name, err)
		}
	}
}

// A text that opens with a rule is no front matter: its paragraphs are
// all kept. Empty front matter is front matter.
func TestMarkdownRulesAreNotFrontMatter(t *testing.T) {
	for name, c := range map[string]struct{ src, want string }{
		"a rule first":     {"---\nA lone rule starts this note.\n\nMiddle part.\n\n---\n\nLast part.\n", "A lone rule starts this note.\n\nMiddle part.\n\nLast part."},
		"empty metadata":   {"---\n---\nFirst paragraph.\n\nSecond.\n\n---\n\nThird.\n", "First paragraph.\n\nSecond.\n\nThird."},
		"a key and a rule": {"---\ntitle: Clip\n---\nBody one.\n\n---\n\nBody two.\n", "Body one.\n\nBody two."},
	} {
		d, err := Markdown(name+".md", []byte(c.src))
		if err != nil || d.Text != c.want {
			t.Errorf("%s: text %q (%v), want %q", name, d.Text, err, c.want)
		}
	}
}

// Code keeps its characters, in a list item too.
func TestMarkdownKeepsCode(t *testing.T) {
	src := "- item\n\n  ```\n  code in item\n  ```\n- next\n\nThe flag `a\\*b &amp; c` is literal.\n"
	d, err := Markdown("code.md", []byte(src))
	if err != nil || !strings.Contains(d.Text, "code in item") || !strings.Contains(d.Text, "• next") || !strings.Contains(d.Text, "The flag a\\*b &amp; c is literal.") {
		t.Errorf("text %q (%v)", d.Text, err)
	}
}

func TestFileKeepsMarkdownAsTheOriginal(t *testing.T) {
	doc, original, typ, err := File("Clip.MD", []byte(clipped), nil)
	if err != nil || typ != "text/markdown" || string(original) != clipped || strings.Contains(doc.Text, "**") {
		t.Errorf("type %q, original kept %v, err %v", typ, string(original) == clipped, err)
	}
}
