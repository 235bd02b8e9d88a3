package views

import (
	"fmt"
	"strings"
	"testing"

	"claimline/internal/claimline"
)

// The overview stays true to time however crowded it is: along the axis a
// later date is never drawn left of an earlier one, in any lane; a cut
// covers no mark and says how long the quiet stretch it cuts is; every
// stretch of the axis that holds marks has a tick naming its period.
func TestOverviewStaysTrueToTime(t *testing.T) {
	e := func(k claimline.Kind, d, title string) claimline.Entry {
		return claimline.Entry{Kind: k, Date: claimline.MustParseDate(d), Title: title}
	}
	st, pm, ac, re := claimline.KindStatement, claimline.KindPolicyMove, claimline.KindAction, claimline.KindReport
	// The door-plug blowout: a background year, a September warning and a
	// crowded week in January.
	blowout := []claimline.Entry{
		e(re, "2023", "Pressurisation warnings on N704AL"),
		e(re, "2023-09-19", "Boeing flags misdrilled holes"),
		e(ac, "2024-01-05", "Door plug blows out on flight 1282"),
		e(pm, "2024-01-06", "FAA grounds 171 737-9 MAX"),
		e(st, "2024-01-08", "United finds loose bolts"),
		e(st, "2024-01-08", "Alaska finds loose hardware"),
		e(st, "2024-01-08", "NTSB: plug found in Portland"),
		e(st, "2024-01-09", "Boeing CEO: we acknowledge our mistake"),
		e(st, "2024-01-09", "Spirit AeroSystems statement"),
		e(pm, "2024-01-12", "FAA keeps 737-9 MAX grounded"),
		e(ac, "2024-01-13", "FAA audits Boeing production"),
	}
	// A day so crowded in one lane that its dots reach past the next days.
	crowded := []claimline.Entry{e(ac, "2024-01-05", "Blowout")}
	for i := range 9 {
		crowded = append(crowded, e(st, "2024-01-08", fmt.Sprintf("Statement %d", i)))
	}
	crowded = append(crowded, e(pm, "2024-01-09", "Inspections ordered"), e(ac, "2024-01-10", "Audit"), e(pm, "2024-01-12", "Grounding kept"))
	// A crowd on the last day before a long quiet stretch.
	beforeCut := []claimline.Entry{e(ac, "2023-03-01", "Start"), e(ac, "2023-03-03", "Next")}
	for i := range 12 {
		beforeCut = append(beforeCut, e(st, "2023-03-04", fmt.Sprintf("Statement %d", i)))
	}
	beforeCut = append(beforeCut, e(pm, "2024-06-01", "Much later"), e(pm, "2024-06-03", "Later still"))

	// A crowd on the last day, at the drawing's right edge.
	atTheEnd := []claimline.Entry{e(ac, "2024-01-05", "Blowout"), e(pm, "2024-01-06", "Grounding")}
	for i := range 12 {
		atTheEnd = append(atTheEnd, e(st, "2024-01-08", fmt.Sprintf("Statement %d", i)))
	}

	for name, es := range map[string][]claimline.Entry{"blowout": blowout, "crowded": crowded, "before a cut": beforeCut, "at the end": atTheEnd} {
		for i := range es {
			es[i].ID = int64(i + 1)
		}
		ov := BuildOverview(es, nil)
		for i, a := range ov.Marks {
			if a.X < ovLeft || a.X+a.W > ovWidth-ovRight {
				t.Errorf("%s: %q at x %v (w %v) is outside the drawing", name, es[i].Title, a.X, a.W)
			}
			for j, b := range ov.Marks {
				if es[i].Date.Start().Before(es[j].Date.Start()) && a.X > b.X {
					t.Errorf("%s: %s %q (%s) at x %v is drawn right of %s %q (%s) at x %v", name,
						es[i].DisplayDate(), es[i].Title, a.Kind, a.X, es[j].DisplayDate(), es[j].Title, b.Kind, b.X)
				}
				// Days a hundred pixels apart are not drawn level, where
				// one would seem to be the other's.
				if name == "crowded" && es[i].Date.Start().Before(es[j].Date.Start()) && a.X == b.X {
					t.Errorf("crowded: %s %q is drawn level with %s %q at x %v", es[i].DisplayDate(), es[i].Title, es[j].DisplayDate(), es[j].Title, a.X)
				}
			}
		}
		for _, b := range ov.Breaks {
			var before, after []claimline.Entry
			for i, m := range ov.Marks {
				if m.X+m.W > b.X-9 && m.X < b.X+9 {
					t.Errorf("%s: the cut %q at x %v covers %q at x %v (w %v)", name, b.Label, b.X, es[i].Title, m.X, m.W)
				}
				// Labels are drawn from 4 px left of the mark, about 6 px a character.
				if end := m.X - 4 + float64(6*len([]rune(m.Label))); m.X < b.X && end > b.X-9 {
					t.Errorf("%s: the label %q runs into the cut %q at x %v", name, m.Label, b.Label, b.X)
				}
				if m.X < b.X {
					before = append(before, es[i])
				} else {
					after = append(after, es[i])
				}
			}
			if len(before) == 0 || len(after) == 0 {
				t.Errorf("%s: the cut %q at x %v has no marks on one side", name, b.Label, b.X)
				continue
			}
			last, first := entryEnd(before[0]), after[0].Date.Start()
			for _, e := range before {
				last = maxTime(last, entryEnd(e))
			}
			for _, e := range after {
				first = minTime(first, e.Date.Start())
			}
			if want := span(last, first); b.Label != want {
				t.Errorf("%s: the cut at x %v says %q, but %s to %s is %q", name, b.X, b.Label, last.Format("2 Jan 2006"), first.Format("2 Jan 2006"), want)
			}
		}
		// Each stretch between cuts that holds marks has a tick, the first
		// of which names its month or year.
		edges := []float64{ovLeft}
		for _, b := range ov.Breaks {
			edges = append(edges, b.X)
		}
		edges = append(edges, ovWidth)
		for k := 1; k < len(edges); k++ {
			var marks []string
			for i, m := range ov.Marks {
				if m.X >= edges[k-1] && m.X < edges[k] {
					marks = append(marks, es[i].DisplayDate())
				}
			}
			var ticks []string
			for _, tk := range ov.Ticks {
				if tk.X >= edges[k-1] && tk.X < edges[k] {
					ticks = append(ticks, tk.Down().Label)
				}
			}
			if len(marks) > 0 && (len(ticks) == 0 || !strings.ContainsAny(ticks[0][len(ticks[0])-1:], "0123456789")) {
				t.Errorf("%s: the stretch from x %v to %v holds %v, with ticks %q: none names its year", name, edges[k-1], edges[k], marks, ticks)
			}
		}
		if name == "blowout" {
			jan, days := false, 0
			for _, tk := range ov.Ticks {
				jan = jan || strings.HasSuffix(tk.Down().Label, "Jan 2024")
				if strings.Contains(tk.Down().Label, "Jan") {
					days++
				}
			}
			// Nine days too tight for a label each get one every other day,
			// not a single tick for the whole week.
			if !jan || days < 3 {
				t.Errorf("blowout: %d ticks in January 2024, none naming the month and year: %v", days, ov.Ticks)
			}
			// Such a tick's link shows its two days, and says so.
			linked := BuildOverview(es, func(from, to string) string { return "?from=" + from + "&to=" + to })
			var titles []string
			for _, tk := range linked.Ticks {
				if strings.Contains(tk.Href, "2024-01-07&to=2024-01-08") {
					titles = append(titles, tk.Title)
				}
			}
			if len(titles) != 1 || titles[0] != "Show 7 Jan 2024 to 8 Jan 2024" {
				t.Errorf("blowout: the tick of 7 and 8 Jan is titled %q", titles)
			}
		}
	}
}
