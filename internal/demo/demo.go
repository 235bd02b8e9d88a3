// Package demo fills an empty database with a demo timeline built from the
// September 2024 long-range missile story, in claimline's own words.
package demo

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"claimline/internal/app"
	"claimline/internal/claimline"
)

// Articles holds the five seed articles on the story, as a user would upload
// them. They are the demo's sources and the tests' fixtures.
//
//go:embed articles/*.txt
var Articles embed.FS

// ArticleFiles returns the articles' file names in order.
func ArticleFiles() []string {
	names, _ := fs.Glob(Articles, "articles/*.txt")
	sort.Strings(names)
	return names
}

// Slug is the demo timeline's address.
const Slug = "long-range-strike-restrictions-2024"

// entries of the demo timeline, deliberately not in date order: the store
// sorts them. Dates the articles give only relatively ("on Thursday") are
// resolved to the week of 9 September 2024; the one the articles leave
// vaguest is marked approximate.
var entries = []claimline.EntryInput{
	{Date: "2024-09-12", Kind: "statement", Title: "Putin: Western long-range strikes would mean NATO is at war with Russia",
		Description: "Putin says that letting Ukraine hit targets deep inside Russia with Western long-range missiles would make NATO countries direct parties to the war, and that Moscow would decide its response to the threats that creates. Outlets differ on where he said it: to reporters, or on state television.",
		Actors:      []string{"Vladimir Putin"}, Tags: []string{"escalation", "long-range missiles"}},
	{Date: "Feb 2022", Kind: "action", Title: "Russia's full-scale invasion of Ukraine begins",
		Description: "The background to every later request for weapons and every restriction on their use.",
		Actors:      []string{"Russia"}, Tags: []string{"background"}},
	{Date: "Oct 2023", Kind: "policy_move", Title: "The US supplies ATACMS missiles to Ukraine",
		Description: "Ukraine receives Army Tactical Missile System missiles; from then on Kyiv presses for permission to use longer-range systems against targets inside Russia.",
		Actors:      []string{"United States", "Ukraine"}, Tags: []string{"ATACMS", "long-range missiles"}},
	{Date: "c. 2024-09-10", Kind: "statement", Title: "Congressional Ukraine caucus urges Biden to allow strikes inside Russia",
		Description: "The bipartisan caucus asks the president to let Kyiv strike targets within Russia with long-range weapons; the article gives only \"on Tuesday\".",
		Actors:      []string{"Congressional Ukraine Caucus", "Joe Biden"}, Tags: []string{"US Congress", "long-range missiles"}},
	{Date: "2024-09-11", Kind: "statement", Title: "Blinken in Kyiv: the US will \"adjust and adapt\" its support",
		Description: "On a visit to Kyiv with UK Foreign Secretary David Lammy, Blinken signals that Washington may revisit the limits on Ukraine's use of US weapons as the battlefield changes, and says he will report to President Biden.",
		Actors:      []string{"Antony Blinken", "David Lammy"}, Tags: []string{"diplomacy", "long-range missiles"}},
	{Date: "2024-09-12", Kind: "statement", Title: "Pentagon: current restrictions on US-supplied weapons remain in effect",
		Description: "A Pentagon spokesperson calls Putin's words irresponsible nuclear saber-rattling and says nothing so far requires a change in US strategic posture.",
		Actors:      []string{"Pentagon"}, Tags: []string{"long-range missiles"}},
	{Date: "2024-09-12", Kind: "statement", Title: "Starmer: \"Russia started this conflict\"",
		Description: "On his flight to Washington, the British prime minister answers Putin: Russia began the war, can end it at once, and Ukraine has the right to defend itself.",
		Actors:      []string{"Keir Starmer"}, Tags: []string{"diplomacy"}},
	{Date: "2024-09-13", Kind: "policy_move", Title: "Biden and Starmer meet in Washington on long-range strikes",
		Description: "The two leaders are expected to discuss whether to lift the restrictions on Ukraine's use of long-range missiles such as ATACMS and Storm Shadow.",
		Actors:      []string{"Joe Biden", "Keir Starmer"}, Tags: []string{"diplomacy", "Storm Shadow", "long-range missiles"}},
}

// Load creates the demo timeline unless the database already has timelines.
// It reports whether it created anything.
func Load(ctx context.Context, a *app.App) (bool, error) {
	existing, err := a.Timelines.List(ctx)
	if err != nil {
		return false, err
	}
	if len(existing) > 0 {
		return false, nil
	}
	ctx = claimline.NewContextWithUser(ctx, &claimline.User{Username: AdminName, Role: claimline.RoleAdmin})
	t, err := a.Timelines.Create(ctx, claimline.TimelineInput{
		Slug:        Slug,
		Title:       "Long-range strike restrictions, Sep 2024",
		Description: "Putin's warning that Western long-range missiles used deep inside Russia would put NATO at war with Russia, and the US–UK debate over lifting the limits on Ukraine's use of ATACMS and Storm Shadow.",
	})
	if err != nil {
		return false, fmt.Errorf("demo timeline: %w", err)
	}
	ids := map[string]int64{}
	for _, in := range entries {
		e, err := a.Timelines.CreateEntry(ctx, t.ID, in)
		if err != nil {
			return false, fmt.Errorf("demo entry %q: %w", in.Title, err)
		}
		ids[in.Title] = e.ID
	}
	sources, err := loadSources(ctx, a.Sources)
	if err != nil {
		return false, err
	}
	return true, loadEvidence(ctx, a.Claims, ids, sources)
}

