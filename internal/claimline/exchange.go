package claimline

// ClaimRef is a claim as the timeline CSV lists it: its status and text.
type ClaimRef struct {
	Status Status
	Text   string
}

// ExportedEntry is an entry as the timeline exports write it: with the
// sources it rests on (by URL, or title when there is none) and its claims.
// Of Entry, only the fields the exports write are set (not its timeline,
// history stamps or source count).
type ExportedEntry struct {
	Entry
	SourceRefs []string
	ClaimRefs  []ClaimRef
}

// ClaimRow is one row of the claims CSV: one assessment of a claim, or a
// claim with no assessment (source fields empty).
type ClaimRow struct {
	ClaimID     int64
	EntryID     int64
	EntryDate   Date
	EntryApprox bool
	Claim       string
	Claimant    string
	Status      Status
	SourceID    int64
	SourceTitle string
	SourceURL   string
	Stance      Stance
	Quote       string
	Note        string
	// Independent counts the independent sources supporting the claim
	// (sources of one copy group count once).
	Independent int
}

// Bundle is an entry with everything resting on it, for the full export.
type Bundle struct {
	Entry     Entry
	Citations []Citation // SourceSHA set
	Claims    []Claim    // with Evidence, each Source.SHA256 set, and Discussion
	Notes     []Note     // the entry's discussion: Author, Text, Created, Updated
}

// ImportRow is one entry to import. A non-zero ID naming an entry of the
// target timeline updates that entry; otherwise a new entry is created.
type ImportRow struct {
	ID    int64
	Input EntryInput
	Line  int // the row (or JSON line) it came from, for messages
	// Revision is the entry's revision when the file was exported (0 when
	// the file has none). An entry changed since is left as it is unless
	// Force says the row wins.
	Revision int64
	Force    bool
}
