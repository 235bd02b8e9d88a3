package exchange

import (
	"encoding/json"
	"html"
	"io"
	"strings"

	"claimline/internal/claimline"
)

// TimelineJS types: the JSON that Knight Lab's TimelineJS reads.
type tjsDoc struct {
	Title  *tjsSlide  `json:"title,omitempty"`
	Events []tjsSlide `json:"events"`
}

type tjsSlide struct {
	StartDate   *tjsDate `json:"start_date,omitempty"`
	EndDate     *tjsDate `json:"end_date,omitempty"`
	Text        tjsText  `json:"text"`
	Group       string   `json:"group,omitempty"`
	DisplayDate string   `json:"display_date,omitempty"`
	UniqueID    string   `json:"unique_id,omitempty"`
}

type tjsDate struct {
	Year        int    `json:"year"`
	Month       int    `json:"month,omitempty"`
	Day         int    `json:"day,omitempty"`
	Hour        *int   `json:"hour,omitempty"`
	Minute      *int   `json:"minute,omitempty"`
	Second      *int   `json:"second,omitempty"`
	DisplayDate string `json:"display_date,omitempty"`
}

type tjsText struct {
	Headline string `json:"headline"`
	Text     string `json:"text,omitempty"`
}

func tjsDateOf(d claimline.Date) *tjsDate {
	if d.IsZero() {
		return nil
	}
	out := &tjsDate{Year: d.Year, Month: d.Month, Day: d.Day}
	if d.Precision >= claimline.PrecisionMinute {
		h, m := d.Hour, d.Minute
		out.Hour, out.Minute = &h, &m
	}
	if d.Precision == claimline.PrecisionSecond {
		sec := d.Second
		out.Second = &sec
	}
	return out
}

// htmlText turns plain text into the HTML TimelineJS renders: escaped, one
// paragraph per blank-line-separated block. Nothing a user typed can become
// markup in the published timeline.
func htmlText(s string) string {
	var b strings.Builder
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(p), "\n", "<br>") + "</p>")
		}
	}
	return b.String()
}

// TimelineJS collects a timeline's entries into TimelineJS JSON. Entries come
// through Add; Write writes the document. (TimelineJS reads one document, so
// the events are held until then; each is small.)
type TimelineJS struct {
	doc tjsDoc
}

// NewTimelineJS starts a TimelineJS document for t.
func NewTimelineJS(t claimline.Timeline) *TimelineJS {
	return &TimelineJS{doc: tjsDoc{Title: &tjsSlide{Text: tjsText{Headline: html.EscapeString(t.Title), Text: htmlText(t.Description)}},
		Events: []tjsSlide{}}}
}

// Add adds one entry as an event: grouped by its kind, with its approximate
// date shown as written ("c. Oct 2023").
func (t *TimelineJS) Add(e claimline.ExportedEntry) {
	ev := tjsSlide{StartDate: tjsDateOf(e.Date), EndDate: tjsDateOf(e.EndDate), Group: e.Kind.Label(),
		UniqueID: "entry-" + itoa(e.ID), Text: tjsText{Headline: html.EscapeString(e.Title), Text: htmlText(e.Description)}}
	if e.Approximate {
		ev.DisplayDate = e.DisplayDate()
	}
	if len(e.Actors) > 0 {
		ev.Text.Text += "<p>" + html.EscapeString(strings.Join(e.ActorNames(), ", ")) + "</p>"
	}
	for _, c := range e.ClaimRefs {
		ev.Text.Text += "<p>" + html.EscapeString(string(c.Status)+": "+c.Text) + "</p>"
	}
	t.doc.Events = append(t.doc.Events, ev)
}

// Write writes the document as indented JSON.
func (t *TimelineJS) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(t.doc)
}