// AdminName is the demo admin's user name.
const AdminName = "demo"

// SetAdmin gives the demo admin this password, creating the admin when
// there is none yet.
func SetAdmin(ctx context.Context, users *app.Users, password string) error {
	u, err := users.ByName(ctx, AdminName)
	switch claimline.ErrorCode(err) {
	case claimline.ENOTFOUND:
		_, err = users.Add(ctx, AdminName, claimline.RoleAdmin, password)
	case "":
		err = users.ResetPassword(ctx, u.ID, password)
	}
	if err != nil {
		return fmt.Errorf("demo admin: %w", err)
	}
	return nil
}

// sourceMeta gives each seed article a short title, an outlet and a
// published date of our own: the files carry no metadata. The articles
// report remarks made on Thursday 12 September 2024 and were published on
// 12–13 September 2024, which is what resolves their "on Thursday" and
// "on Tuesday".
var sourceMeta = map[string]claimline.SourceInput{
	"000": {Title: "Russia warns the West over long-range missiles", Outlet: "World news site", Published: "2024-09-13", Grade: "C"},
	"001": {Title: "Putin warns of war with the US and NATO", Outlet: "US news site", Published: "2024-09-12", Grade: "B"},
	"002": {Title: "Putin: NATO would be at war with Russia", Outlet: "CNN-based report", Published: "2024-09-13", Grade: "B"},
	"003": {Title: "Putin vows a fierce response, on state TV", Outlet: "Tabloid site", Published: "2024-09-13", Grade: "C"},
	"004": {Title: "Analysis: NATO–Russia conflict escalates", Outlet: "Analysis blog", Published: "2024-09-13", Grade: "D",
		Notes: "An analysis piece; its claim that the US and UK were already allowing deep strikes is not borne out by the other reports."},
}

func loadSources(ctx context.Context, lib *app.Sources) (map[string]int64, error) {
	out := map[string]int64{}
	for _, name := range ArticleFiles() {
		b, err := Articles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		key := name[len("articles/") : len("articles/")+3]
		src, _, err := lib.AddDocument(ctx, claimline.Document{Name: path.Base(name), Data: b, Meta: sourceMeta[key]})
		if err != nil {
			return nil, fmt.Errorf("demo source %s: %w", name, err)
		}
		out[key] = src.ID
	}
	return out, nil
}

// A demo claim: the entry it sits on, its text and claimant, and what each
// article says about it, quoted exactly.
type demoClaim struct {
	entry, text, claimant string
	evidence              []demoEvidence
}

type demoEvidence struct{ source, stance, quote string }

var claims = []demoClaim{
	{"Putin: Western long-range strikes would mean NATO is at war with Russia",
		"Putin said NATO countries would be at war with Russia if Ukraine may strike deep into Russia with Western long-range missiles", "Vladimir Putin",
		[]demoEvidence{
			{"001", "supports", "This will mean that NATO countries, the U.S., and European countries are at war with Russia"},
			{"002", "supports", "This will mean that NATO countries – the United States and European countries – are at war with Russia"},
			{"004", "supports", "NATO would be at war with Russia if the West lifts restrictions on Ukraine’s use of long-range missiles"},
			{"000", "mentions", "Putin warned that such a move would force Moscow to respond with serious consequences"},
		}},
	{"Putin: Western long-range strikes would mean NATO is at war with Russia",
		"Putin made the remarks to reporters", "",
		[]demoEvidence{
			{"002", "supports", "Putin emphasized to reporters on Thursday"},
			{"003", "disputes", "In his latest address on state-run television, Putin warned"},
			{"004", "disputes", "Putin’s comments on state television assert"},
		}},
	{"Pentagon: current restrictions on US-supplied weapons remain in effect",
		"US restrictions on Ukraine's use of US-supplied long-range weapons inside Russia remain in effect", "Pentagon",
		[]demoEvidence{
			{"000", "supports", "the Pentagon has maintained that current restrictions on Ukraine’s use of U.S.-supplied weapons remain in effect"},
			{"002", "supports", "President Joe Biden’s administration has yet to approve longer-range strikes"},
			{"004", "disputes", "signal a shift in policy, allowing Kyiv to strike deep into Russian territory"},
		}},
	{"Blinken in Kyiv: the US will \"adjust and adapt\" its support",
		"Blinken said the US would adjust and adapt its support as the battlefield changes", "Antony Blinken",
		[]demoEvidence{
			{"002", "supports", "we have adjusted and adapted as needs have changed, as the battlefield has changed"},
			{"000", "supports", "will “adjust and adapt” its military support as needed"},
		}},
	{"Starmer: \"Russia started this conflict\"",
		"Starmer said Russia started the conflict and can end it", "Keir Starmer",
		[]demoEvidence{
			{"001", "supports", "Russia started this conflict. Russia illegally invaded Ukraine. Russia can end this conflict straight away."},
			{"000", "supports", "it was Russia who started the war, and only Russia can bring it to an end"},
		}},
	{"Congressional Ukraine caucus urges Biden to allow strikes inside Russia",
		"The bipartisan congressional Ukraine caucus urged Biden to let Kyiv strike targets within Russia", "Congressional Ukraine Caucus",
		[]demoEvidence{
			{"002", "supports", "the bipartisan congressional Ukraine caucus urged the president to allow Kyiv to strike targets within Russia using long-range weapons"},
		}},
	{"The US supplies ATACMS missiles to Ukraine",
		"The US supplied ATACMS missiles to Ukraine in October 2023", "United States",
		[]demoEvidence{
			{"002", "supports", "In October 2023, the US supplied Ukraine with Army Tactical Missile System (ATACMS) missiles"},
		}},
	{"Biden and Starmer meet in Washington on long-range strikes",
		"Biden and Starmer decided at the meeting to lift the restrictions", "", nil},
}

