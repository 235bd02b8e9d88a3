package extract

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTextSeedFiles(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "demo", "articles", "*.txt"))
	if len(files) != 5 {
		t.Fatalf("seed files: %v", files)
	}
	b, _ := os.ReadFile(files[1])
	d, err := Text("001.txt", b)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Putin Warns of War with U.S., NATO if Ukraine Gains Long-Range Missiles" || d.Text != string(b) {
		t.Errorf("title %q; text kept as captured: %v", d.Title, d.Text == string(b))
	}
}

func TestTextCleansAndRefuses(t *testing.T) {
	d, err := Text("a.md", []byte("\ufeff\r\n# Heading one\r\nbody\r\n"))
	if err != nil || d.Title != "Heading one" || d.Text != "# Heading one\nbody" {
		t.Errorf("got %+v, %v", d, err)
	}
	for name, b := range map[string][]byte{"bin.txt": {0x89, 'P', 'N', 'G', 0, 1}, "nul.txt": []byte("a\x00b"), "empty.txt": []byte(" \n\t")} {
		if _, err := Text(name, b); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: err %v, want a refusal naming the file", name, err)
		}
	}
}

func TestHTMLExtractsReadableText(t *testing.T) {
	page := `<!doctype html><html><head><title>Putin warns NATO</title><meta property="og:site_name" content="Example News">
<script>alert(1)</script><style>p{}</style></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Putin warns NATO</h1><p class="byline">By A. Reporter</p>
<p>Russian President Vladimir Putin said on Thursday that allowing Ukraine to strike deep into Russia with Western long-range missiles would mean NATO countries are at war with Russia.</p>
<p>“This will mean that NATO countries – the United States and European countries – are at war with Russia,” Putin said. The remarks came as officials in Washington and London weighed lifting restrictions.</p>
<p>US Secretary of State Antony Blinken said the United States would adjust and adapt its support as the battlefield changes, speaking in Kyiv alongside the British foreign secretary.</p></article>
<footer>Comments</footer></body></html>`
	u, _ := url.Parse("https://news.example/world/putin-warns")
	d, err := HTML("page.html", []byte(page), u)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Putin warns NATO" || d.Outlet != "Example News" {
		t.Errorf("title %q outlet %q", d.Title, d.Outlet)
	}
	if !strings.Contains(d.Text, "NATO countries – the United States and European countries – are at war") {
		t.Errorf("text lacks the quote:\n%s", d.Text)
	}
	for _, junk := range []string{"alert(1)", "<p>", "p{}"} {
		if strings.Contains(d.Text, junk) {
			t.Errorf("text keeps %q", junk)
		}
	}
}

func TestFileChoosesByName(t *testing.T) {
	html := []byte(`<html><head><title>T</title></head><body><article><p>` + strings.Repeat("Readable words about the restrictions on long-range strikes. ", 8) + `</p></article></body></html>`)
	doc, orig, typ, err := File("page.HTML", html, nil)
	if err != nil || typ != "text/html" || string(orig) != string(html) || strings.Contains(doc.Text, "<p>") {
		t.Errorf("html: %q %q %v", typ, doc.Text, err)
	}
	doc, orig, typ, err = File("notes.txt", []byte("# Notes\nbody"), nil)
	if err != nil || typ != "" || orig != nil || doc.Title != "Notes" || doc.Text != "# Notes\nbody" {
		t.Errorf("text: %+v %v", doc, err)
	}
	if _, _, _, err := File("scan.pdf", []byte("%PDF"), nil); err == nil || !strings.Contains(err.Error(), "scan.pdf") {
		t.Errorf("pdf: %v", err)
	}
	u, _ := url.Parse("https://example.com/feed")
	if _, _, _, err := File("page.txt", []byte("fetched plain text"), u); err != nil {
		t.Errorf("fetched text: %v", err)
	}
}

func TestBylineGivesAuthorAndDate(t *testing.T) {
	article := `<article><h1>NTSB: door plug left the factory without its bolts</h1>%s
<p>The National Transportation Safety Board said in a preliminary report that four bolts meant to hold the door plug of the Alaska Airlines jet in place were missing when it left the factory.</p>
<p>The report said the plug had been opened for rivet repairs and put back without the bolts, and that investigators were still looking for the records of that work.</p></article>`
	for _, c := range []struct{ head, byline, author, outlet, published string }{
		{``, `<div class="byline">By Jon Hemmerdinger, 14 March 2024</div>`, "Jon Hemmerdinger", "", "2024-03-14"},
		{``, `<p class="byline">By Ana Reporter | Updated February 6, 2024</p>`, "Ana Reporter", "", "2024-02-06"},
		// A date in the page's metadata wins over the byline's.
		{`<meta property="article:published_time" content="2024-02-07T09:00:00Z">`, `<div class="byline">By Jon Hemmerdinger, 14 March 2024</div>`, "Jon Hemmerdinger", "", "2024-02-07T09:00"},
		// A newsroom named as the author is the outlet.
		{`<meta name="author" content="ABC News">`, ``, "", "ABC News", ""},
		{`<meta name="author" content="Example News"><meta property="og:site_name" content="Example News">`, ``, "", "Example News", ""},
		// A person whose name holds a newsroom's word is no newsroom.
		{`<meta name="author" content="Eyal Press">`, ``, "Eyal Press", "", ""},
		{`<meta name="author" content="Reuters">`, ``, "", "Reuters", ""},
		// A name with a comma and no date keeps its comma.
		{`<meta name="author" content="Smith, Jane">`, ``, "Smith, Jane", "", ""},
	} {
		page := `<html><head><title>NTSB: door plug left the factory without its bolts</title>` + c.head + `</head><body>` + fmt.Sprintf(article, c.byline) + `</body></html>`
		d, err := HTML("p.html", []byte(page), nil)
		if err != nil {
			t.Fatal(err)
		}
		if d.Author != c.author || d.Outlet != c.outlet || d.Published != c.published {
			t.Errorf("%s%s: author %q outlet %q published %q, want %q %q %q", c.head, c.byline, d.Author, d.Outlet, d.Published, c.author, c.outlet, c.published)
		}
	}
}
