package views

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"claimline/internal/claimline"
)

// Overview is the geometry of the strip above a timeline: one lane per
// kind present, each entry a mark (a dot, or a bar for spans and coarse
// dates) at its date, shaped and coloured by its claims' status. It is drawn
// twice: across the page on wide screens, and down the page on phones
// (the V fields), so that a phone shows every mark without scrolling
// sideways.
//
// The time axis is broken where nothing happens for a long stretch: a story
// with a background event in 2022 and a busy week in 2024 gives each its own
// readable segment. Each break is drawn as a visible gap that says how much
// time it leaves out, since segments have different scales.
type Overview struct {
	Width, Height   int
	VWidth, VHeight int
	Lanes           []Lane
	Ticks           []Tick
	Breaks          []Break
	Marks           []Mark
}

// Lane is one band of the overview: a row (at Y) across, a column (at VX)
// down.
type Lane struct {
	Label string
	Y     int
	VX    int
}

// Tick is a labelled date on the axis, linking to the timeline narrowed to
// that year, month or day.
type Tick struct {
	X, VY  float64
	Label  string
	VLabel string // the label down the page when it says more ("10 Sep 2024")
	Href   string // "" for no link
	Title  string // what the link does
	VHide  bool   // too close to the previous label down the page
}

// Down is the tick as drawn down the page.
func (t Tick) Down() Tick {
	if t.VLabel != "" {
		t.Label = t.VLabel
	}
	return t
}

// Break is a cut in the time axis.
type Break struct {
	X, VY float64
	Label string // the time left out: "1 year, 6 months"
}

// Mark is one entry on the overview.
type Mark struct {
	EntryID     int64
	X, W        float64 // W > 0 draws a bar from X to X+W
	Y           int
	VX          int
	VY, VH      float64 // down the page: VH > 0 draws a bar
	Kind        claimline.Kind
	Status      string // "supported", "disputed", "unverified", or "none" (no claims)
	Title       string // tooltip: date, title and status
	Label       string // the title, shortened to the room it has; "" for none
	VLabel      string // the same down the page
	Approximate bool
}

// Name is the mark's accessible name for a visible label (Label, or
// VLabel down the page): the label the mark shows, as it shows it, then
// the whole of what the tooltip says. A name that did not hold the visible
// words would fail people who speak the words they see (WCAG 2.5.3).
func (m Mark) Name(label string) string {
	if label == "" || strings.Contains(m.Title, label) {
		return m.Title
	}
	return label + " (" + m.Title + ")"
}

const (
	ovLeft, ovRight = 110, 20
	ovLaneH, ovTop  = 44, 14
	ovWidth         = 1000
	ovBreakGap      = 28 // pixels between segments
	ovDodge         = 13 // minimum distance between dots in one lane
	ovAxisH         = 40 // room for the tick labels and break labels
	vWidth          = 360
	vTop, vLeft     = 16, 84 // room for the tick labels on the left ("10 Sep 2024")
	vLaneW          = 20
	vLabelGap       = 15 // minimum vertical distance between labels
	vSpreadMax      = 80 // entries down to which marks are spread down the page, each with room for its label
)