// citations: which articles each entry rests on, with a passage.
var citations = []struct{ entry, source, quote string }{
	{"Russia's full-scale invasion of Ukraine begins", "001", "the full-scale invasion began in February 2022"},
	{"The US supplies ATACMS missiles to Ukraine", "002", "In October 2023, the US supplied Ukraine with Army Tactical Missile System (ATACMS) missiles"},
	{"Congressional Ukraine caucus urges Biden to allow strikes inside Russia", "002", "On Tuesday, the bipartisan congressional Ukraine caucus urged the president"},
	{"Blinken in Kyiv: the US will \"adjust and adapt\" its support", "002", "appearing alongside Ukrainian Foreign Minister Andrii Sybiha and UK Foreign Secretary David Lammy"},
	{"Putin: Western long-range strikes would mean NATO is at war with Russia", "001", "Putin said on Thursday"},
	{"Putin: Western long-range strikes would mean NATO is at war with Russia", "002", ""},
	{"Pentagon: current restrictions on US-supplied weapons remain in effect", "000", "This kind of nuclear saber-rattling is irresponsible and dangerous"},
	{"Starmer: \"Russia started this conflict\"", "001", "Starmer addressed Putin’s warning during his flight to Washington"},
	{"Biden and Starmer meet in Washington on long-range strikes", "001", "a meeting between U.S. President Biden and British Prime Minister Keir Starmer"},
}

func loadEvidence(ctx context.Context, cl *app.Claims, entryIDs, sources map[string]int64) error {
	for _, c := range citations {
		if _, err := cl.Cite(ctx, entryIDs[c.entry], sources[c.source], c.quote); err != nil {
			return fmt.Errorf("demo citation on %q: %w", c.entry, err)
		}
	}
	for _, dc := range claims {
		c, err := cl.Create(ctx, entryIDs[dc.entry], claimline.ClaimInput{Text: dc.text, Claimant: dc.claimant})
		if err != nil {
			return fmt.Errorf("demo claim %q: %w", dc.text, err)
		}
		for _, ev := range dc.evidence {
			if _, err := cl.SetStance(ctx, c.ID, claimline.AssessmentInput{SourceID: sources[ev.source], Stance: ev.stance, Quote: ev.quote}); err != nil {
				return fmt.Errorf("demo assessment of %q by %s: %w", dc.text, ev.source, err)
			}
		}
	}
	return nil
}

// Step lists of the demo, for tests that enter it by hand through the web
// app and compare the effort.

// PlanEntry is one demo entry.
type PlanEntry = claimline.EntryInput

// PlanCitation is one demo citation: the entry (by title), the article (by
// file-name prefix, "000"…"004") and the quoted passage.
type PlanCitation struct{ Entry, Source, Quote string }

// PlanStance is one article's stance on a demo claim.
type PlanStance struct{ Source, Stance, Quote string }

// PlanClaim is one demo claim with its stances, first stance first.
type PlanClaim struct {
	Entry, Text, Claimant string
	Stances               []PlanStance
}

// Plan returns the demo timeline's entries, citations and claims, and each
// article's title, outlet and published date.
func Plan() ([]PlanEntry, []PlanCitation, []PlanClaim, map[string]claimline.SourceInput) {
	cs := make([]PlanCitation, len(citations))
	for i, c := range citations {
		cs[i] = PlanCitation{Entry: c.entry, Source: c.source, Quote: c.quote}
	}
	var cls []PlanClaim
	for _, c := range claims {
		pc := PlanClaim{Entry: c.entry, Text: c.text, Claimant: c.claimant}
		for _, ev := range c.evidence {
			pc.Stances = append(pc.Stances, PlanStance{Source: ev.source, Stance: ev.stance, Quote: ev.quote})
		}
		cls = append(cls, pc)
	}
	meta := map[string]claimline.SourceInput{}
	for k, v := range sourceMeta {
		meta[k] = v
	}
	return append([]PlanEntry{}, entries...), cs, cls, meta
}
