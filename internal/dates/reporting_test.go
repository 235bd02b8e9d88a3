package dates

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"claimline/internal/claimline"
)

// reportingDir holds the test sets from real reporting: one folder a
// story, one file a report, annotated by reading (see its README).
const reportingDir = "../../testdata/reporting/dates"

// notADate is the value of words annotated as not being a date.
const notADate = "not a date"

type report struct {
	file, url string
	published claimline.Date
	text      string
	gold      []annotated
}

// annotated is one expression of a report, located in its text.
type annotated struct {
	start, end int
	text       string
	value      string // notADate, "2024-09-25", "2024-W39", "a/b", "ambiguous a | b"
}

func (a annotated) isDate() bool { return a.value != notADate }

// readReport parses one annotated report and locates its expressions.
func readReport(path string) (report, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return report{}, err
	}
	r := report{file: path}
	head, rest, ok := strings.Cut(string(b), "\n\n")
	if !ok {
		return r, fmt.Errorf("%s: no blank line after the header", path)
	}
	for _, line := range strings.Split(head, "\n") {
		k, v, _ := strings.Cut(line, ": ")
		switch k {
		case "url":
			r.url = v
		case "published":
			if r.published, err = claimline.ParseISODate(v); err != nil {
				return r, fmt.Errorf("%s: published: %w", path, err)
			}
		}
	}
	text, ann, ok := strings.Cut(rest, "\n== dates\n")
	if !ok {
		return r, fmt.Errorf("%s: no “== dates” line", path)
	}
	r.text = strings.TrimRight(text, "\n")
	from := 0
	sc := bufio.NewScanner(strings.NewReader(ann))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		expr, value, ok := strings.Cut(line, " = ")
		if !ok {
			return r, fmt.Errorf("%s: annotation %d: no “ = ”", path, n)
		}
		at := wholeWord(r.text, expr, from)
		if at < 0 {
			return r, fmt.Errorf("%s: annotation %d: %q not found after byte %d", path, n, expr, from)
		}
		r.gold = append(r.gold, annotated{start: at, end: at + len(expr), text: expr, value: value})
		from = at + len(expr)
	}
	return r, nil
}

// wholeWord returns the first index at or after from where w occurs as
// whole words in s, or -1.
func wholeWord(s, w string, from int) int {
	for i := from; i <= len(s); {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return -1
		}
		a, b := i+j, i+j+len(w)
		before, _ := utf8.DecodeLastRuneInString(s[:a])
		after, _ := utf8.DecodeRuneInString(s[b:])
		if (a == 0 || !wordRune(before)) && (b == len(s) || !wordRune(after)) {
			return a
		}
		i = a + 1
	}
	return -1
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// markValue renders a mark in the form of the annotated value it is
// compared with: a week, a span of days, an ambiguous pair or one date.
func markValue(m claimline.DateMention, gold string) string {
	switch {
	case m.Ambiguous():
		return "ambiguous " + m.Readings[0].ISO() + " | " + m.Readings[1].ISO()
	case !m.Resolved:
		return "unresolved"
	case strings.Contains(gold, "-W") && !m.EndDate.IsZero():
		return m.DateTime()
	case !m.EndDate.IsZero():
		return m.Date.ISO() + "/" + m.EndDate.ISO()
	}
	return m.Date.ISO()
}

// score is the outcome on a set of reports.
type score struct {
	dates, found, marks, right int
	problems                   []string
}

func (s *score) add(o score) {
	s.dates += o.dates
	s.found += o.found
	s.marks += o.marks
	s.right += o.right
	s.problems = append(s.problems, o.problems...)
}

func (s score) recall() float64    { return ratio(s.found, s.dates) }
func (s score) precision() float64 { return ratio(s.right, s.marks) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// scoreReport runs Find on a report and compares its marks with the
// annotations.
func scoreReport(r report) score {
	var s score
	marks := Find(r.text, r.published)
	found := make([]bool, len(r.gold))
	s.marks = len(marks)
	name := filepath.Base(filepath.Dir(r.file)) + "/" + filepath.Base(r.file)
	for _, m := range marks {
		ok := false
		var near []string
		for i, g := range r.gold {
			if m.Start >= g.end || g.start >= m.End {
				continue
			}
			v := markValue(m, g.value)
			if g.isDate() && v == g.value {
				ok, found[i] = true, true
			} else {
				near = append(near, fmt.Sprintf("%q = %s", g.text, g.value))
			}
		}
		if ok {
			s.right++
			continue
		}
		if len(near) == 0 {
			near = []string{"no date there"}
		}
		s.problems = append(s.problems, fmt.Sprintf("%s: wrong mark %q → %s (%s) [%s]", name, m.Text, markValue(m, ""), m.Rule, strings.Join(near, "; ")))
	}
	for i, g := range r.gold {
		if !g.isDate() {
			continue
		}
		s.dates++
		if found[i] {
			s.found++
		} else {
			s.problems = append(s.problems, fmt.Sprintf("%s: missed %q = %s", name, g.text, g.value))
		}
	}
	return s
}

// TestReporting measures the date reader on the test sets from real
// reporting: recall and precision over all sets must reach 95 % and 97 %.
func TestReporting(t *testing.T) {
	stories, err := filepath.Glob(filepath.Join(reportingDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var total score
	reports := 0
	for _, dir := range stories {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		sort.Strings(files)
		var story score
		for _, f := range files {
			r, err := readReport(f)
			if err != nil {
				t.Fatal(err)
			}
			story.add(scoreReport(r))
			reports++
		}
		t.Logf("%-22s %2d reports: recall %3d/%3d = %5.1f %%, precision %3d/%3d = %5.1f %%", filepath.Base(dir), len(files),
			story.found, story.dates, 100*story.recall(), story.right, story.marks, 100*story.precision())
		total.add(story)
	}
	if reports < 20 || total.dates < 100 {
		t.Fatalf("only %d reports with %d dates: the sets are missing", reports, total.dates)
	}
	t.Logf("%-22s %2d reports: recall %3d/%3d = %5.1f %%, precision %3d/%3d = %5.1f %%", "all", reports,
		total.found, total.dates, 100*total.recall(), total.right, total.marks, 100*total.precision())
	for _, p := range total.problems {
		t.Log(p)
	}
	if total.recall() < 0.95 || total.precision() < 0.97 {
		t.Errorf("recall %.1f %% (target 95 %%), precision %.1f %% (target 97 %%)", 100*total.recall(), 100*total.precision())
	}
}

// BenchmarkFind reads the texts of every report, ten times over (about
// 720 KB), as one text.
func BenchmarkFind(b *testing.B) {
	files, err := filepath.Glob(filepath.Join(reportingDir, "*", "*.txt"))
	if err != nil || len(files) == 0 {
		b.Fatal("no reports", err)
	}
	var sb strings.Builder
	for _, f := range files {
		r, err := readReport(f)
		if err != nil {
			b.Fatal(err)
		}
		sb.WriteString(r.text + "\n")
	}
	text := strings.Repeat(sb.String(), 10)
	pub := claimline.MustParseDate("2024-09-25")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Find(text, pub)
	}
}
