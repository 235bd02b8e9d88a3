// Package demo fills an empty database with a demo timeline built from the
// September 2024 long-range missile story, in claimline's own words.
package demo

import (
	"context"
	"fmt"

	"claimline/internal/claimline"
	"claimline/internal/store"
)

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
func Load(ctx context.Context, st *store.Store) (bool, error) {
	existing, err := st.Timelines(ctx)
	if err != nil {
		return false, err
	}
	if len(existing) > 0 {
		return false, nil
	}
	ctx = claimline.NewContextWithUser(ctx, &claimline.User{Username: "demo", Role: claimline.RoleAdmin})
	t, err := st.CreateTimeline(ctx, claimline.TimelineInput{
		Slug:        Slug,
		Title:       "Long-range strike restrictions, Sep 2024",
		Description: "Putin's warning that Western long-range missiles used deep inside Russia would put NATO at war with Russia, and the US–UK debate over lifting the limits on Ukraine's use of ATACMS and Storm Shadow.",
	})
	if err != nil {
		return false, fmt.Errorf("demo timeline: %w", err)
	}
	for _, in := range entries {
		if _, err := st.CreateEntry(ctx, t.ID, in); err != nil {
			return false, fmt.Errorf("demo entry %q: %w", in.Title, err)
		}
	}
	return true, nil
}
