package claimline

import (
	"errors"
	"sort"
	"strings"
	"testing"
)

func TestParseDateAccepts(t *testing.T) {
	tests := []struct {
		in      string
		iso     string
		display string
		approx  bool
	}{
		{"2024", "2024", "2024", false},
		{"2024-09", "2024-09", "Sep 2024", false},
		{"2024-9", "2024-09", "Sep 2024", false},
		{"2024-09-12", "2024-09-12", "12 Sep 2024", false},
		{"2024-09-12 14:30", "2024-09-12T14:30", "12 Sep 2024, 14:30", false},
		{"2024-09-12T08:05", "2024-09-12T08:05", "12 Sep 2024, 08:05", false},
		{"Sep 2024", "2024-09", "Sep 2024", false},
		{"September 2024", "2024-09", "Sep 2024", false},
		{"sept. 2024", "2024-09", "Sep 2024", false},
		{"12 Sep 2024", "2024-09-12", "12 Sep 2024", false},
		// A numeric date that one order only can read: 22 is no month.
		{"22/06/2023", "2023-06-22", "22 Jun 2023", false},
		{"06/22/2023", "2023-06-22", "22 Jun 2023", false},
		{"22.06.2023", "2023-06-22", "22 Jun 2023", false},
		// Dots put the day first, as every language that writes them does.
		{"10.03.2023", "2023-03-10", "10 Mar 2023", false},
		{"3.4.24", "2024-04-03", "3 Apr 2024", false},
		{"12th September 2024", "2024-09-12", "12 Sep 2024", false},
		{"September 12, 2024", "2024-09-12", "12 Sep 2024", false},
		{"Sep 12 2024", "2024-09-12", "12 Sep 2024", false},
		{"12 Sep 2024, 14:30", "2024-09-12T14:30", "12 Sep 2024, 14:30", false},
		{"12 Sep 2024 at 9:05", "2024-09-12T09:05", "12 Sep 2024, 09:05", false},
		{"c. Oct 2023", "2023-10", "Oct 2023", true},
		{"C. Oct 2023", "2023-10", "Oct 2023", true},
		{"c.Oct 2023", "2023-10", "Oct 2023", true},
		{"c 2023", "2023", "2023", true},
		{"circa 2023-10", "2023-10", "Oct 2023", true},
		{"~2023-10", "2023-10", "Oct 2023", true},
		{"~ 2023-10", "2023-10", "Oct 2023", true},
		{"  2024-02-29 ", "2024-02-29", "29 Feb 2024", false},
		{"10/2023", "2023-10", "Oct 2023", false},
		{"2024/09/12", "2024-09-12", "12 Sep 2024", false},
		// A weekday before the date, in full or cut short, when it is the
		// date's own: 5 May 2023 was a Friday. The last three as written in
		// reports: a Ghanaian ministry's holiday notice, St Helena's
		// Governor's notice and a Danish report of Nationalbanken's rates.
		{"Friday 5 May 2023", "2023-05-05", "5 May 2023", false},
		{"Friday, 5 May 2023", "2023-05-05", "5 May 2023", false},
		{"Fri 5 May 2023", "2023-05-05", "5 May 2023", false},
		{"Fri., May 5, 2023", "2023-05-05", "5 May 2023", false},
		{"Friday, May 5, 2023", "2023-05-05", "5 May 2023", false},
		{"c. Friday 5 May 2023", "2023-05-05", "5 May 2023", true},
		{"Monday, 1st May 2023", "2023-05-01", "1 May 2023", false},
		{"Friday, 17 November 2023", "2023-11-17", "17 Nov 2023", false},
		{"fredag den 17. marts 2023", "2023-03-17", "17 Mar 2023", false},
		{"Freitag, den 5. Mai 2023", "2023-05-05", "5 May 2023", false},
		// Datelines: a time with a.m. or p.m. and the zone's name. The day
		// and time are kept as the dateline gives them, on its own clock
		// (as the source reader keeps them); only an ISO offset is
		// converted to UTC. The first as Nasdaq printed Reuters' report of
		// Norges Bank's rise on 4 May 2023, the fourth as Norges Bank's own
		// Norwegian release is stamped.
		{"May 04, 2023 — 04:01 am EDT", "2023-05-04T04:01", "4 May 2023, 04:01", false},
		{"May 4, 2023 4:01 PM ET", "2023-05-04T16:01", "4 May 2023, 16:01", false},
		{"4 May 2023 16:01 CEST", "2023-05-04T16:01", "4 May 2023, 16:01", false},
		{"4. mai 2023 10:00", "2023-05-04T10:00", "4 May 2023, 10:00", false},
		{"Sep 30, 2025 at 8:05 p.m. CDT", "2025-09-30T20:05", "30 Sep 2025, 20:05", false},
		{"12 Sep 2024 12:30 am", "2024-09-12T00:30", "12 Sep 2024, 00:30", false},
		{"12 Sep 2024, 12:00 PM", "2024-09-12T12:00", "12 Sep 2024, 12:00", false},
		{"Thu, 04 May 2023 08:01:30 GMT", "2023-05-04T08:01:30", "4 May 2023, 08:01:30", false},
		{"2023-05-04 4:01 PM ET", "2023-05-04T16:01", "4 May 2023, 16:01", false},
		{"2023-05-04T04:01:00-04:00", "2023-05-04T08:01", "4 May 2023, 08:01", false},
		// Newswire stamps, month first with dashes and a two-digit year;
		// two-digit years 00–68 are 2000–2068, 69–99 are 1969–1999.
		{"06-22-23 0430ET", "2023-06-22T04:30", "22 Jun 2023, 04:30", false},
		{"06-22-23 04:30 ET", "2023-06-22T04:30", "22 Jun 2023, 04:30", false},
		{"22-06-2023", "2023-06-22", "22 Jun 2023", false},
		{"22/06/23", "2023-06-22", "22 Jun 2023", false},
		{"22/06/2023 14:30", "2023-06-22T14:30", "22 Jun 2023, 14:30", false},
		{"12/31/99", "1999-12-31", "31 Dec 1999", false},
		{"31.12.68", "2068-12-31", "31 Dec 2068", false},
		{"31.12.69", "1969-12-31", "31 Dec 1969", false},
		// A day with a full stop and a month's name in Norwegian, Danish,
		// Swedish or German (Norges Bank: "På møtet 14. august 2024").
		{"14. august 2024", "2024-08-14", "14 Aug 2024", false},
		{"5. Mai 2023", "2023-05-05", "5 May 2023", false},
		{"1. januar 2024", "2024-01-01", "1 Jan 2024", false},
		{"14. mars 2024", "2024-03-14", "14 Mar 2024", false},
		{"3. März 2023", "2023-03-03", "3 Mar 2023", false},
		{"16. december 2022", "2022-12-16", "16 Dec 2022", false},
		{"24. desember 2023", "2023-12-24", "24 Dec 2023", false},
		{"14 augusti 2024", "2024-08-14", "14 Aug 2024", false},
		{"3. okt. 2023", "2023-10-03", "3 Oct 2023", false},
		{"Dez. 2023", "2023-12", "Dec 2023", false},
		// French, as its reports write dates (Journal de l'Aviation, AFP).
		{"6 janvier 2024", "2024-01-06", "6 Jan 2024", false},
		{"1er février 2024", "2024-02-01", "1 Feb 2024", false},
		{"mardi 9 janvier 2024", "2024-01-09", "9 Jan 2024", false},
		{"octobre 2023", "2023-10", "Oct 2023", false},
		{"13 déc. 2023", "2023-12-13", "13 Dec 2023", false},
		{"le 5 août 2024", "2024-08-05", "5 Aug 2024", false},
		{"juni 2023", "2023-06", "Jun 2023", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, approx, err := ParseDate(tt.in)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tt.in, err)
			}
			if d.ISO() != tt.iso || d.Display() != tt.display || approx != tt.approx {
				t.Errorf("ParseDate(%q) = %q / %q / approx %v, want %q / %q / %v", tt.in, d.ISO(), d.Display(), approx, tt.iso, tt.display, tt.approx)
			}
		})
	}
}

