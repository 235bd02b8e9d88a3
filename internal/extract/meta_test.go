package extract

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSeedTitles: two seeds start with a headline line, which is their
// title; the other three start with body text and get their first sentence,
// cut at a word boundary, as a suggested title.
func TestSeedTitles(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "demo", "articles", "*.txt"))
	want := []struct {
		title     string
		suggested bool
	}{
		{"Russia has issued a stark warning to the West, asserting that allowing Ukraine to use long-range…", true},
		{"Putin Warns of War with U.S., NATO if Ukraine Gains Long-Range Missiles", false},
		{"Russian President Vladimir Putin has issued a stern warning, stating that if NATO permits Ukraine…", true},
		{"In a chilling escalation, Russian President Vladimir Putin has vowed a fierce response if Ukraine…", true},
		{"NATO-Russia Conflict Escalates as Putin Warns of War Over Ukraine's Long-Range Missile Use", false},
	}
	for i, f := range files {
		b, _ := os.ReadFile(f)
		d, err := Text(filepath.Base(f), b)
		if err != nil {
			t.Fatal(err)
		}
		if d.Title != want[i].title || d.TitleSuggested != want[i].suggested {
			t.Errorf("%s: title %q (suggested %v), want %q (%v)", filepath.Base(f), d.Title, d.TitleSuggested, want[i].title, want[i].suggested)
		}
	}
}

func TestTitleOf(t *testing.T) {
	tests := []struct{ text, title string }{
		{"Short line.\nBody", "Short line"},
		{"Mr. Smith went to the U.S. capital. He stayed.", "Mr. Smith went to the U.S. capital"},
		{"Is it war? Officials disagree.\n", "Is it war?"},
	}
	for _, tt := range tests {
		if got, suggested := TitleOf(tt.text); got != tt.title || !suggested {
			t.Errorf("TitleOf(%q) = %q, %v; want %q, suggested", tt.text, got, suggested, tt.title)
		}
	}
}

// TestHTMLMetadata: a page's own metadata gives its published date at the
// precision written, through the readability library (Open Graph,
// JSON-LD) or, failing that, the first <time datetime> element.
func TestHTMLMetadata(t *testing.T) {
	body := `<article><h1>Putin warns NATO</h1><p>Russian President Vladimir Putin said on Thursday that allowing Ukraine to strike deep into Russia with Western long-range missiles would mean NATO countries are at war with Russia, in remarks to reporters in St Petersburg.</p>
<p>US Secretary of State Antony Blinken said the United States would adjust and adapt its support as the battlefield changes, speaking in Kyiv alongside the British foreign secretary on Wednesday.</p></article>`
	tests := []struct{ name, head, body, published, author, outlet string }{
		{"open graph", `<meta property="og:site_name" content="Example News"><meta property="article:published_time" content="2024-09-12T21:40:00-04:00"><meta name="author" content="Jane Doe">`,
			body, "2024-09-12T21:40", "Jane Doe", "Example News"},
		{"json-ld", `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Putin warns NATO","datePublished":"2024-09-13","author":{"@type":"Person","name":"John Roe"},"publisher":{"@type":"Organization","name":"Wire"}}</script>`,
			body, "2024-09-13", "John Roe", ""},
		{"time element", ``, strings.Replace(body, "<h1>", `<p><time datetime="2024-09-12">12 Sep</time></p><h1>`, 1), "2024-09-12", "", ""},
		{"none", ``, body, "", "", ""},
	}
	u, _ := url.Parse("https://news.example/world/putin-warns")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<!doctype html><html><head><title>Putin warns NATO</title>` + tt.head + `</head><body>` + tt.body + `</body></html>`
			d, err := HTML("page.html", []byte(page), u)
			if err != nil {
				t.Fatal(err)
			}
			if d.Published != tt.published || d.Author != tt.author || (tt.outlet != "" && d.Outlet != tt.outlet) {
				t.Errorf("published %q author %q outlet %q; want %q %q %q", d.Published, d.Author, d.Outlet, tt.published, tt.author, tt.outlet)
			}
		})
	}
}
