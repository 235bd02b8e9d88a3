package server

import (
	"context"
	"io"
	"time"

	"claimline/internal/claimline"
)

// The services the server uses, by area, as it uses them. *app.App's
// services provide them; the server never sees the engine beneath.

// timelineService keeps timelines, their entries and actors.
type timelineService interface {
	Actor(ctx context.Context, id int64) (*claimline.Actor, []claimline.Entry, error)
	Actors(ctx context.Context) ([]claimline.Actor, error)
	BySlug(ctx context.Context, slug string) (*claimline.Timeline, error)
	Create(ctx context.Context, in claimline.TimelineInput) (*claimline.Timeline, error)
	CreateEntry(ctx context.Context, timelineID int64, in claimline.EntryInput) (*claimline.Entry, error)
	CreateEntryFromPassage(ctx context.Context, timelineID int64, in claimline.EntryInput, sourceID int64, quote string, claim *claimline.ClaimInput, stance string) (*claimline.Entry, error)
	Delete(ctx context.Context, id, rev int64) error
	DeleteEntry(ctx context.Context, id, rev int64) error
	Entry(ctx context.Context, id int64) (*claimline.Entry, error)
	LastWorkedOn(ctx context.Context, username string) (string, error)
	List(ctx context.Context) ([]claimline.Timeline, error)
	Names(ctx context.Context) (actors, tags []string, err error)
	Page(ctx context.Context, slug string, f claimline.EntryFilter) (*claimline.TimelinePage, error)
	PageState(ctx context.Context, slug string) (claimline.TimelineState, error)
	Ref(ctx context.Context, slug string) (*claimline.Timeline, error)
	Update(ctx context.Context, id, rev int64, in claimline.TimelineInput) (*claimline.Timeline, error)
	UpdateEntry(ctx context.Context, id, rev int64, in claimline.EntryInput) (*claimline.Entry, error)
}

// sourceService keeps the source library: sources, versions, clippings.
type sourceService interface {
	AddDocument(ctx context.Context, d claimline.Document) (*claimline.Source, bool, error)
	AddText(ctx context.Context, in claimline.SourceInput) (*claimline.Source, bool, error)
	ClippingChoices(ctx context.Context, timelineID int64) (claimline.ClippingChoices, error)
	Copies(ctx context.Context, id int64) ([]claimline.Copy, error)
	CorrectDate(ctx context.Context, sourceID int64, in claimline.DateCorrectionInput) (claimline.DateMention, error)
	Dates(ctx context.Context, src *claimline.Source) ([]claimline.DateMention, error)
	Delete(ctx context.Context, id, rev int64) error
	EntryChoices(ctx context.Context, sourceID int64) ([]claimline.EntryChoice, error)
	Fetch(ctx context.Context, rawURL string, meta claimline.SourceInput) (*claimline.Source, bool, error)
	Get(ctx context.Context, id int64) (*claimline.Source, error)
	List(ctx context.Context) ([]claimline.Source, error)
	Original(ctx context.Context, id int64) ([]byte, string, error)
	Recheck(ctx context.Context, sourceID int64) (claimline.RecheckResult, error)
	SaveClippings(ctx context.Context, clips []claimline.Clipping) (claimline.ClippingsSaved, error)
	Update(ctx context.Context, id, rev int64, in claimline.SourceInput) (*claimline.Source, error)
	UpdateDocument(ctx context.Context, sourceID int64, d claimline.Document) (*claimline.Version, bool, error)
	UpdateText(ctx context.Context, sourceID int64, text string) (*claimline.Version, bool, error)
	Uses(ctx context.Context, id int64) ([]claimline.Citation, []claimline.Assessment, error)
	Version(ctx context.Context, sourceID int64, number int) (*claimline.Version, error)
	Versions(ctx context.Context, sourceID int64) ([]claimline.Version, error)

	Capture(ctx context.Context, c claimline.Capture) (claimline.Captured, error)
	Tray(ctx context.Context) ([]claimline.TrayClipping, error)
	TraySize(ctx context.Context) (int, error)
	Clip(ctx context.Context, clips []claimline.Clipping) ([]claimline.TrayClipping, int, error)
	Unclip(ctx context.Context, ids ...int64) (int, error)
}

