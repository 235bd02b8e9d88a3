package views

import (
	"math"
	"sort"
	"strconv"
	"time"

	"claimline/internal/claimline"
)

// Overview is the geometry of the SVG strip above a timeline: one lane per
// kind present, each entry a mark (a dot, or a bar for spans and coarse
// dates) at its date.
//
// The time axis is broken where nothing happens for a long stretch: a story
// with a background event in 2022 and a busy week in 2024 gives each its own
// readable segment, with a break mark between them, instead of crushing the
// week into one dot.
type Overview struct {
	Width, Height int
	Lanes         []Lane
	Ticks         []Tick
	Breaks        []float64 // x of each axis break
	Marks         []Mark
}

// Lane is one horizontal band of the overview.
type Lane struct {
	Label string
	Y     int
}

// Tick is a labelled date on the axis.
type Tick struct {
	X     float64
	Label string
}

// Mark is one entry on the overview.
type Mark struct {
	EntryID     int64
	X, W        float64 // W > 0 draws a bar from X to X+W
	Y           int
	Kind        claimline.Kind
	Title       string // tooltip: date and title
	Approximate bool
}

const (
	ovLeft, ovRight = 110, 20
	ovLaneH, ovTop  = 26, 10
	ovWidth         = 1000
	ovBreakGap      = 24 // pixels between segments
	ovDodge         = 13 // minimum distance between dots in one lane
)

// segment is a stretch of time drawn at one linear scale.
type segment struct {
	start, end time.Time
	x0, x1     float64
}

// BuildOverview lays out entries on a time axis; nil when there are none.
func BuildOverview(entries []claimline.Entry) *Overview {
	if len(entries) == 0 {
		return nil
	}
	ov := &Overview{Width: ovWidth}
	laneOf := map[claimline.Kind]int{}
	for _, k := range claimline.Kinds {
		for _, e := range entries {
			if e.Kind == k {
				laneOf[k] = len(ov.Lanes)
				ov.Lanes = append(ov.Lanes, Lane{Label: k.Label(), Y: ovTop + len(ov.Lanes)*ovLaneH + ovLaneH/2})
				break
			}
		}
	}
	segs := segments(entries)
	x := func(t time.Time) float64 { return xOf(segs, t) }
	for _, e := range entries {
		x0, x1 := x(e.Date.Start()), x(entryEnd(e))
		m := Mark{EntryID: e.ID, X: round1((x0 + x1) / 2), Y: ov.Lanes[laneOf[e.Kind]].Y, Kind: e.Kind,
			Approximate: e.Approximate, Title: e.DisplayDate() + " — " + e.Title}
		if x1-x0 >= 14 && (e.Date.Precision <= claimline.PrecisionMonth || !e.EndDate.IsZero()) {
			m.X, m.W = round1(x0), round1(x1-x0)
		}
		ov.Marks = append(ov.Marks, m)
	}
	dodge(ov.Marks)
	for i, s := range segs {
		if i > 0 {
			ov.Breaks = append(ov.Breaks, round1(s.x0-ovBreakGap/2))
		}
		ov.Ticks = append(ov.Ticks, ticks(s, len(segs))...)
	}
	ov.Height = ovTop*2 + len(ov.Lanes)*ovLaneH + 24
	return ov
}

// segments splits the time the entries cover wherever a gap is longer than
// a sixth of the whole, and shares the width among the pieces.
func segments(entries []claimline.Entry) []segment {
	type span struct{ s, e time.Time }
	spans := make([]span, len(entries))
	for i, e := range entries {
		spans[i] = span{e.Date.Start(), entryEnd(e)}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].s.Before(spans[j].s) })
	first, last := spans[0].s, spans[0].e
	for _, sp := range spans {
		last = maxTime(last, sp.e)
	}
	gap := last.Sub(first) / 6
	var segs []segment
	for _, sp := range spans {
		if n := len(segs); n > 0 && sp.s.Sub(segs[n-1].end) <= gap {
			segs[n-1].end = maxTime(segs[n-1].end, sp.e)
			continue
		}
		segs = append(segs, segment{start: sp.s, end: sp.e})
	}
	if len(segs) > 6 { // too many pieces to read: draw one linear axis
		segs = []segment{{start: first, end: last}}
	}
	usable := float64(ovWidth-ovLeft-ovRight) - float64(len(segs)-1)*ovBreakGap
	x := float64(ovLeft)
	for i := range segs {
		pad := segs[i].end.Sub(segs[i].start) / 20
		segs[i].start, segs[i].end = segs[i].start.Add(-pad), segs[i].end.Add(pad)
		segs[i].x0, segs[i].x1 = x, x+usable/float64(len(segs))
		x = segs[i].x1 + ovBreakGap
	}
	return segs
}

