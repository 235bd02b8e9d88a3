package dates

import (
	"strings"
	"testing"

	"claimline/internal/claimline"
)

// TestFrench covers French forms in sentences of public French reports on
// the Alaska Airlines door-plug blowout of January 2024 (Journal de
// l'Aviation, Le Monde with AFP, AFP in PME, Reuters in French), on the
// European Central Bank (RTL Belgique, Le Monde) and on the French pension
// reform (AFP). The values were annotated by reading them; the words that
// are no dates ("737 MAX 9", "vol 1146", "3,75 %") must stay unmarked.
func TestFrench(t *testing.T) {
	tests := []findCase{
		// Journal de l'Aviation, 1 July 2024 (a Monday).
		{"Cet appareil (LN:8789, N704AL) avait été livré neuf à Alaska Airlines fin octobre 2023 et était entré en service en novembre. " +
			"Il avait réalisé 510 heures de vol en 154 cycles avant le grave incident du 5 janvier.", "2024-07-01",
			[]found{{"fin octobre 2023", "2023-10", "Oct 2023"}, {"novembre", "2023-11", "Nov 2023"}, {"5 janvier", "2024-01-05", "5 Jan 2024"}}},
		// Le Monde with AFP, Tuesday 9 January 2024.
		{"L’avion d’Alaska Airlines qui a perdu une porte en vol, dans un hangar de l’aéroport international de Portland (Oregon), le 9 janvier 2024.", "2024-01-09",
			[]found{{"9 janvier 2024", "2024-01-09", "9 Jan 2024"}}},
		{"Le directeur général de Boeing, Dave Calhoun, a reconnu mardi 9 janvier une « erreur » après le décrochage d’une porte lors d’un vol de la compagnie Alaska Airlines, " +
			"qui a entraîné le maintien au sol de dizaines d’avions 737 MAX 9 du constructeur américain.", "2024-01-09",
			[]found{{"mardi 9 janvier", "2024-01-09", "9 Jan 2024"}}},
		// AFP in PME, Saturday 27 January 2024.
		{"La compagnie aérienne américaine avait annoncé sur Internet dans la matinée que son vol 1146 lancerait la remise en service progressive de sa flotte de 65 avions 737 MAX 9. " +
			"Le retour en exploitation de la flotte doit s'étaler jusqu'à début février.", "2024-01-27",
			[]found{{"début février", "2024-02", "Feb 2024"}}},
		{"Le 5 janvier, une porte-bouchon de la carlingue d'un de ses Boeing 737 MAX 9 reliant Portland (Oregon) à Ontario (Californie) s'était décrochée en vol.", "2024-01-27",
			[]found{{"5 janvier", "2024-01-05", "5 Jan 2024"}}},
		{"Le régulateur a annoncé mercredi soir avoir établi un «vaste» programme de maintenance et d'inspections pour permettre à ces avions de reprendre les airs.", "2024-01-27",
			[]found{{"mercredi", "2024-01-24", "24 Jan 2024"}}},
		{"Alaska Airlines a précisé vendredi matin que l'inspection de sa flotte, jusqu'à une douzaine d'heures par appareil, devrait être achevée «d'ici à la fin de la semaine prochaine».", "2024-01-27",
			[]found{{"vendredi", "2024-01-26", "26 Jan 2024"}, {"la semaine prochaine", "2024-W05", "c. 29 Jan 2024 – 4 Feb 2024"}}},
		{"La compagnie estime que l'incident a provoqué l'annulation de 3000 vols en janvier avec des conséquences financières estimées à 150 millions de dollars.", "2024-01-27",
			[]found{{"janvier", "2024-01", "Jan 2024"}}},
		// Reuters in French, Wednesday 24 January 2024.
		{"La FAA a déclaré mercredi qu'elle avait approuvé un processus d'inspection et de maintenance devant permettre aux Boeing 737 MAX 9, immobilisés depuis le 6 janvier, de reprendre du service.", "2024-01-24",
			[]found{{"mercredi", "2024-01-24", "24 Jan 2024"}, {"6 janvier", "2024-01-06", "6 Jan 2024"}}},
		{"L'autorité américaine de l'aviation civile a annoncé dimanche 7 janvier immobiliser 171 avions Boeing 737 MAX 9 pour les inspecter après l’incident d'Alaska Airlines survenu vendredi 5 janvier.", "2024-01-08",
			[]found{{"dimanche 7 janvier", "2024-01-07", "7 Jan 2024"}, {"vendredi 5 janvier", "2024-01-05", "5 Jan 2024"}}},
		// Without a published date: months with their years.
		{"En particulier deux accidents, survenus en octobre 2018 en Indonésie et en mars 2019 en Éthiopie, dus à un système de stabilisation en vol défaillant", "",
			[]found{{"octobre 2018", "2018-10", "Oct 2018"}, {"mars 2019", "2019-03", "Mar 2019"}}},
		// RTL Belgique, Thursday 11 April 2024.
		{"Le taux de dépôt, qui fait référence, reste à 4,0%, son niveau le plus haut depuis le lancement de la monnaie unique en 1999.", "2024-04-11",
			[]found{{"1999", "1999", "1999"}}},
		{"Christine Lagarde, la présidente de l'institution monétaire, avait expliqué en mars que les responsables de la BCE n'étaient \"pas suffisamment confiants\" pour desserrer l'étau monétaire. " +
			"Le Conseil des gouverneurs le confirme jeudi, mais a toutefois laissé entendre par voie de communiqué qu'une baisse des taux pourrait être envisagée en juin.", "2024-04-11",
			[]found{{"mars", "2024-03", "Mar 2024"}, {"jeudi", "2024-04-11", "11 Apr 2024"}, {"juin", "2024-06", "Jun 2024"}}},
		// Le Monde, Thursday 12 September 2024 (the commas as the page has them).
		{"La Banque centrale européenne (BCE) s’est contentée du strict minimum,jeudi 12 septembre. Elle a annoncé comme attendu une baisse de son taux d’intérêt directeur de 3,75 % à 3,5 %," +
			"après une première baisse de la même ampleur en juin,mais refuse de s’engager sur de prochaines baisses.", "2024-09-12",
			[]found{{"jeudi 12 septembre", "2024-09-12", "12 Sep 2024"}, {"juin", "2024-06", "Jun 2024"}}},
		{"L’institution monétaire parie sur une croissance légèrement plus forte en 2025,à 1,3 % dans la zone euro.", "2024-09-12",
			[]found{{"2025", "2025", "2025"}}},
		// Le Monde, Thursday 11 September 2025.
		{"C’est à cet exercice délicat que s’est prêté, jeudi 11 septembre, Christine Lagarde, la présidente de la Banque centrale européenne (BCE).", "2025-09-11",
			[]found{{"jeudi 11 septembre", "2025-09-11", "11 Sep 2025"}}},
		{"Le conseil des gouverneurs de l’institution avait décidé, à l’unanimité, de laisser les taux d’intérêt directeurs inchangés, comme en juillet, après huit baisses en un peu plus d’un an.", "2025-09-11",
			[]found{{"juillet", "2025-07", "Jul 2025"}}},
		{"Pour la suite, Mme Lagarde l’a répété comme elle le fait depuis le mois de juin, la BCE fixe sa politique « réunion par réunion ».", "2025-09-11",
			[]found{{"juin", "2025-06", "Jun 2025"}}},
		// AFP on the pension reform, Monday 6 and Tuesday 7 February 2023.
		{"Retraites : le ton se durcit à l'Assemblée, avant la rue mardi", "2023-02-06", []found{{"mardi", "2023-02-07", "7 Feb 2023"}}},
		{"Les débats sur la réforme des retraites ont commencé lundi à l’Assemblée nationale dans un hémicycle chauffé à blanc à la veille d’une nouvelle journée de mobilisation syndicale.", "2023-02-07",
			[]found{{"lundi", "2023-02-06", "6 Feb 2023"}}},
	}
	checkFinds(t, tests)
}