// claimService keeps the evidence: claims, stances, citations, and the
// passages suggested for claims.
type claimService interface {
	All(ctx context.Context) ([]claimline.Claim, error)
	By(ctx context.Context, actorID int64) ([]claimline.Claim, error)
	Cite(ctx context.Context, entryID, sourceID int64, quote string) (*claimline.Citation, error)
	Create(ctx context.Context, entryID int64, in claimline.ClaimInput) (*claimline.Claim, error)
	CreateWithStance(ctx context.Context, entryID int64, in claimline.ClaimInput, a claimline.AssessmentInput) (*claimline.Claim, error)
	Delete(ctx context.Context, id, rev int64) error
	DeleteCitation(ctx context.Context, id int64) (int64, error)
	DeleteStance(ctx context.Context, id int64) (int64, error)
	DismissSuggestion(ctx context.Context, claimID, sourceID int64, start, end int) error
	Get(ctx context.Context, id int64) (*claimline.Claim, error)
	Matrix(ctx context.Context, timelineID int64) ([]claimline.Claim, []claimline.Source, error)
	OfEntry(ctx context.Context, entryID int64) ([]claimline.Citation, []claimline.Claim, error)
	SetStance(ctx context.Context, claimID int64, in claimline.AssessmentInput) (*claimline.Assessment, error)
	StanceOf(ctx context.Context, claimID, sourceID int64) (*claimline.Assessment, error)
	CheckStance(ctx context.Context, in claimline.AssessmentInput) error
	Suggestions(ctx context.Context, claimID int64) ([]claimline.Suggestion, error)
	Update(ctx context.Context, id, rev int64, in claimline.ClaimInput) (*claimline.Claim, error)
}

// noteService keeps the team's discussion notes and mentions.
type noteService interface {
	Add(ctx context.Context, entryID, claimID int64, in claimline.NoteInput) (*claimline.Note, error)
	Delete(ctx context.Context, id int64) (*claimline.Note, error)
	Get(ctx context.Context, id int64) (*claimline.Note, error)
	MarkMentionsRead(ctx context.Context, userID int64) error
	Mentions(ctx context.Context, userID int64) ([]claimline.Mention, error)
	OfClaim(ctx context.Context, claimID int64) ([]claimline.Note, error)
	OfEntry(ctx context.Context, entryID int64) ([]claimline.Note, error)
	Update(ctx context.Context, id, rev int64, in claimline.NoteInput) (*claimline.Note, error)
}

// userService keeps team members, their passwords and sessions.
type userService interface {
	Add(ctx context.Context, username string, role claimline.Role, password string) (*claimline.User, error)
	SignIn(ctx context.Context, username, password, addr string) (*claimline.User, time.Duration, error)
	ByName(ctx context.Context, name string) (*claimline.User, error)
	ChangePassword(ctx context.Context, id int64, current, password string, endOthers bool, keep string) error
	EndSession(ctx context.Context, token string) error
	CreateToken(ctx context.Context, userID int64, in claimline.TokenInput) (*claimline.Token, string, error)
	Tokens(ctx context.Context, userID int64) ([]claimline.Token, error)
	RevokeToken(ctx context.Context, id, userID int64) error
	Get(ctx context.Context, id int64) (*claimline.User, error)
	HasAdmin(ctx context.Context) (bool, error)
	List(ctx context.Context) ([]claimline.User, error)
	ResetPassword(ctx context.Context, id int64, password string) error
	Session(ctx context.Context, token string, lim claimline.SessionLimits) (claimline.Session, error)
	StartSession(ctx context.Context, userID int64, lim claimline.SessionLimits) (string, error)
	Update(ctx context.Context, id, rev int64, role claimline.Role, disabled bool) (*claimline.User, error)
}

// exchangeService imports and exports timelines.
type exchangeService interface {
	ChangedSince(ctx context.Context, timelineID int64, revs map[int64]int64) ([]claimline.Entry, error)
	DropUpload(ctx context.Context, userID int64, token string) error
	Export(ctx context.Context, format string, t *claimline.Timeline, f claimline.EntryFilter, w io.Writer) error
	Import(ctx context.Context, data []byte, target claimline.ImportTarget, opt claimline.ImportOptions) (claimline.ImportResult, error)
	KeepUpload(ctx context.Context, userID int64, name string, data []byte) (string, error)
	ReadEntries(ctx context.Context, data []byte, target claimline.ImportTarget, opt claimline.ImportOptions) (*claimline.ImportPreview, error)
	Upload(ctx context.Context, userID int64, token string) (string, []byte, error)
}

// searchService answers the search box.
type searchService interface {
	Run(ctx context.Context, q claimline.SearchQuery) (claimline.SearchResults, error)
}

// historyService keeps who changed what, and who is editing what.
type historyService interface {
	Changes(ctx context.Context, f claimline.ChangeFilter) ([]claimline.Change, error)
	Names(ctx context.Context, objectType string, ids []int64) (map[int64]string, error)
	OpenForm(ctx context.Context, objectType string, id int64) ([]claimline.Presence, error)
	Users(ctx context.Context) ([]string, error)
}