// BuildOverview lays out entries on a time axis; nil when there are none.
// link returns the URL of the timeline narrowed to a period (ISO dates at
// any precision); nil draws the axis without links.
func BuildOverview(entries []claimline.Entry, link func(from, to string) string) *Overview {
	if len(entries) == 0 {
		return nil
	}
	ov := &Overview{Width: ovWidth, VWidth: vWidth}
	laneOf := map[claimline.Kind]int{}
	for _, k := range claimline.Kinds {
		for _, e := range entries {
			if e.Kind == k {
				laneOf[k] = len(ov.Lanes)
				ov.Lanes = append(ov.Lanes, Lane{Label: k.Label(), Y: ovTop + len(ov.Lanes)*ovLaneH + ovLaneH/2, VX: vLeft + len(ov.Lanes)*vLaneW + vLaneW/2})
				break
			}
		}
	}
	ov.Height = ovTop + len(ov.Lanes)*ovLaneH + ovAxisH
	vLen := float64(min(max(len(entries)*30, 320), 1600))
	ov.VHeight = vTop*2 + int(vLen)
	vy := func(x float64) float64 {
		return round1(vTop + (x-ovLeft)/float64(ovWidth-ovLeft-ovRight)*vLen)
	}
	segs := segments(entries)
	x := func(t time.Time) float64 { return xOf(segs, t) }
	for _, e := range entries {
		x0, x1 := x(e.Date.Start()), x(entryEnd(e))
		lane := ov.Lanes[laneOf[e.Kind]]
		st := markStatus(e)
		mid := round1((x0 + x1) / 2)
		if e.Date.Precision == claimline.PrecisionDay && e.EndDate.IsZero() {
			mid = round1(x0) // on its day's tick, not half a day past it
		}
		m := Mark{EntryID: e.ID, X: mid, Y: lane.Y, VX: lane.VX, Kind: e.Kind, Status: st,
			Approximate: e.Approximate, Title: e.DisplayDate() + " — " + e.Title + statusNote(st)}
		if x1-x0 >= 14 && (e.Date.Precision <= claimline.PrecisionMonth || !e.EndDate.IsZero()) {
			m.X, m.W = round1(x0), round1(x1-x0)
			m.VH = round1(vy(x1) - vy(x0))
		}
		ov.Marks = append(ov.Marks, m)
	}
	for i, s := range segs {
		if i > 0 {
			ov.Breaks = append(ov.Breaks, Break{X: round1(s.x0 - ovBreakGap/2), Label: span(segs[i-1].realEnd, s.realStart)})
		}
		for _, t := range ticks(s, len(segs)) {
			if link != nil && t.from != "" {
				t.Href, t.Title = link(t.from, t.to), "Show "+t.Down().Label+" only"
				if t.to != t.from { // a week's tick, or every other day's
					from, _ := claimline.ParseISODate(t.from)
					to, _ := claimline.ParseISODate(t.to)
					t.Title = "Show " + from.Display() + " to " + to.Display()
				}
			}
			ov.Ticks = append(ov.Ticks, t.Tick)
		}
	}
	spreadAcross(ov)
	for i := range ov.Marks {
		ov.Marks[i].VY = vy(ov.Marks[i].X)
	}
	for i := range ov.Breaks {
		ov.Breaks[i].VY = vy(ov.Breaks[i].X)
	}
	for i := range ov.Ticks {
		ov.Ticks[i].VY = vy(ov.Ticks[i].X)
	}
	if len(entries) <= vSpreadMax {
		spreadDown(ov)
	}
	last := -1e9
	for i := range ov.Ticks { // down the page, keep tick labels apart
		if ov.Ticks[i].VY-last < 16 {
			ov.Ticks[i].VHide = true
		} else {
			last = ov.Ticks[i].VY
		}
	}
	labelMarks(ov, entries)
	return ov
}

// spreadDown moves the marks and break labels down the page apart, so that
// each has a label's height of its own: three entries of one day would
// otherwise be drawn 5 px apart, on top of each other, with one label for
// the three. Everything below a moved mark (ticks, breaks, later marks,
// the ends of bars) moves down as far, so the axis stays true to them: a
// day's tick stays level with its first mark.
func spreadDown(ov *Overview) {
	type item struct {
		y     float64  // where it was
		at    *float64 // where it is drawn
		shift float64  // how far it, and everything after it, moved
	}
	var items []item
	for i := range ov.Marks {
		items = append(items, item{y: ov.Marks[i].VY, at: &ov.Marks[i].VY})
	}
	for i := range ov.Breaks {
		items = append(items, item{y: ov.Breaks[i].VY, at: &ov.Breaks[i].VY})
	}
	sort.SliceStable(items, func(a, b int) bool { return items[a].y < items[b].y })
	shift, last := 0.0, -1e9
	for i := range items {
		y := max(items[i].y+shift, last+vLabelGap)
		shift, last = y-items[i].y, y
		items[i].shift = shift
	}
	// moved is where a point of the old axis is drawn now: after the
	// items above it, level with the first item at it.
	moved := func(y float64) float64 {
		s := 0.0
		for _, it := range items {
			if it.y > y {
				break
			}
			s = it.shift
			if it.y == y {
				break
			}
		}
		return round1(y + s)
	}
	for i := range ov.Marks {
		if m := &ov.Marks[i]; m.VH > 0 {
			m.VH = round1(moved(m.VY+m.VH) - moved(m.VY))
		}
	}
	for _, it := range items {
		*it.at = round1(it.y + it.shift)
	}
	for i := range ov.Ticks {
		ov.Ticks[i].VY = moved(ov.Ticks[i].VY)
	}
	ov.VHeight += int(math.Ceil(shift))
}

// markStatus sums up an entry's claims: disputed if any is, supported if
// any is, unverified if it has claims, "none" without.
func markStatus(e claimline.Entry) string {
	if len(e.Claims) == 0 {
		return "none"
	}
	st := claimline.Unverified
	for _, c := range e.Claims {
		switch c.Status() {
		case claimline.Disputed:
			return string(claimline.Disputed)
		case claimline.Supported:
			st = claimline.Supported
		}
	}
	return string(st)
}