// TestFrenchForms covers each French form, against Wednesday 10 January
// 2024, and the words that look like French dates and are not.
func TestFrenchForms(t *testing.T) {
	tests := []findCase{
		{"L'incident s'est produit le 6 janvier.", "2024-01-10", []found{{"6 janvier", "2024-01-06", "6 Jan 2024"}}},
		{"Le vote aura lieu le 1er février.", "2024-01-10", []found{{"1er février", "2024-02-01", "1 Feb 2024"}}},
		{"Le rapport sera publié le 6 janvier.", "2024-01-10", []found{{"6 janvier", "2025-01-06", "6 Jan 2025"}}},
		{"depuis le 5 janvier dernier", "2024-01-10", []found{{"5 janvier dernier", "2024-01-05", "5 Jan 2024"}}},
		{"Le sommet se tiendra jeudi 11 janvier.", "2024-01-10", []found{{"jeudi 11 janvier", "2024-01-11", "11 Jan 2024"}}},
		{"Les ventes ont baissé en novembre 2023, et en décembre.", "2024-01-10", []found{{"novembre 2023", "2023-11", "Nov 2023"}, {"décembre", "2023-12", "Dec 2023"}}},
		{"Les travaux reprendront courant mars, puis mi-avril.", "2024-01-10", []found{{"courant mars", "2024-03", "Mar 2024"}, {"mi-avril", "2024-04", "Apr 2024"}}},
		{"La hausse date d'octobre.", "2024-01-10", []found{{"octobre", "2023-10", "Oct 2023"}}},
		{"Il l'a dit lundi dernier et le redira mardi prochain.", "2024-01-10", []found{{"lundi dernier", "2024-01-08", "8 Jan 2024"}, {"mardi prochain", "2024-01-16", "16 Jan 2024"}}},
		{"Le ministre a démissionné mardi.", "2024-01-10", []found{{"mardi", "2024-01-09", "9 Jan 2024"}}},
		{"Le ministre se rendra à Lyon mardi.", "2024-01-10", []found{{"mardi", "2024-01-16", "16 Jan 2024"}}},
		{"Hier, aujourd'hui et avant-hier", "2024-01-10", []found{
			{"Hier", "2024-01-09", "9 Jan 2024"}, {"aujourd'hui", "2024-01-10", "10 Jan 2024"}, {"avant-hier", "2024-01-08", "8 Jan 2024"}}},
		{"la semaine dernière, le mois dernier, l'an prochain, cette année", "2024-01-10", []found{
			{"la semaine dernière", "2024-W01", "c. 1 Jan 2024 – 7 Jan 2024"}, {"le mois dernier", "2023-12", "Dec 2023"},
			{"l'an prochain", "2025", "2025"}, {"cette année", "2024", "2024"}}},
		{"Le salon se tient du 5 au 9 janvier, les grèves entre le 5 et le 9 février 2023.", "2024-01-10", []found{
			{"du 5 au 9 janvier", "2024-01-05", "5 Jan 2024 – 9 Jan 2024"}, {"entre le 5 et le 9 février 2023", "2023-02-05", "5 Feb 2023 – 9 Feb 2023"}}},
		{"Le 6 janv. 2024 et le 3 déc.", "2024-01-10", []found{{"6 janv. 2024", "2024-01-06", "6 Jan 2024"}, {"3 déc.", "2023-12-03", "3 Dec 2023"}}},
		// Not dates: the planet, a brand, a name, seven years, a feast, a newspaper.
		{"La sonde a atterri sur Mars en février 2021 ; Mars et Mai sont des marques.", "2024-01-10", []found{{"février 2021", "2021-02", "Feb 2021"}}},
		{"Le rover de la mission Mars 2020 est arrivé depuis sept ans.", "2024-01-10", []found{{"2020", "2020", "2020"}}},
		{"Mardi gras, Aujourd'hui en France et le Champ-de-Mars.", "2024-01-10", nil},
		{"the scandal mars his record", "2024-01-10", nil},
	}
	checkFinds(t, tests)
}

