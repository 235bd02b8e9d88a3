package exchange

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"claimline/internal/claimline"
)

// Format and Version identify a claimline JSON export.
const (
	Format  = "claimline"
	Version = 1
)

// Document is a full export of one timeline: its entries with their
// citations, claims and assessments, and the sources they use with their
// stored text. Sources are referred to by the SHA-256 of their text.
type Document struct {
	Format   string       `json:"format"`
	Version  int          `json:"version"`
	Timeline TimelineJSON `json:"timeline"`
	Entries  []EntryJSON  `json:"entries"`
	Sources  []SourceJSON `json:"sources"`
}

// TimelineJSON is a timeline in the full export.
type TimelineJSON struct {
	Slug        string `json:"slug"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

// EntryJSON is an entry in the full export.
type EntryJSON struct {
	Date        string         `json:"date"`
	EndDate     string         `json:"end_date,omitempty"`
	Approximate bool           `json:"approximate"`
	Kind        string         `json:"kind"`
	Title       string         `json:"title"`
	Description string         `json:"description,omitempty"`
	Actors      []string       `json:"actors"`
	Tags        []string       `json:"tags"`
	Citations   []CitationJSON `json:"citations"`
	Claims      []ClaimJSON    `json:"claims"`
	Notes       []NoteJSON     `json:"notes,omitempty"`
}

// NoteJSON is a discussion note in the full export. Times are RFC 3339.
type NoteJSON struct {
	Author  string `json:"author"`
	Text    string `json:"text"`
	Created string `json:"created_at"`
	Updated string `json:"updated_at,omitempty"`
}

func notesJSON(ns []claimline.Note) []NoteJSON {
	var out []NoteJSON
	for _, n := range ns {
		j := NoteJSON{Author: n.Author, Text: n.Text, Created: n.Created.UTC().Format(time.RFC3339)}
		if n.Updated.After(n.Created) {
			j.Updated = n.Updated.UTC().Format(time.RFC3339)
		}
		out = append(out, j)
	}
	return out
}

func readNotes(ns []NoteJSON) ([]claimline.Note, error) {
	var out []claimline.Note
	for _, n := range ns {
		created, err := time.Parse(time.RFC3339, n.Created)
		if err != nil {
			return nil, fmt.Errorf("note by %s: bad created_at", n.Author)
		}
		updated := created
		if n.Updated != "" {
			if updated, err = time.Parse(time.RFC3339, n.Updated); err != nil {
				return nil, fmt.Errorf("note by %s: bad updated_at", n.Author)
			}
		}
		out = append(out, claimline.Note{Author: n.Author, Text: n.Text, Created: created, Updated: updated})
	}
	return out, nil
}

// CitationJSON is a citation in the full export.
type CitationJSON struct {
	Source string `json:"source"` // SHA-256 of the source's text
	Quote  string `json:"quote,omitempty"`
}

// ClaimJSON is a claim in the full export.
type ClaimJSON struct {
	Text        string           `json:"text"`
	Claimant    string           `json:"claimant,omitempty"`
	Assessments []AssessmentJSON `json:"assessments"`
	Notes       []NoteJSON       `json:"notes,omitempty"`
}

// AssessmentJSON is an assessment in the full export.
type AssessmentJSON struct {
	Source string `json:"source"`
	Stance string `json:"stance"`
	Quote  string `json:"quote,omitempty"`
	Note   string `json:"note,omitempty"`
}

// SourceJSON is a source in the full export, with its text as stored.
type SourceJSON struct {
	SHA256    string `json:"sha256"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet,omitempty"`
	Author    string `json:"author,omitempty"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
	Retrieved string `json:"retrieved_at"`
	Grade     string `json:"grade,omitempty"`
	Notes     string `json:"notes,omitempty"`
	Text      string `json:"text"`
	// CopyGroup is the SHA-256 of the first source of its copy group (the
	// sources sharing most of their own text), absent when independent.
	CopyGroup string `json:"copy_group,omitempty"`
	// Versions are every text the source has had, oldest first, when it
	// has had more than one; Text is the last.
	Versions []VersionJSON `json:"versions,omitempty"`
}

// VersionJSON is one version of a source in the full export.
type VersionJSON struct {
	Number    int    `json:"number"`
	SHA256    string `json:"sha256"`
	Retrieved string `json:"retrieved_at"`
	Change    string `json:"change,omitempty"` // "silent" or "correction"
	Note      string `json:"note,omitempty"`   // the correction note added
	Text      string `json:"text"`
}

// JSONWriter streams a Document: the timeline, then entries one at a time,
// then sources, so that memory does not grow with the timeline.
type JSONWriter struct {
	w       *bufio.Writer
	entries int
	sources int
	inSrc   bool // the sources array has begun
}

// NewJSONWriter starts a document for timeline t on w.
func NewJSONWriter(w io.Writer, t claimline.Timeline) (*JSONWriter, error) {
	jw := &JSONWriter{w: bufio.NewWriter(w)}
	head, err := json.Marshal(TimelineJSON{Slug: t.Slug, Title: t.Title, Description: t.Description})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(jw.w, "{\n\"format\": %q,\n\"version\": %d,\n\"timeline\": %s,\n\"entries\": [", Format, Version, head)
	return jw, nil
}

func (jw *JSONWriter) item(count *int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if *count > 0 {
		jw.w.WriteString(",")
	}
	jw.w.WriteString("\n")
	jw.w.Write(b)
	*count++
	return nil
}

// Entry writes one entry with what rests on it.
func (jw *JSONWriter) Entry(b claimline.Bundle) error {
	e := b.Entry
	out := EntryJSON{Date: e.Date.ISO(), EndDate: e.EndDate.ISO(), Approximate: e.Approximate, Kind: string(e.Kind), Title: e.Title,
		Description: e.Description, Actors: nonNil(e.ActorNames()), Tags: nonNil(e.Tags), Citations: []CitationJSON{}, Claims: []ClaimJSON{}}
	for _, c := range b.Citations {
		out.Citations = append(out.Citations, CitationJSON{Source: c.SourceSHA, Quote: c.Quote})
	}
	for _, c := range b.Claims {
		cj := ClaimJSON{Text: c.Text, Claimant: c.Claimant.Name, Assessments: []AssessmentJSON{}, Notes: notesJSON(c.Discussion)}
		for _, a := range c.Evidence {
			cj.Assessments = append(cj.Assessments, AssessmentJSON{Source: a.Source.SHA256, Stance: string(a.Stance), Quote: a.Quote, Note: a.Note})
		}
		out.Claims = append(out.Claims, cj)
	}
	out.Notes = notesJSON(b.Notes)
	return jw.item(&jw.entries, out)
}

// Source writes one source with its text.
func (jw *JSONWriter) Source(s claimline.Source) error {
	jw.startSources()
	sj := SourceJSON{SHA256: s.SHA256, Title: s.Title, Outlet: s.Outlet, Author: s.Author, URL: s.URL,
		Published: s.Published.ISO(), Retrieved: s.Retrieved.UTC().Format(time.RFC3339), Grade: string(s.Grade), Notes: s.Notes, Text: s.Text,
		CopyGroup: s.GroupSHA}
	for _, v := range s.Versions {
		sj.Versions = append(sj.Versions, VersionJSON{Number: v.Number, SHA256: v.SHA256, Retrieved: v.Retrieved.UTC().Format(time.RFC3339),
			Change: v.Kind, Note: v.Note, Text: v.Text})
	}
	return jw.item(&jw.sources, sj)
}

func (jw *JSONWriter) startSources() {
	if !jw.inSrc {
		jw.w.WriteString("\n],\n\"sources\": [")
		jw.inSrc = true
	}
}

// Close ends the document and flushes it.
func (jw *JSONWriter) Close() error {
	jw.startSources()
	jw.w.WriteString("\n]\n}\n")
	return jw.w.Flush()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// IsJSON reports whether a file looks like JSON (its first non-space
// character is "{"), as opposed to CSV.
func IsJSON(b []byte) bool {
	s := strings.TrimLeft(strings.TrimPrefix(string(b[:min(len(b), 1024)]), "\ufeff"), " \t\r\n")
	return strings.HasPrefix(s, "{")
}

// ReadJSON decodes a full export and turns it into the timeline, sources and
// bundles to import. Unknown fields, a wrong format or version, and sources
// whose text does not match their SHA-256 are errors.
func ReadJSON(r io.Reader) (claimline.TimelineInput, []claimline.Source, []claimline.Bundle, error) {
	var doc Document
	dec := json.NewDecoder(io.LimitReader(r, 200<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return claimline.TimelineInput{}, nil, nil, claimline.Errorf(claimline.EINVALID, "This is not a claimline JSON export: %v.", err)
	}
	if doc.Format != Format || doc.Version != Version {
		return claimline.TimelineInput{}, nil, nil, claimline.Errorf(claimline.EINVALID, "This is not a claimline JSON export (format %q, version %d).", doc.Format, doc.Version)
	}
	t := claimline.TimelineInput{Slug: doc.Timeline.Slug, Title: doc.Timeline.Title, Description: doc.Timeline.Description}
	var sources []claimline.Source
	for i, s := range doc.Sources {
		published, _, err := claimline.ParseDate(s.Published)
		if s.Published == "" {
			err = nil
		}
		retrieved, rerr := time.Parse(time.RFC3339, s.Retrieved)
		if err != nil || (s.Retrieved != "" && rerr != nil) {
			return t, nil, nil, claimline.Errorf(claimline.EINVALID, "Source %d (%s): bad published or retrieved_at date.", i+1, s.Title)
		}
		src := claimline.Source{SHA256: s.SHA256, Title: s.Title, Outlet: s.Outlet, Author: s.Author, URL: s.URL,
			Published: published, Retrieved: retrieved, Grade: claimline.Grade(s.Grade), Notes: s.Notes, Text: s.Text}
		if src.Versions, err = readVersions(s); err != nil {
			return t, nil, nil, claimline.Errorf(claimline.EINVALID, "Source %d (%s): %s", i+1, s.Title, claimline.ErrorMessage(err))
		}
		sources = append(sources, src)
	}
	var bundles []claimline.Bundle
	for i, e := range doc.Entries {
		date, err1 := claimline.ParseISODate(e.Date)
		end, err2 := claimline.ParseISODate(e.EndDate)
		if err1 != nil || err2 != nil || date.IsZero() {
			return t, nil, nil, claimline.Errorf(claimline.EINVALID, "Entry %d (%s): dates must be ISO dates such as 2024-09 or 2024-09-12.", i+1, e.Title)
		}
		b := claimline.Bundle{Entry: claimline.Entry{Date: date, EndDate: end, Approximate: e.Approximate, Kind: claimline.Kind(e.Kind),
			Title: e.Title, Description: e.Description, Tags: e.Tags}}
		for _, a := range e.Actors {
			b.Entry.Actors = append(b.Entry.Actors, claimline.Actor{Name: a})
		}
		for _, c := range e.Citations {
			b.Citations = append(b.Citations, claimline.Citation{SourceSHA: c.Source, Quote: c.Quote})
		}
		var err error
		if b.Notes, err = readNotes(e.Notes); err != nil {
			return t, nil, nil, claimline.Errorf(claimline.EINVALID, "Entry %d (%s): %v.", i+1, e.Title, err)
		}
		for _, c := range e.Claims {
			cl := claimline.Claim{Text: c.Text, Claimant: claimline.Actor{Name: c.Claimant}}
			if cl.Discussion, err = readNotes(c.Notes); err != nil {
				return t, nil, nil, claimline.Errorf(claimline.EINVALID, "Entry %d (%s): %v.", i+1, e.Title, err)
			}
			for _, a := range c.Assessments {
				cl.Evidence = append(cl.Evidence, claimline.Assessment{Source: claimline.Source{SHA256: a.Source},
					Stance: claimline.Stance(a.Stance), Quote: a.Quote, Note: a.Note})
			}
			b.Claims = append(b.Claims, cl)
		}
		bundles = append(bundles, b)
	}
	return t, sources, bundles, nil
}

// readVersions reads a source's versions, oldest first, checking that
// they are numbered from 1 and that the last is the source's text. The
// store checks each text against its SHA-256.
func readVersions(s SourceJSON) ([]claimline.Version, error) {
	if len(s.Versions) == 0 {
		return nil, nil
	}
	out := make([]claimline.Version, len(s.Versions))
	for i, v := range s.Versions {
		retrieved, err := time.Parse(time.RFC3339, v.Retrieved)
		if v.Number != i+1 || err != nil {
			return nil, claimline.Errorf(claimline.EINVALID, "version %d: versions must be numbered from 1, each with its retrieved_at time.", i+1)
		}
		out[i] = claimline.Version{Number: v.Number, SHA256: v.SHA256, Retrieved: retrieved, Kind: v.Change, Note: v.Note, Text: v.Text}
	}
	if last := out[len(out)-1]; last.SHA256 != s.SHA256 || last.Text != s.Text {
		return nil, claimline.Errorf(claimline.EINVALID, "its last version is not its text.")
	}
	return out, nil
}