func statusNote(st string) string {
	switch st {
	case "none":
		return " (no claims)"
	case "unverified":
		return " (claims unverified)"
	}
	return " (" + st + ")"
}

// labelMarks gives each mark a visible label where its lane has room: up to
// the next mark in the lane or the next break across, and clear of the
// previous label down.
func labelMarks(ov *Overview, entries []claimline.Entry) {
	titles := map[int64]string{}
	for _, e := range entries {
		titles[e.ID] = e.Title
	}
	idx := make([]int, len(ov.Marks))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ma, mb := ov.Marks[idx[a]], ov.Marks[idx[b]]
		return ma.Y < mb.Y || ma.Y == mb.Y && ma.X < mb.X
	})
	for k, i := range idx {
		m := &ov.Marks[i]
		room := float64(ovWidth-ovRight) - m.X
		if k+1 < len(idx) && ov.Marks[idx[k+1]].Y == m.Y {
			room = ov.Marks[idx[k+1]].X - m.X
		}
		for _, b := range ov.Breaks {
			if b.X > m.X {
				room = min(room, b.X-9-m.X) // the break's band is 18 px wide
				break
			}
		}
		if n := int((room - 8) / 6); n >= 8 {
			m.Label = Shorten(titles[m.EntryID], n)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return ov.Marks[idx[a]].VY < ov.Marks[idx[b]].VY })
	last := -1e9
	chars := (vWidth - (vLeft + len(ov.Lanes)*vLaneW + 8)) / 6
	for _, i := range idx {
		m := &ov.Marks[i]
		if m.VY-last >= vLabelGap && chars >= 8 {
			m.VLabel, last = Shorten(titles[m.EntryID], chars), m.VY
		}
	}
}

// LaneLabels names the lanes in their order: across the page they label
// their rows; down it, a line above the drawing names its columns.
func (ov *Overview) LaneLabels() []string {
	out := make([]string, len(ov.Lanes))
	for i, l := range ov.Lanes {
		out[i] = l.Label
	}
	return out
}

// LabelX is where labels start down the page, right of the lanes.
func (ov *Overview) LabelX() int { return vLeft + len(ov.Lanes)*vLaneW + 6 }

// span says how long the time between two instants is, roughly: "3 days",
// "11 months", "1 year, 6 months".
func span(from, to time.Time) string {
	days := int(to.Sub(from).Hours() / 24)
	switch {
	case days < 1:
		return "hours"
	case days < 60:
		return Plural(days, "day", "days") + " left out"
	}
	months := days * 12 / 365
	if months < 24 {
		return Plural(months, "month", "months") + " left out"
	}
	return Plural(months/12, "year", "years") + " left out"
}

// segment is a stretch of time drawn at one linear scale.
type segment struct {
	start, end         time.Time // padded
	realStart, realEnd time.Time // the entries' own extent
	reach              time.Time // how far its entries are placed (a month-only date by its middle)
	x0, x1             float64
}