// TestFrenchWeekdayDisagrees: a French weekday that is not its date's is
// not read on its own either.
func TestFrenchWeekdayDisagrees(t *testing.T) {
	ms := Find("Le conseil s'est réuni lundi 9 janvier 2024.", claimline.MustParseDate("2024-01-12"))
	if len(ms) != 1 || ms[0].Text != "lundi 9 janvier 2024" || ms[0].Date.ISO() != "2024-01-09" || !strings.Contains(ms[0].Rule, "a Tuesday") {
		t.Errorf("got %+v", ms)
	}
}

// English dates whose month French shares ("5 Oct", "12 Nov.") are read by
// the English rules, which read English tenses: the French rules once took
// them and placed a future meeting a year back.
func TestEnglishAbbreviationsStayEnglish(t *testing.T) {
	pub := claimline.MustParseDate("2024-04-01")
	for text, want := range map[string]string{
		"The board will meet on 5 Oct to decide.":   "2024-10-05",
		"The vote is set for 12 Nov.":               "2024-11-12",
		"La réunion aura lieu le 5 oct. à Paris.":   "2024-10-05",
		"Il a parlé le 3 sept dernier à la presse.": "2023-09-03",
	} {
		ms := Find(text, pub)
		if len(ms) != 1 || !ms[0].Resolved || ms[0].Date.ISO() != want {
			t.Errorf("%q: %+v, want one date, %s", text, ms, want)
		}
	}
}
