package exchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"claimline/internal/claimline"
)

// Timesketch (timesketch.org) exchanges events as CSV or JSON lines with the
// fields message, datetime and timestamp_desc, any number of extra fields,
// and often timestamp (microseconds since 1970, the same instant as
// datetime) and tag.
//
// As a timeline: message is the title; datetime the date, at the precision
// it carries; timestamp_desc and tag become tags; every other non-empty
// field becomes a "name: value" line of the description. The kind is
// "other".

// isTimesketch reports whether a header is a Timesketch one: it has message
// and datetime, and not the title column of claimline's own CSV.
func isTimesketch(header []string) bool {
	has := map[string]bool{}
	for _, h := range header {
		has[headerKey(h)] = true
	}
	return has["message"] && has["datetime"] && !has["title"]
}

// tsRole says what a Timesketch field becomes.
func tsRole(name string) string {
	switch headerKey(name) {
	case "message":
		return "title"
	case "datetime":
		return "date"
	case "timestampdesc", "tag", "tags":
		return "tags"
	case "timestamp":
		return "not imported (the same instant as datetime)"
	}
	return "description, as “" + name + ": value”"
}

// timesketchReader reads the rows of a Timesketch CSV.
type timesketchReader struct {
	p      *claimline.ImportPreview
	header []string
}

func newTimesketch(p *claimline.ImportPreview, header []string) *timesketchReader {
	for _, h := range header {
		label := strings.TrimSpace(h)
		p.Mapping = append(p.Mapping, claimline.ColumnMapping{From: label, To: tsRole(label)})
		if headerKey(label) == "timestamp" {
			p.Ignored = append(p.Ignored, label)
		}
	}
	return &timesketchReader{p: p, header: header}
}

func (t *timesketchReader) row(row int, rec []string, order claimline.DateOrder) {
	fields := make([]tsField, len(rec))
	for i, v := range rec {
		fields[i] = tsField{name: strings.TrimSpace(t.header[i]), value: Unescape(v)}
	}
	tsRow(t.p, row, fields, order)
}

// tsField is one named value of a Timesketch event.
type tsField struct {
	name, value string
	list        []string // for a JSON array
}

// tsRow turns one event into a row of p.
func tsRow(p *claimline.ImportPreview, row int, fields []tsField, order claimline.DateOrder) {
	where := map[string]string{} // entry field → the event field it came from
	rb := rowBuilder{p: p, row: row, column: func(f string) string { return where[f] }}
	rb.r.Input.Kind = string(claimline.KindOther)
	var date string
	var desc []string
	for _, f := range fields {
		v := strings.TrimSpace(f.value)
		switch tsRole(f.name) {
		case "title":
			where["title"], rb.r.Input.Title = f.name, v
			if len([]rune(v)) > claimline.MaxTitle {
				rb.r.Input.Title = string([]rune(v)[:claimline.MaxTitle-1]) + "…"
				desc = append([]string{v}, desc...)
			}
		case "date":
			where["date"], date = f.name, v
		case "tags": // the description of the time first, then the tags
			where["tags"] = f.name
			if headerKey(f.name) == "timestampdesc" {
				rb.r.Input.Tags = append(tsTags(f), rb.r.Input.Tags...)
			} else {
				rb.r.Input.Tags = append(rb.r.Input.Tags, tsTags(f)...)
			}
		case "description, as “" + f.name + ": value”":
			if v != "" {
				desc = append(desc, f.name+": "+v)
			}
		}
	}
	if where["date"] == "" {
		where["date"] = "datetime"
	}
	if where["title"] == "" {
		where["title"] = "message"
	}
	rb.r.Input.Description = strings.Join(desc, "\n")
	rb.dates(date, "", "", "", order)
	rb.finish(func(f string) bool { return f == "title" || f == "date" || f == "tags" })
}

