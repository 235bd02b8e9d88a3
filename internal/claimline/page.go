package claimline

// TimelineState names one state of everything a timeline's page shows: two
// counters and the timeline. Content moves in the same transaction as any
// of it; Names moves with the lists of actor and tag names that every
// timeline page suggests. TimelineID is part of it because a deleted
// timeline's address can be given to a new one, whose counters start again
// (ids are never reused).
type TimelineState struct {
	TimelineID, Content, Names int64
}

// TimelinePage is what a timeline's page shows, read in one snapshot: the
// timeline, one page of its entries, and every actor and tag name (the
// filter form's suggestions), at State.
type TimelinePage struct {
	Timeline     Timeline
	State        TimelineState
	Entries      EntryPage
	Actors, Tags []string
	// EvidenceChanges are the timeline's quotes no longer in their sources
	// as quoted (see EvidenceChange).
	EvidenceChanges []EvidenceChange
}
