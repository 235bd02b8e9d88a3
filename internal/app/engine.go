package app

import (
	"context"
	"time"

	"claimline/internal/claimline"
)

// Engine is what the application needs of a database engine. The SQLite
// store (internal/store) is one; a second engine implements the same
// interfaces. Each service holds only its own area's part.
type Engine interface {
	timelineStore
	sourceStore
	claimStore
	noteStore
	userStore
	exchangeStore
	searchStore
	historyStore

	// Ping checks that the database answers and takes writes: EFULL or
	// EREADONLY while writes fail for the disk.
	Ping(ctx context.Context) error
	// Backup writes a consistent, checked copy of the database to dest.
	Backup(ctx context.Context, dest string) error
	// BackupElsewhere returns, when the database's backups are made by its
	// own tools and not by claimline (PostgreSQL), the message that says
	// which; "" when Backup makes them.
	BackupElsewhere() string
	// Commits returns a number that changes whenever the data may have
	// changed, by this process or another.
	Commits() uint64
	// RunJob runs fn, the job named name, unless the same job is running
	// on this database already (on another node): it returns whether fn
	// ran, and fn's error.
	RunJob(ctx context.Context, name string, fn func(ctx context.Context) error) (bool, error)
	Close() error
}

type timelineStore interface {
	Timelines(ctx context.Context) ([]claimline.Timeline, error)
	TimelineBySlug(ctx context.Context, slug string) (*claimline.Timeline, error)
	TimelineRef(ctx context.Context, slug string) (*claimline.Timeline, error)
	TimelinePage(ctx context.Context, slug string, f claimline.EntryFilter) (*claimline.TimelinePage, error)
	TimelineState(ctx context.Context, slug string) (claimline.TimelineState, error)
	CreateTimeline(ctx context.Context, in claimline.TimelineInput) (*claimline.Timeline, error)
	UpdateTimeline(ctx context.Context, id, rev int64, in claimline.TimelineInput) (*claimline.Timeline, error)
	DeleteTimeline(ctx context.Context, id, rev int64) error
	LastTimeline(ctx context.Context, username string) (string, error)

	Entry(ctx context.Context, id int64) (*claimline.Entry, error)
	Entries(ctx context.Context, timelineID int64, f claimline.EntryFilter) (claimline.EntryPage, error)
	CreateEntry(ctx context.Context, timelineID int64, in claimline.EntryInput) (*claimline.Entry, error)
	CreateEntryWithCitation(ctx context.Context, timelineID int64, in claimline.EntryInput, sourceID int64, quote string,
		claim *claimline.ClaimInput, stance string) (*claimline.Entry, error)
	UpdateEntry(ctx context.Context, id, rev int64, in claimline.EntryInput) (*claimline.Entry, error)
	DeleteEntry(ctx context.Context, id, rev int64) error

	Actors(ctx context.Context) ([]claimline.Actor, error)
	Actor(ctx context.Context, id int64) (*claimline.Actor, []claimline.Entry, error)
	Names(ctx context.Context) (actors, tags []string, err error)
}

type sourceStore interface {
	Sources(ctx context.Context) ([]claimline.Source, error)
	Source(ctx context.Context, id int64) (*claimline.Source, error)
	SourceOriginal(ctx context.Context, id int64) ([]byte, string, error)
	SourceUses(ctx context.Context, id int64) ([]claimline.Citation, []claimline.Assessment, error)
	CreateSource(ctx context.Context, in claimline.NewSource) (*claimline.Source, bool, error)
	UpdateSource(ctx context.Context, id, rev int64, in claimline.SourceInput) (*claimline.Source, error)
	DeleteSource(ctx context.Context, id, rev int64) error

	Versions(ctx context.Context, sourceID int64) ([]claimline.Version, error)
	Version(ctx context.Context, sourceID int64, number int) (*claimline.Version, error)
	AddVersion(ctx context.Context, sourceID int64, nv claimline.NewVersion) (*claimline.Version, bool, error)
	RecheckTargets(ctx context.Context) ([]int64, error)
	Copies(ctx context.Context, id int64) ([]claimline.Copy, error)

	DateCorrections(ctx context.Context, sourceID int64, version int) ([]claimline.DateCorrection, error)
	CorrectDate(ctx context.Context, c claimline.DateCorrection, reset bool, read string) error

	EntryChoices(ctx context.Context, sourceID int64) ([]claimline.EntryChoice, error)
	ClippingChoices(ctx context.Context, timelineID int64) (claimline.ClippingChoices, error)
	SaveClippings(ctx context.Context, clips []claimline.Clipping) (claimline.ClippingsSaved, error)
	Tray(ctx context.Context, userID int64) ([]claimline.TrayClipping, error)
	AddToTray(ctx context.Context, userID int64, clips []claimline.Clipping) ([]claimline.TrayClipping, int, error)
	RemoveFromTray(ctx context.Context, userID int64, ids []int64) (int, error)
	TraySize(ctx context.Context, userID int64) (int, error)
}

