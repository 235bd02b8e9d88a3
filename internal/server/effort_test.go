package server_test

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"claimline/internal/claimline"
	"claimline/internal/demo"
)

// effort counts what entering a timeline costs a user: form submissions,
// and quotes typed or pasted by hand (a quote taken from a selection in
// the reader is not typed).
type effort struct {
	c           *client
	submissions int
	typedQuotes int
}

func (e *effort) post(t *testing.T, path string, f url.Values, typedQuote bool) response {
	t.Helper()
	e.submissions++
	if typedQuote && f.Get("quote") != "" {
		e.typedQuotes++
	}
	r := e.c.post(path, f)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s: status %d\n%.800s", path, r.StatusCode, r.body)
	}
	return r
}

// upload is one submission of the five seed files.
func (e *effort) upload(t *testing.T) map[string]string {
	e.submissions++
	return uploadSeeds(t, e.c)
}

func entryIDs(t *testing.T, h *harness, slug string) map[string]string {
	t.Helper()
	tl, err := h.st.TimelineBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	page, err := h.st.Entries(context.Background(), tl.ID, claimline.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range page.Entries {
		out[e.Title] = strconv.FormatInt(e.ID, 10)
	}
	return out
}

func entryForm(in claimline.EntryInput) url.Values {
	f := form("date", in.Date, "end_date", in.EndDate, "kind", in.Kind, "title", in.Title, "description", in.Description)
	if in.Approximate {
		f.Set("approximate", "1")
	}
	for _, a := range in.Actors {
		f.Add("actors", a)
	}
	for _, tg := range in.Tags {
		f.Add("tags", tg)
	}
	return f
}

var claimPath = regexp.MustCompile(`^/claims/(\d+)`)

// todaysForms enters the demo timeline with the forms that existed before
// the workbench: every date worked out and typed, every quote typed.
func todaysForms(t *testing.T, h *harness, e *effort) {
	entries, cits, claims, _ := demo.Plan()
	ids := e.upload(t)
	e.post(t, "/timelines", form("title", "Demo", "slug", "demo"), false)
	for _, in := range entries {
		e.post(t, "/timelines/demo/entries", entryForm(in), false)
	}
	eids := entryIDs(t, h, "demo")
	for _, c := range cits {
		e.post(t, "/entries/"+eids[c.Entry]+"/citations", form("source", ids[c.Source], "quote", c.Quote), true)
	}
	for _, cl := range claims {
		r := e.post(t, "/entries/"+eids[cl.Entry]+"/claims", form("text", cl.Text, "claimant", cl.Claimant), false)
		id := claimPath.FindStringSubmatch(r.Header.Get("Location"))[1]
		for _, st := range cl.Stances {
			e.post(t, "/claims/"+id+"/assessments", form("source", ids[st.Source], "stance", st.Stance, "quote", st.Quote), true)
		}
	}
}

// drafted counts how much of the workbench's drafts the user kept.
type drafted struct{ dates, kinds, actors, entries int }

// theWorkbench enters the same timeline with the workbench: each entry
// comes from a passage, with its citation and its first claim; every other
// quote is a selection clipped in a reader, and the tray of clippings is
// saved in one submission.
func theWorkbench(t *testing.T, h *harness, e *effort) drafted {
	entries, cits, claims, meta := demo.Plan()
	ids := e.upload(t)
	e.post(t, "/timelines", form("title", "Demo", "slug", "demo"), false)
	// The published dates that resolve "on Thursday" and "on Tuesday",
	// set in place on the reader.
	for _, key := range []string{"001", "002"} {
		m := meta[key]
		e.post(t, "/sources/"+ids[key], form("return", "reader", "revision", "1", "title", m.Title, "outlet", m.Outlet, "published", m.Published), false)
	}
	var d drafted
	first := map[string]bool{}
	byTitle := map[string]claimline.EntryInput{}
	for _, in := range entries {
		byTitle[in.Title] = in
	}
	var later []demo.PlanCitation
	// bundled: the claims saved with their entry, and which of their
	// stances rested on the entry's passage (-1 for none).
	bundled := map[string]int{}
	for _, c := range cits {
		if first[c.Entry] || c.Quote == "" {
			later = append(later, c)
			continue
		}
		first[c.Entry] = true
		in := byTitle[c.Entry]
		// The user selects the passage and opens "New entry from this passage".
		page := e.c.get("/sources/" + ids[c.Source] + "/new-entry?passage=" + url.QueryEscape(c.Quote)).doc(t)
		quote := page.Find("#quote").Text()
		drafted := page.Find("#date").AttrOr("value", "")
		if page.Find(`input[name="approximate"]`).Is("[checked]") {
			drafted = "c. " + drafted
		}
		if claimline.MustParseDate(strings.TrimPrefix(in.Date, "c. ")).ISO() == strings.TrimPrefix(drafted, "c. ") {
			d.dates++
		}
		if page.Find("#kind option[selected]").AttrOr("value", "") == in.Kind {
			d.kinds++
		}
		for _, a := range in.Actors {
			if page.Find(`input[name="actors"][value="`+a+`"]`).Length() > 0 {
				d.actors++
			}
		}
		d.entries++
		f := entryForm(in)
		f.Set("timeline", "demo")
		f.Set("quote", quote)
		f.Set("passage", quote)
		// The entry's first claim is typed in the same form: with this
		// source's stance when it rests on this very passage, else with
		// no stance yet.
		if cl, i := claimOnPassage(claims, c); cl != nil {
			f.Set("text", cl.Text)
			f.Set("claimant", cl.Claimant)
			f.Set("stance", cl.Stances[i].Stance)
			bundled[cl.Text] = i
		} else if cl := firstClaim(claims, c.Entry); cl != nil {
			f.Set("text", cl.Text)
			f.Set("claimant", cl.Claimant)
			f.Set("stance", "")
			bundled[cl.Text] = -1
		}
		e.post(t, "/sources/"+ids[c.Source]+"/new-entry", f, false)
	}
	eids := entryIDs(t, h, "demo")
	var tray []clipping
	for _, c := range later {
		if c.Quote == "" {
			// A citation of the whole source, with no passage.
			e.post(t, "/entries/"+eids[c.Entry]+"/citations", form("source", ids[c.Source], "quote", ""), true)
			continue
		}
		tray = append(tray, clipping{ids[c.Source], c.Quote, c.Entry, ""})
	}
	for _, cl := range claims {
		stances := cl.Stances
		if i, ok := bundled[cl.Text]; ok {
			if i >= 0 {
				stances = append(slices.Clone(stances[:i]), stances[i+1:]...)
			}
		} else if len(stances) == 0 {
			e.post(t, "/entries/"+eids[cl.Entry]+"/claims", form("text", cl.Text, "claimant", cl.Claimant), false)
			continue
		} else {
			st := stances[0]
			page := e.c.get("/sources/" + ids[st.Source] + "/new-claim?passage=" + url.QueryEscape(st.Quote)).doc(t)
			quote := page.Find("#quote").Text()
			e.post(t, "/sources/"+ids[st.Source]+"/new-claim", form("entry", eids[cl.Entry], "text", cl.Text, "claimant", cl.Claimant,
				"stance", st.Stance, "quote", quote, "passage", quote), false)
			stances = stances[1:]
		}
		for _, st := range stances {
			tray = append(tray, clipping{ids[st.Source], st.Quote, cl.Text, st.Stance})
		}
	}
	saveTray(t, e, tray)
	return d
}

// clipping is a selection clipped in a source's reader, and what the user
// then makes of it in the tray: a stance on the claim with this text, or
// (with no stance) a citation on the entry with this title.
type clipping struct{ source, quote, target, stance string }

// saveTray clips each passage (the reader's "Clip" button: a click, not a
// form), opens the tray, gives each clipping its claim or entry from the
// choices the form offers, and saves the tray in one submission.
func saveTray(t *testing.T, e *effort, tray []clipping) {
	t.Helper()
	for _, c := range tray {
		wantStatus(t, e.c.post("/clippings/add", form("source", c.source, "quote", c.quote)), http.StatusSeeOther)
	}
	page := e.c.get("/clippings").doc(t)
	rows := page.Find("li.clipping")
	if rows.Length() != len(tray) {
		t.Fatalf("the tray shows %d clippings of %d", rows.Length(), len(tray))
	}
	f := url.Values{}
	for i, c := range tray {
		row := rows.Eq(i)
		f.Add("clip", row.Find(`input[name="clip"]`).AttrOr("value", ""))
		var target string
		prefix := "claim:"
		if c.stance == "" {
			prefix = "entry:"
		}
		row.Find(`select[name="target"] option`).Each(func(_ int, o *goquery.Selection) {
			text := o.Text()
			if c.stance == "" {
				// An entry's choice reads "date · title".
				_, text, _ = strings.Cut(text, " · ")
			}
			if text == c.target && strings.HasPrefix(o.AttrOr("value", ""), prefix) {
				target = o.AttrOr("value", "")
			}
		})
		if target == "" {
			t.Fatalf("the tray offers no choice for %q", c.target)
		}
		f.Add("target", target)
		f.Add("stance", cmp.Or(c.stance, "supports"))
	}
	e.post(t, "/clippings", f, false)
}

// firstClaim returns the first claim on the entry with this title, or nil.
func firstClaim(claims []demo.PlanClaim, entry string) *demo.PlanClaim {
	for i := range claims {
		if claims[i].Entry == entry {
			return &claims[i]
		}
	}
	return nil
}

// claimOnPassage returns the claim on c's entry with a stance of c's source
// resting on c's very passage, and that stance's index; nil if none.
func claimOnPassage(claims []demo.PlanClaim, c demo.PlanCitation) (*demo.PlanClaim, int) {
	for i := range claims {
		if claims[i].Entry != c.Entry {
			continue
		}
		for j, st := range claims[i].Stances {
			if st.Source == c.Source && st.Quote == c.Quote {
				return &claims[i], j
			}
		}
	}
	return nil, 0
}

// outcome describes an entered timeline for comparison: each entry's date,
// kind, actors and citations, each claim's status.
func outcome(t *testing.T, h *harness) []string {
	t.Helper()
	ctx := context.Background()
	tl, _ := h.st.TimelineBySlug(ctx, "demo")
	page, err := h.st.Entries(ctx, tl.ID, claimline.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range page.Entries {
		cits, claims, err := h.st.EntryEvidence(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e.DisplayDate()+" "+string(e.Kind)+" "+e.Title+" "+strings.Join(e.ActorNames(), ","))
		for _, c := range cits {
			out = append(out, "  cites source "+strconv.FormatInt(c.SourceID, 10)+": "+c.Quote)
		}
		for _, c := range claims {
			out = append(out, "  claim "+c.Text+": "+c.StatusText())
		}
	}
	sort.Strings(out)
	return out
}

// TestEffort enters the demo's timeline from the five seed files twice:
// with the forms that existed before the workbench, and with the
// workbench; both must give the same timeline. It reports the submissions
// and hand-typed quotes each needs.
func TestEffort(t *testing.T) {
	skipUnderRace(t)
	run := func(enter func(*testing.T, *harness, *effort)) (*harness, *effort) {
		h := newHarness(t)
		e := &effort{c: h.signedIn(h.user("ed", claimline.RoleEditor))}
		enter(t, h, e)
		return h, e
	}
	th, today := run(todaysForms)
	var d drafted
	wh, wb := run(func(t *testing.T, h *harness, e *effort) { d = theWorkbench(t, h, e) })
	a, b := outcome(t, th), outcome(t, wh)
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Fatalf("the two paths give different timelines:\ntoday:\n%s\nworkbench:\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
	t.Logf("today's forms: %d submissions, %d hand-typed quotes", today.submissions, today.typedQuotes)
	t.Logf("the workbench: %d submissions (%.0f%%), %d hand-typed quotes", wb.submissions,
		100*float64(wb.submissions)/float64(today.submissions), wb.typedQuotes)
	t.Logf("drafts kept: %d of %d dates, %d of %d kinds, %d actors", d.dates, d.entries, d.kinds, d.entries, d.actors)
	if wb.typedQuotes != 0 {
		t.Errorf("the workbench path typed %d quotes by hand", wb.typedQuotes)
	}
	// The target: at most 40 % of today's submissions.
	if wb.submissions*100 > today.submissions*40 {
		t.Errorf("the workbench needs %d submissions, more than 40%% of today's %d", wb.submissions, today.submissions)
	}
}