func TestParseDateRefuses(t *testing.T) {
	tests := []struct {
		in   string
		want string // a part of the message that says why
	}{
		{"", "Enter a date"},
		{"2024-02-30", "February 2024 has only 29 days"},
		{"2023-02-29", "February 2023 has only 28 days"},
		{"2024-13", "there is no month 13"},
		{"2024-00", "there is no month 0"},
		{"2024-09-00", "there is no day 0"},
		{"03/04/2024", "ambiguous: it could be 3 April or 4 March"},
		{"31/02/2024", "February 2024 has only 29 days"}, // only day first can be meant
		{"03/04/24", "ambiguous"},
		{"2024-09-12 25:00", "not a time"},
		{"2024-09-12 12:60", "not a time"},
		{"yesterday", "not a date we understand"},
		{"Sep", "not a date we understand"},
		{"12 Foo 2024", "not a date we understand"},
		{"0000", "four digits, 1000 to 9999"},
		{"0999-01", "four digits"},
		{"31 Apr 2024", "April 2024 has only 30 days"},
		{"c.", "not a date we understand"},
		// A weekday that is not the date's: say which weekday the date is.
		{"Monday 5 May 2023", "5 May 2023 is a Friday, not a Monday"},
		{"Sat, May 5, 2023", "5 May 2023 is a Friday, not a Saturday"},
		{"mandag 5. mai 2023", "5 May 2023 is a Friday, not a Monday"},
		{"Friday May 2023", "a weekday needs a day of the month"},
		{"Friday", "not a date we understand"},
		{"May 4, 2023 13:01 PM ET", "13:01 PM is not a time"},
		// Dashes and a two-digit year: the year may come first (Swedish
		// short dates), so neither order is guessed.
		{"24-09-12", "ambiguous: with dashes and a two-digit year"},
		// The message quotes all that was typed, not the part before a
		// time or zone it could not read.
		{"12 Sep 2024 CET", "“12 Sep 2024 CET” is not a date we understand"},
		{"12 Sep 2024 14:30 - 15:30", "“12 Sep 2024 14:30 - 15:30” is not a date we understand"},
		{"May 4, 2023 0:30 am", "0:30 AM is not a time"},
		{"May 4, 2023 4:01 PM XYZ", "not a date we understand"},
		{"Sep 2024 14:30", "a time needs a day"},
		{"06-22-23 0430", "not a date we understand"}, // a four-digit time only with its zone, as wires write it
		{"03/04/24", "it could be 3 April or 4 March"},
		{"3/4/202", "the year must have four digits"},
		{"mai", "not a date we understand"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, _, err := ParseDate(tt.in)
			if err == nil {
				t.Fatalf("ParseDate(%q) accepted it", tt.in)
			}
			if ErrorCode(err) != EINVALID {
				t.Errorf("code = %q, want %q", ErrorCode(err), EINVALID)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseDate(%q) error %q does not say %q", tt.in, err, tt.want)
			}
		})
	}
}

