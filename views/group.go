package views

import (
	"fmt"
	"time"

	"claimline/internal/claimline"
)

// YearGroup is one year of a timeline: entries dated only to the year, then
// one group per month.
type YearGroup struct {
	Year     int
	YearOnly []claimline.Entry
	Months   []MonthGroup
}

// MonthGroup is one month of a timeline, month-precision entries first.
type MonthGroup struct {
	Label   string // "September 2024"
	Anchor  string // "2024-09"
	Entries []claimline.Entry
	month   int
}

// GroupEntries groups entries, already in timeline order, by year and month.
func GroupEntries(entries []claimline.Entry) []YearGroup {
	var out []YearGroup
	for _, e := range entries {
		d := e.Date
		if len(out) == 0 || out[len(out)-1].Year != d.Year {
			out = append(out, YearGroup{Year: d.Year})
		}
		y := &out[len(out)-1]
		if d.Precision == claimline.PrecisionYear {
			y.YearOnly = append(y.YearOnly, e)
			continue
		}
		if len(y.Months) == 0 || y.Months[len(y.Months)-1].month != d.Month {
			y.Months = append(y.Months, MonthGroup{month: d.Month,
				Label: fmt.Sprintf("%s %d", time.Month(d.Month), d.Year), Anchor: fmt.Sprintf("%04d-%02d", d.Year, d.Month)})
		}
		m := &y.Months[len(y.Months)-1]
		m.Entries = append(m.Entries, e)
	}
	return out
}