// segments splits the time the entries cover wherever a gap is longer than
// a sixth of the whole, and shares the width among the pieces.
func segments(entries []claimline.Entry) []segment {
	// A date known only to its month or year is a stretch of time, but
	// it is placed by its middle: a "Feb 2023" beside a busy week in
	// March must not close the quiet weeks between them. Its segment is
	// then widened to hold the whole of it.
	type span struct{ s, e, at0, at1 time.Time }
	spans := make([]span, len(entries))
	for i, e := range entries {
		sp := span{s: e.Date.Start(), e: entryEnd(e)}
		sp.at0, sp.at1 = sp.s, sp.e
		if e.EndDate.IsZero() && e.Date.Precision <= claimline.PrecisionMonth {
			mid := sp.s.Add(sp.e.Sub(sp.s) / 2)
			sp.at0, sp.at1 = mid, mid
		}
		spans[i] = sp
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].at0.Before(spans[j].at0) })
	first, last := spans[0].at0, spans[0].at1
	for _, sp := range spans {
		last = maxTime(last, sp.at1)
	}
	gap := last.Sub(first) / 6
	var segs []segment
	for _, sp := range spans {
		if n := len(segs); n > 0 && sp.at0.Sub(segs[n-1].reach) <= gap {
			last := &segs[n-1]
			last.start, last.end, last.reach = minTime(last.start, sp.s), maxTime(last.end, sp.e), maxTime(last.reach, sp.at1)
			continue
		}
		segs = append(segs, segment{start: sp.s, end: sp.e, reach: sp.at1})
	}
	// A segment widened to a whole month may now reach into the next:
	// then they are one.
	for i := 1; i < len(segs); i++ {
		if !segs[i].start.After(segs[i-1].end) {
			segs[i-1].end = maxTime(segs[i-1].end, segs[i].end)
			segs = slices.Delete(segs, i, i+1)
			i--
		}
	}
	if len(segs) > 6 { // too many pieces to read: draw one linear axis
		segs = []segment{{start: first, end: last}}
	}
	for i := range segs {
		segs[i].realStart, segs[i].realEnd = segs[i].start, segs[i].end
	}
	usable := float64(ovWidth-ovLeft-ovRight) - float64(len(segs)-1)*ovBreakGap
	x := float64(ovLeft)
	for i := range segs {
		// A margin at each end, but never past halfway to the next
		// segment: a whole year's margin would reach into a busy week
		// after it, and that week would be drawn squeezed into the
		// year's end, under the break.
		pad := segs[i].realEnd.Sub(segs[i].realStart) / 20
		before, after := pad, pad
		if i > 0 {
			before = min(pad, segs[i].realStart.Sub(segs[i-1].realEnd)/2)
		}
		if i+1 < len(segs) {
			after = min(pad, segs[i+1].realStart.Sub(segs[i].realEnd)/2)
		}
		segs[i].start, segs[i].end = segs[i].realStart.Add(-before), segs[i].realEnd.Add(after)
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

// spreadAcross nudges dots in the same lane apart, so that entries on the
// same day stay separately visible and clickable, and keeps the drawing
// true to time while it does: whatever a crowded day pushes right (marks
// of later days in any lane, their ticks, a break) moves as far, so that a
// later date is never drawn left of an earlier one and no mark lands in a
// break. Past the crowd, marks are back at their own dates.
func spreadAcross(ov *Overview) {
	type item struct {
		at   *float64
		x    float64 // where its date puts it
		mark *Mark   // nil for a tick or a break
		room float64 // room it keeps from what is before and after it
	}
	var items []item
	for i := range ov.Ticks {
		items = append(items, item{at: &ov.Ticks[i].X, x: ov.Ticks[i].X})
	}
	for i := range ov.Breaks {
		items = append(items, item{at: &ov.Breaks[i].X, x: ov.Breaks[i].X, room: ovBreakGap / 2})
	}
	for i := range ov.Marks {
		items = append(items, item{at: &ov.Marks[i].X, x: ov.Marks[i].X, mark: &ov.Marks[i]})
	}
	// By date; at one date the tick first, so that it stays level with
	// the date's first mark, then the marks lane by lane.
	sort.SliceStable(items, func(a, b int) bool {
		ia, ib := items[a], items[b]
		if ia.x != ib.x {
			return ia.x < ib.x
		}
		return ib.mark != nil && (ia.mark == nil || ia.mark.Y < ib.mark.Y)
	})
	floor, keep := math.Inf(-1), 0.0 // the right-most point drawn for earlier dates, and the room it keeps
	lastDot := map[int]float64{}     // by lane
	for k := 0; k < len(items); {
		// The items of one date may share x: only later dates must go
		// right of all of them.
		right, room, n := floor, 0.0, k
		for ; n < len(items) && items[n].x == items[k].x; n++ {
			it := items[n]
			x := max(it.x, floor+max(keep, it.room))
			if m := it.mark; m != nil && m.W == 0 {
				if last, ok := lastDot[m.Y]; ok {
					x = max(x, last+ovDodge)
				}
				lastDot[m.Y] = x
			}
			*it.at = round1(x)
			right, room = max(right, x), max(room, it.room)
		}
		if right > items[k].x {
			// A date spread out sideways keeps the next date a dot
			// apart: level with its last dot, the next date's tick
			// would seem to name that dot.
			room = max(room, ovDodge)
		}
		floor, keep, k = right, room, n
	}
	// A crowd at the end may push marks past the drawing's edge: then
	// squeeze everything back in.
	edge := float64(ovWidth - ovRight)
	for _, m := range ov.Marks {
		edge = max(edge, m.X+m.W)
	}
	if f := float64(ovWidth-ovRight-ovLeft) / (edge - ovLeft); f < 1 {
		for _, it := range items {
			*it.at = round1(ovLeft + (*it.at-ovLeft)*f)
		}
		for i := range ov.Marks {
			ov.Marks[i].W = round1(ov.Marks[i].W * f)
		}
	}
}

func entryEnd(e claimline.Entry) time.Time {
	if !e.EndDate.IsZero() {
		return e.EndDate.End()
	}
	return e.Date.End()
}

// ticks labels a segment at years, quarters, months, weeks, every other day
// or days: the
// coarsest step that gives a label, refined while a finer step gives two or
// more labels that still fit the segment's width.
func ticks(s segment, nsegs int) []axisTick {
	type step struct {
		y, m, d int
		layout  string
		iso     func(t time.Time) (string, string) // the period the label names
	}
	year := func(t time.Time) (string, string) { return t.Format("2006"), t.Format("2006") }
	month := func(n int) func(t time.Time) (string, string) {
		return func(t time.Time) (string, string) { return t.Format("2006-01"), t.AddDate(0, n-1, 0).Format("2006-01") }
	}
	days := func(n int) func(t time.Time) (string, string) {
		return func(t time.Time) (string, string) {
			return t.Format("2006-01-02"), t.AddDate(0, 0, n-1).Format("2006-01-02")
		}
	}
	steps := []step{{10, 0, 0, "2006", year}, {5, 0, 0, "2006", year}, {1, 0, 0, "2006", year}, {0, 3, 0, "Jan 2006", month(1)},
		{0, 1, 0, "Jan 2006", month(1)}, {0, 0, 7, "2 Jan 2006", days(7)}, {0, 0, 2, "2 Jan", days(2)}, {0, 0, 1, "2 Jan", days(1)}}
	place := func(st step) []axisTick {
		var out []axisTick
		t := time.Date(s.start.Year()/max(st.y, 1)*max(st.y, 1), 1, 1, 0, 0, 0, 0, time.UTC)
		for n := 0; !t.After(s.end) && n < 20000; n++ {
			// Skip labels crowding the segment's right edge, where the next
			// segment's first label sits.
			if x := xOf([]segment{s}, t); !t.Before(s.start) && (nsegs == 1 || x < s.x1-40) {
				tk := axisTick{Tick: Tick{X: x, Label: t.Format(st.layout)}, at: t}
				if st.y <= 1 { // a decade's tick names no single period
					tk.from, tk.to = st.iso(t)
				}
				out = append(out, tk)
			}
			t = t.AddDate(st.y, st.m, st.d)
		}
		return out
	}
	var best []axisTick
	dayLabels := false // best labels days, without their year
	for i, st := range steps {
		// Every other day only where a label a day does not fit.
		if st.d == 2 && fits(place(steps[i+1]), s) {
			continue
		}
		out := place(st)
		switch {
		case len(out) == 0:
			continue
		case best == nil && fits(out, s):
			best, dayLabels = out, st.d == 1 || st.d == 2
		case best != nil && len(out) >= 2 && fits(out, s):
			best, dayLabels = out, st.d == 1 || st.d == 2
		}
		if len(best) >= 2 || !fits(out, s) {
			break
		}
	}
	if dayLabels { // a segment's first day says its year, down the page and across where it fits
		short := best[0].Label
		best[0].VLabel = best[0].at.Format("2 Jan 2006")
		if best[0].Label = best[0].VLabel; !fits(best, s) {
			best[0].Label = short
		}
	}
	if len(best) == 0 { // a segment shorter than any step: label its middle
		mid := s.start.Add(s.end.Sub(s.start) / 2)
		day := mid.Format("2006-01-02")
		best = []axisTick{{Tick: Tick{X: round1((s.x0 + s.x1) / 2), Label: mid.Format("2 Jan 2006")}, from: day, to: day}}
	}
	return best
}

// axisTick is a tick with the period its label names.
type axisTick struct {
	Tick
	from, to string
	at       time.Time
}

// fits reports whether neighbouring labels, centred on their ticks at about
// 7 px a character, keep a gap between them.
func fits(ts []axisTick, s segment) bool {
	for i := 1; i < len(ts); i++ {
		need := float64(7*(len(ts[i-1].Label)+len(ts[i].Label)))/2 + 10
		if ts[i].X-ts[i-1].X < need {
			return false
		}
	}
	return true
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// num formats a coordinate for an SVG attribute.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// itoa formats an integer coordinate for an SVG attribute.
func itoa(i int) string { return strconv.Itoa(i) }

// zigzag is the path of a break line from y0 to y1 at x.
func zigzag(x, y0, y1 float64) string {
	var b strings.Builder
	b.WriteString("M" + num(x) + " " + num(y0))
	for y, side := y0+6, 1.0; y < y1; y, side = y+6, -side {
		b.WriteString(" L" + num(x+3*side) + " " + num(y))
	}
	b.WriteString(" L" + num(x) + " " + num(y1))
	return b.String()
}