// xOf maps a time to its x coordinate on the broken axis.
func xOf(segs []segment, t time.Time) float64 {
	for _, s := range segs {
		if !t.After(s.end) || s.x1 == segs[len(segs)-1].x1 {
			if t.Before(s.start) {
				t = s.start
			}
			frac := t.Sub(s.start).Seconds() / math.Max(s.end.Sub(s.start).Seconds(), 1)
			return round1(s.x0 + math.Min(frac, 1)*(s.x1-s.x0))
		}
	}
	return segs[len(segs)-1].x1
}

// dodge nudges dots in the same lane apart so that entries on the same day
// stay separately visible and clickable.
func dodge(marks []Mark) {
	idx := make([]int, len(marks))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ma, mb := marks[idx[a]], marks[idx[b]]
		return ma.Y < mb.Y || ma.Y == mb.Y && ma.X < mb.X
	})
	for k := 1; k < len(idx); k++ {
		prev, cur := &marks[idx[k-1]], &marks[idx[k]]
		if prev.Y == cur.Y && prev.W == 0 && cur.W == 0 && cur.X-prev.X < ovDodge {
			cur.X = round1(prev.X + ovDodge)
		}
	}
}

func entryEnd(e claimline.Entry) time.Time {
	if !e.EndDate.IsZero() {
		return e.EndDate.End()
	}
	return e.Date.End()
}

// ticks labels a segment at years, quarters, months, weeks or days: the
// coarsest step that gives a label, refined while a finer step gives two or
// more labels that still fit the segment's width.
func ticks(s segment, nsegs int) []Tick {
	type step struct {
		y, m, d int
		layout  string
	}
	steps := []step{{10, 0, 0, "2006"}, {5, 0, 0, "2006"}, {1, 0, 0, "2006"}, {0, 3, 0, "Jan 2006"}, {0, 1, 0, "Jan 2006"},
		{0, 0, 7, "2 Jan 2006"}, {0, 0, 1, "2 Jan"}}
	var best []Tick
	for _, st := range steps {
		var out []Tick
		t := time.Date(s.start.Year()/max(st.y, 1)*max(st.y, 1), 1, 1, 0, 0, 0, 0, time.UTC)
		for n := 0; !t.After(s.end) && n < 20000; n++ {
			// Skip labels crowding the segment's right edge, where the next
			// segment's first label sits.
			if x := xOf([]segment{s}, t); !t.Before(s.start) && (nsegs == 1 || x < s.x1-40) {
				out = append(out, Tick{X: x, Label: t.Format(st.layout)})
			}
			t = t.AddDate(st.y, st.m, st.d)
		}
		switch {
		case len(out) == 0:
			continue
		case best == nil && fits(out, s):
			best = out
		case best != nil && len(out) >= 2 && fits(out, s):
			best = out
		}
		if len(best) >= 2 || !fits(out, s) {
			break
		}
	}
	if len(best) == 0 { // a segment shorter than any step: label its middle
		mid := s.start.Add(s.end.Sub(s.start) / 2)
		best = []Tick{{X: round1((s.x0 + s.x1) / 2), Label: mid.Format("2 Jan 2006")}}
	}
	return best
}

// fits reports whether neighbouring labels, centred on their ticks at about
// 7 px a character, keep a gap between them.
func fits(ts []Tick, s segment) bool {
	for i := 1; i < len(ts); i++ {
		need := float64(7*(len(ts[i-1].Label)+len(ts[i].Label)))/2 + 10
		if ts[i].X-ts[i-1].X < need {
			return false
		}
	}
	return true
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// F formats a coordinate for an SVG attribute.
func F(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// I formats an integer coordinate for an SVG attribute.
func I(i int) string { return strconv.Itoa(i) }