// tsTags reads tags from a JSON array, or from a cell such as "a, b",
// "a; b" or "['a', 'b']" (the way Python writes a list).
func tsTags(f tsField) []string {
	if f.list != nil {
		return f.list
	}
	s := strings.TrimSpace(f.value)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	var out []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if t = strings.Trim(strings.TrimSpace(t), `'"`); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// IsJSONLines reports whether b holds JSON lines (one object per line)
// rather than one JSON document: its first line is a complete object.
func IsJSONLines(b []byte) bool {
	b = bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\ufeff")), " \t\r\n")
	first, _, _ := bytes.Cut(b, []byte("\n"))
	var obj map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimSpace(first), &obj) != nil {
		return false
	}
	_, isExport := obj["format"]
	return !isExport
}

// ReadTimesketch reads Timesketch JSON lines: one event object per line,
// mapped as the Timesketch CSV is. Problems name the line. The error is for
// I/O only.
func ReadTimesketch(r io.Reader, order claimline.DateOrder) (*claimline.ImportPreview, error) {
	p := &claimline.ImportPreview{Format: "Timesketch JSONL"}
	b, ok, err := readText(r, p)
	if err != nil || !ok {
		return p, err
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, MaxImportSize+1)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		fields, err := tsObject(text)
		if err != nil {
			p.Problems = append(p.Problems, claimline.ImportProblem{Row: line, Message: "not a JSON object: " + err.Error()})
			continue
		}
		for _, f := range fields {
			if !seen[f.name] {
				seen[f.name] = true
				p.Mapping = append(p.Mapping, claimline.ColumnMapping{From: f.name, To: tsRole(f.name)})
				if headerKey(f.name) == "timestamp" {
					p.Ignored = append(p.Ignored, f.name)
				}
			}
		}
		tsRow(p, line, fields, order)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, need := range []string{"message", "datetime"} {
		if !seen[need] && len(p.Problems) == 0 {
			p.Problems = append(p.Problems, claimline.ImportProblem{Message: fmt.Sprintf("no event has a “%s” field", need)})
		}
	}
	finish(p)
	return p, nil
}

// tsObject decodes one event into fields, sorted by name so that the
// description reads the same whatever the order in the file.
func tsObject(text string) ([]tsField, error) {
	var obj map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(obj))
	for k := range obj {
		names = append(names, k)
	}
	sort.Strings(names)
	fields := make([]tsField, 0, len(names))
	for _, k := range names {
		f := tsField{name: k}
		raw := obj[k]
		var s string
		var list []string
		var num json.Number
		switch {
		case json.Unmarshal(raw, &s) == nil:
			f.value = s
		case json.Unmarshal(raw, &list) == nil:
			f.list, f.value = list, strings.Join(list, ", ")
			if f.list == nil {
				f.list = []string{}
			}
		case json.Unmarshal(raw, &num) == nil:
			f.value = num.String()
		case string(raw) == "null":
		default:
			var buf bytes.Buffer
			if json.Compact(&buf, raw) == nil {
				f.value = buf.String()
			}
		}
		if b, err := strconv.ParseBool(string(raw)); err == nil {
			f.value = strconv.FormatBool(b)
		}
		fields = append(fields, f)
	}
	return fields, nil
}

// Detect names the kind of an import file by its content: "json" (a
// claimline export), "jsonl" (Timesketch JSON lines) or "csv".
func Detect(b []byte) string {
	switch {
	case !IsJSON(b):
		return "csv"
	case IsJSONLines(b):
		return "jsonl"
	}
	return "json"
}

// ReadEntries reads a file of entries for import, of whatever kind Detect
// finds: a timeline or Timesketch CSV, or Timesketch JSON lines. (A
// claimline JSON export is read with ReadJSON.)
func ReadEntries(b []byte, order claimline.DateOrder) (*claimline.ImportPreview, error) {
	if Detect(b) == "jsonl" {
		return ReadTimesketch(bytes.NewReader(b), order)
	}
	return ReadCSV(bytes.NewReader(b), order)
}