type claimStore interface {
	Claim(ctx context.Context, id int64) (*claimline.Claim, error)
	AllClaims(ctx context.Context) ([]claimline.Claim, error)
	ClaimsBy(ctx context.Context, actorID int64) ([]claimline.Claim, error)
	CreateClaim(ctx context.Context, entryID int64, in claimline.ClaimInput) (*claimline.Claim, error)
	CreateClaimWithAssessment(ctx context.Context, entryID int64, in claimline.ClaimInput, a claimline.AssessmentInput) (*claimline.Claim, error)
	UpdateClaim(ctx context.Context, id, rev int64, in claimline.ClaimInput) (*claimline.Claim, error)
	DeleteClaim(ctx context.Context, id, rev int64) error

	SetAssessment(ctx context.Context, claimID int64, in claimline.AssessmentInput) (*claimline.Assessment, error)
	DeleteAssessment(ctx context.Context, id int64) (int64, error)
	StanceOf(ctx context.Context, claimID, sourceID int64) (*claimline.Assessment, error)
	CheckAssessment(ctx context.Context, in claimline.AssessmentInput) error
	AddCitation(ctx context.Context, entryID, sourceID int64, quote string) (*claimline.Citation, error)
	DeleteCitation(ctx context.Context, id int64) (int64, error)
	EntryEvidence(ctx context.Context, entryID int64) ([]claimline.Citation, []claimline.Claim, error)
	Matrix(ctx context.Context, timelineID int64) ([]claimline.Claim, []claimline.Source, error)

	SuggestEvidence(ctx context.Context, claimID int64) ([]claimline.Suggestion, error)
	DismissSuggestion(ctx context.Context, claimID, sourceID int64, start, end int) error
}

type noteStore interface {
	EntryNotes(ctx context.Context, entryID int64) ([]claimline.Note, error)
	ClaimNotes(ctx context.Context, claimID int64) ([]claimline.Note, error)
	Note(ctx context.Context, id int64) (*claimline.Note, error)
	AddNote(ctx context.Context, entryID, claimID int64, in claimline.NoteInput) (*claimline.Note, error)
	UpdateNote(ctx context.Context, id, rev int64, in claimline.NoteInput) (*claimline.Note, error)
	DeleteNote(ctx context.Context, id int64) (*claimline.Note, error)
	Mentions(ctx context.Context, userID int64) ([]claimline.Mention, error)
	MarkMentionsRead(ctx context.Context, userID int64) error
}

type userStore interface {
	Users(ctx context.Context) ([]claimline.User, error)
	User(ctx context.Context, id int64) (*claimline.User, error)
	UserByName(ctx context.Context, name string) (*claimline.User, error)
	HasAdmin(ctx context.Context) (bool, error)
	CreateUser(ctx context.Context, username string, role claimline.Role, passwordHash string) (*claimline.User, error)
	UpdateUser(ctx context.Context, id, rev int64, role claimline.Role, disabled bool) (*claimline.User, error)
	SetPassword(ctx context.Context, id int64, passwordHash string, endSessions bool, keepToken string) error

	CreateSession(ctx context.Context, userID int64, lim claimline.SessionLimits) (string, error)
	Session(ctx context.Context, token string, lim claimline.SessionLimits) (claimline.Session, error)
	DeleteSession(ctx context.Context, token string) error
	ReserveSignIn(ctx context.Context, a claimline.SignIn, decide func(claimline.SignInHistory) claimline.SignInVerdict) (int64, time.Duration, error)
	SignInSucceeded(ctx context.Context, a claimline.SignIn, addressRow int64) error

	CreateToken(ctx context.Context, userID int64, name string, scopes []claimline.Scope, life time.Duration) (*claimline.Token, string, error)
	Tokens(ctx context.Context, userID int64) ([]claimline.Token, error)
	RevokeToken(ctx context.Context, id, userID int64) error
	TokenUser(ctx context.Context, secret string) (*claimline.User, *claimline.Token, error)
}

type exchangeStore interface {
	namer
	TimelineBySlug(ctx context.Context, slug string) (*claimline.Timeline, error)
	EntriesOf(ctx context.Context, timelineID int64, ids []int64) (map[int64]claimline.Entry, error)
	ChangedSince(ctx context.Context, timelineID int64, revs map[int64]int64) ([]claimline.Entry, error)
	ImportEntries(ctx context.Context, t claimline.ImportTarget, rows []claimline.ImportRow) (claimline.ImportResult, error)
	ImportBundles(ctx context.Context, t claimline.ImportTarget, sources []claimline.Source, bundles []claimline.Bundle) (claimline.ImportResult, error)
	ExportEntries(ctx context.Context, timelineID int64, f claimline.EntryFilter, fn func(claimline.ExportedEntry) error) error
	ExportClaims(ctx context.Context, timelineID int64, f claimline.EntryFilter, fn func(claimline.ClaimRow) error) error
	ExportBundles(ctx context.Context, timelineID int64, fn func(claimline.Bundle) error, src func(claimline.Source) error) error

	SavePendingImport(ctx context.Context, userID int64, name string, data []byte) (string, error)
	PendingImport(ctx context.Context, userID int64, token string) (string, []byte, error)
	DeletePendingImport(ctx context.Context, userID int64, token string) error
}

type searchStore interface {
	Search(ctx context.Context, q claimline.SearchQuery) (claimline.SearchResults, error)
	Reindex(ctx context.Context) (time.Duration, error)
}

type historyStore interface {
	Changes(ctx context.Context, f claimline.ChangeFilter) ([]claimline.Change, error)
	ChangeUsers(ctx context.Context) ([]string, error)
	ObjectNames(ctx context.Context, objectType string, ids []int64) (map[int64]string, error)
	OpenForm(ctx context.Context, objectType string, id int64) ([]claimline.Presence, error)
}
