package dates

import (
	"strings"
	"testing"

	"claimline/internal/claimline"
)

// TestOtherForms covers forms a reviewer met in the reports of Norges
// Bank's rate rises of 2023 and around them: weekdays before a date,
// datelines, newswire stamps and days written with a full stop before a
// Norwegian, Danish, Swedish or German month. The sentences are from
// public reports (a ministry's and a governor's holiday notices, Reuters
// on Nasdaq, Norges Bank's releases, NTB, Ritzau and cash.ch); the values
// were annotated by reading them.
func TestOtherForms(t *testing.T) {
	tests := []findCase{
		// Weekdays before their dates, in full or cut short.
		{"The Minister of Interior, Ambrose Dery, has declared Monday, 1st May 2023 as a statutory public holiday.", "2023-04-26",
			[]found{{"Monday, 1st May 2023", "2023-05-01", "1 May 2023"}}},
		{"His Excellency the Governor, has directed that Friday, 17 November 2023, shall be observed as a Public Holiday", "2023-07-26",
			[]found{{"Friday, 17 November 2023", "2023-11-17", "17 Nov 2023"}}},
		{"Friday, May 5, 2023", "", []found{{"Friday, May 5, 2023", "2023-05-05", "5 May 2023"}}},
		{"Fri 5 May 2023", "", []found{{"Fri 5 May 2023", "2023-05-05", "5 May 2023"}}},
		{"Thu, 04 May 2023 08:01:30 GMT", "", []found{{"Thu, 04 May 2023 08:01:30 GMT", "2023-05-04T08:01:30", "4 May 2023, 08:01:30"}}},
		// A weekday that is not the date's: the date as written, one mark
		// (the weekday is not read on its own); a short name is no weekday.
		{"Monday 5 May 2023", "2023-06-23", []found{{"Monday 5 May 2023", "2023-05-05", "5 May 2023"}}},
		{"Sat 5 May 2023", "2023-06-23", []found{{"5 May 2023", "2023-05-05", "5 May 2023"}}},
		// A weekday counted from publication keeps its own reading: here
		// the writer got the month wrong (Poder360 on Biden's withdrawal,
		// published on Sunday 21 July 2024).
		{"Joe Bidenannounced this Sunday (June 21, 2024) that he will not seek re-election", "2024-07-21",
			[]found{{"this Sunday", "2024-07-21", "21 Jul 2024"}, {"June 21, 2024", "2024-06-21", "21 Jun 2024"}}},
		// Datelines keep their time as written, on their own clock.
		{"May 04, 2023 — 04:01 am EDT\n\nOSLO, May 4 (Reuters) - Norway's central bank raised its benchmark interest rate by 25 basis points (bps) to 3.25% on Thursday", "2023-05-04",
			[]found{{"May 04, 2023 — 04:01 am EDT", "2023-05-04T04:01", "4 May 2023, 04:01"}, {"May 4", "2023-05-04", "4 May 2023"}, {"on Thursday", "2023-05-04", "4 May 2023"}}},
		// A numeric offset is applied, as when the same words are typed.
		{"posted 2023-05-04T04:01:00-04:00 by", "", []found{{"2023-05-04T04:01:00-04:00", "2023-05-04T08:01", "4 May 2023, 08:01"}}},
		{"posted 2023-05-04T22:30-04:00 by", "", []found{{"2023-05-04T22:30-04:00", "2023-05-05T02:30", "5 May 2023, 02:30"}}},
		// Newswire stamps: month first with dashes, a two-digit year and a
		// time with its zone. Without the time, dashes with a two-digit
		// year are no date; two-digit years 69–99 are the 1900s.
		{"06-22-23 0430ET", "", []found{{"06-22-23 0430ET", "2023-06-22T04:30", "22 Jun 2023, 04:30"}}},
		{"06-22-23 04:30 ET", "", []found{{"06-22-23 04:30 ET", "2023-06-22T04:30", "22 Jun 2023, 04:30"}}},
		{"the series stood at 10-12-23 after", "", nil},
		{"filed on 9/18/99", "", []found{{"9/18/99", "1999-09-18", "18 Sep 1999"}}},
		// A day with a full stop before the month, as Norwegian, Danish
		// and German write it.
		{"På møtet 14. august 2024 besluttet komiteen å holde styringsrenten uendret på 4,5 prosent.", "2024-08-15",
			[]found{{"14. august 2024", "2024-08-14", "14 Aug 2024"}}},
		{"Norges Banks komité for pengepolitikk og finansiell stabilitet besluttet på møtet 14. august å holde styringsrenten uendret på 4,5 prosent.", "2024-08-15",
			[]found{{"14. august", "2024-08-14", "14 Aug 2024"}}},
		{"Publisert 4. mai 2023 10:00", "2023-05-04", []found{{"4. mai 2023 10:00", "2023-05-04T10:00", "4 May 2023, 10:00"}}},
		{"Pressekonferanse i forbindelse med rentebeslutning 4. mai 2023", "2023-05-04", []found{{"4. mai 2023", "2023-05-04", "4 May 2023"}}},
		{"Rentesatser gjeldende fra 18. august 2023:", "2023-08-17", []found{{"18. august 2023", "2023-08-18", "18 Aug 2023"}}},
		{"Den nye rentestigning træder i kraft fra fredag den 17. marts 2023.", "2023-03-16", []found{{"17. marts 2023", "2023-03-17", "17 Mar 2023"}}},
		{"* 16. december 2022: Renten hæves med 0,50 procentpoint til 1,75 procent.", "2023-03-16", []found{{"16. december 2022", "2022-12-16", "16 Dec 2022"}}},
		{"Die nächste Zinssitzung ist am 15. Juni angesetzt.", "2023-05-04", []found{{"15. Juni", "2023-06-15", "15 Jun 2023"}}},
		{"Die Sitzung ist am 15. August.", "2023-05-04", []found{{"15. August", "2023-08-15", "15 Aug 2023"}}},
		{"Die EZB hat seit der Zinswende im Juli 2022 die Schlüsselzinsen bereits sieben Mal in Folge angehoben.", "2023-05-04",
			[]found{{"Juli 2022", "2022-07", "Jul 2022"}}},
		{"den 14 augusti 2024", "", []found{{"14 augusti 2024", "2024-08-14", "14 Aug 2024"}}},
		{"Der Beschluss vom 3. Dez. 2023", "", []found{{"3. Dez. 2023", "2023-12-03", "3 Dec 2023"}}},
		// Not read: a month without a day or year in another language, a
		// numbered list, a sentence that ends on a number, the planet.
		{"I desember satte sentralbanken opp styringsrenten med 0,25 prosentpoeng til 2,75 prosent.", "2023-03-23", nil},
		{"Two steps:\n1. August saw the first cut.", "2024-09-13", []found{{"August", "2024-08", "Aug 2024"}}},
		{"The vote was 52 to 3. May Republicans still object?", "2024-09-13", nil},
		{"Mars 2020 landed", "", []found{{"2020", "2020", "2020"}}},
		// Dots put the day first, as every language that writes them does.
		{"Die Sitzung am 10.03.2023 endete ohne Beschluss.", "2023-03-14", []found{{"10.03.2023", "2023-03-10", "10 Mar 2023"}}},
		// German "des" is an article, not Norwegian December; cut short
		// with a full stop, or with a year, it is December.
		{"Die Miete ist bis zum 3. des Monats fällig.", "2023-05-04", nil},
		{"Zahlbar am 15. des Folgemonats.", "2023-05-04", nil},
		{"Møtet ble holdt 14. des. i Oslo.", "2023-12-20", []found{{"14. des.", "2023-12-14", "14 Dec 2023"}}},
		{"Renten ble satt opp 14. des 2023.", "2023-12-20", []found{{"14. des 2023", "2023-12-14", "14 Dec 2023"}}},
		// A weekday cut short joins its date only after a word's end.
		{"ÆThurs., 4 May 2023", "", []found{{"4 May 2023", "2023-05-04", "4 May 2023"}}},
	}
	checkFinds(t, tests)
}

// TestWeekdayDisagrees: a weekday that is not its date's is not read on
// its own (that would make up a date from publication), and the mark says
// which weekday the date is.
func TestWeekdayDisagrees(t *testing.T) {
	ms := Find("The board met on Monday 5 May 2023 to decide.", claimline.MustParseDate("2023-06-23"))
	if len(ms) != 1 {
		t.Fatalf("got %d marks, want 1: %+v", len(ms), ms)
	}
	m := ms[0]
	if m.Text != "Monday 5 May 2023" && m.Text != "on Monday 5 May 2023" || m.Date.ISO() != "2023-05-05" || m.Relative ||
		!strings.Contains(m.Rule, "a Friday") {
		t.Errorf("got %q = %s, relative %v, rule %q", m.Text, m.Date.ISO(), m.Relative, m.Rule)
	}
	// A newswire stamp that either order can read keeps both readings.
	ms = Find("06-05-23 0430ET", claimline.Date{})
	if len(ms) != 1 || !ms[0].Ambiguous() || ms[0].ReadingsDisplay() != "6 May 2023 or 5 Jun 2023" {
		t.Errorf("06-05-23 0430ET: %+v", ms)
	}
}