// TestAmbiguousDateIsTold: the refusals of numeric dates whose order of day
// and month is unclear carry ErrAmbiguousDate, and no other refusal does,
// whatever its message says.
func TestAmbiguousDateIsTold(t *testing.T) {
	for in, want := range map[string]bool{
		"03/04/2024": true, "31/02/2024": false, "3/4/2024": true, "03/04/24": true, "c. 03/04/2024": true,
		"2024-13": false, "yesterday": false, "ambiguous": false, "ambiguous 2024": false, "": false,
	} {
		_, _, err := ParseDate(in)
		if err == nil || ErrorCode(err) != EINVALID || errors.Is(err, ErrAmbiguousDate) != want {
			t.Errorf("ParseDate(%q): %v; ambiguous %v, want %v", in, err, errors.Is(err, ErrAmbiguousDate), want)
		}
	}
}

// A month sorts before the days in it; a day before its times; the display
// never shows a day the user did not give.
func TestDateOrderAndDisplay(t *testing.T) {
	in := []string{"2024-09-12 14:30", "12 Sep 2024", "Sep 2024", "2024", "c. Oct 2023", "2024-09-01", "Feb 2022"}
	ds := make([]Date, len(in))
	for i, s := range in {
		ds[i] = MustParseDate(s)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i].Before(ds[j]) })
	var got []string
	for _, d := range ds {
		got = append(got, d.Display())
	}
	want := []string{"Feb 2022", "Oct 2023", "2024", "Sep 2024", "1 Sep 2024", "12 Sep 2024", "12 Sep 2024, 14:30"}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Errorf("order = %v\nwant    %v", got, want)
	}
	if s := FormatDate(MustParseDate("2023-10"), true); s != "c. Oct 2023" {
		t.Errorf("FormatDate approx = %q, want c. Oct 2023", s)
	}
}

// FuzzParseDate: any input is either refused with EINVALID or gives a date
// whose ISO and display forms parse back to the same date.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024", "2024-09", "c. Oct 2023", "12 Sep 2024, 14:30", "03/04/2024", "~2023-10", "September 12, 2024", "2024-02-30", "\xff",
		"Friday, 5 May 2023", "Monday 5 May 2023", "May 04, 2023 — 04:01 am EDT", "06-22-23 0430ET", "14. august 2024", "fredag den 17. marts 2023"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, approx, err := ParseDate(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ParseDate(%q): error code %q", s, ErrorCode(err))
			}
			return
		}
		for _, form := range []string{d.ISO(), d.Display(), FormatDate(d, approx)} {
			back, backApprox, err := ParseDate(form)
			if err != nil {
				t.Fatalf("ParseDate(%q) = %v, but its form %q does not parse: %v", s, d, form, err)
			}
			if back != d {
				t.Fatalf("ParseDate(%q) = %+v; %q parses to %+v", s, d, form, back)
			}
			if form == FormatDate(d, approx) && backApprox != approx {
				t.Fatalf("approximate lost through %q", form)
			}
		}
	})
}

// The fast ISO reader agrees with ParseDate on every ISO form, and refuses
// what is not one.
func FuzzParseISODate(f *testing.F) {
	for _, s := range []string{"2024", "2024-09", "2024-09-12", "2024-09-12T14:30", "2024-02-30", "2024-13", "2024-9", "abcd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseISODate(s)
		if err != nil {
			return
		}
		if d.ISO() != s {
			t.Fatalf("ParseISODate(%q) = %v, which writes back as %q", s, d, d.ISO())
		}
		if s == "" {
			return
		}
		want, _, err := ParseDate(s)
		if err != nil || want != d {
			t.Fatalf("ParseISODate(%q) = %+v; ParseDate = %+v, %v", s, d, want, err)
		}
	})
}

func TestParseDateIn(t *testing.T) {
	for _, tt := range []struct {
		in    string
		order DateOrder
		want  string
		ok    bool
	}{
		{"03/04/2024", "dmy", "2024-04-03", true},
		{"03/04/2024", "mdy", "2024-03-04", true},
		{"c. 03/04/2024", "dmy", "2024-04-03", true},
		{"13/04/2024", "mdy", "", false},
		{"03/04/2024", "", "", false},
		{"12 Sep 2024", "mdy", "2024-09-12", true},
		// Two-digit years are read as everywhere else (00–68 are 2000–2068).
		{"03/04/24", "dmy", "2024-04-03", true},
		{"03/04/24", "mdy", "2024-03-04", true},
		{"22/06/23", "mdy", "", false},
		{"06-22-23 0430ET", "mdy", "2023-06-22T04:30", true},
		{"03/04/2024 14:30", "dmy", "2024-04-03T14:30", true},
	} {
		d, _, err := ParseDateIn(tt.in, tt.order)
		if (err == nil) != tt.ok || (tt.ok && d.ISO() != tt.want) {
			t.Errorf("ParseDateIn(%q, %q) = %v, %v; want %q", tt.in, tt.order, d, err, tt.want)
		}
	}
}

func TestISOPadsEveryPart(t *testing.T) {
	for _, tt := range []struct {
		d    Date
		want string
	}{
		{Date{Year: 1000, Precision: PrecisionYear}, "1000"},
		{Date{Year: 2023, Month: 1, Precision: PrecisionMonth}, "2023-01"},
		{Date{Year: 2024, Month: 9, Day: 3, Precision: PrecisionDay}, "2024-09-03"},
		{Date{Year: 9999, Month: 12, Day: 31, Hour: 0, Minute: 5, Precision: PrecisionMinute}, "9999-12-31T00:05"},
		{Date{}, ""},
	} {
		if got := tt.d.ISO(); got != tt.want {
			t.Errorf("%+v.ISO() = %q, want %q", tt.d, got, tt.want)
		}
	}
}
