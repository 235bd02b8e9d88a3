package api

import (
	"context"
	"io"

	"claimline/internal/claimline"
)

// The services the API uses, as it uses them; *app.App's services provide
// them. The API never sees the engine beneath.

// timelineService reads and writes timelines and entries.
type timelineService interface {
	BySlug(ctx context.Context, slug string) (*claimline.Timeline, error)
	Create(ctx context.Context, in claimline.TimelineInput) (*claimline.Timeline, error)
	CreateEntry(ctx context.Context, timelineID int64, in claimline.EntryInput) (*claimline.Entry, error)
	DeleteEntry(ctx context.Context, id, rev int64) error
	Entries(ctx context.Context, timelineID int64, f claimline.EntryFilter) (claimline.EntryPage, error)
	Entry(ctx context.Context, id int64) (*claimline.Entry, error)
	List(ctx context.Context) ([]claimline.Timeline, error)
	Ref(ctx context.Context, slug string) (*claimline.Timeline, error)
	UpdateEntry(ctx context.Context, id, rev int64, in claimline.EntryInput) (*claimline.Entry, error)
}

// sourceService reads and adds to the source library.
type sourceService interface {
	AddDocument(ctx context.Context, d claimline.Document) (*claimline.Source, bool, error)
	AddText(ctx context.Context, in claimline.SourceInput) (*claimline.Source, bool, error)
	Fetch(ctx context.Context, rawURL string, meta claimline.SourceInput) (*claimline.Source, bool, error)
	Get(ctx context.Context, id int64) (*claimline.Source, error)
	Dates(ctx context.Context, src *claimline.Source) ([]claimline.DateMention, error)
	List(ctx context.Context) ([]claimline.Source, error)
	UpdateText(ctx context.Context, sourceID int64, text string) (*claimline.Version, bool, error)
	Versions(ctx context.Context, sourceID int64) ([]claimline.Version, error)
	Capture(ctx context.Context, c claimline.Capture) (claimline.Captured, error)
	Tray(ctx context.Context) ([]claimline.TrayClipping, error)
	Clip(ctx context.Context, clips []claimline.Clipping) ([]claimline.TrayClipping, int, error)
	Unclip(ctx context.Context, ids ...int64) (int, error)
}

// claimService reads and writes claims, stances and citations.
type claimService interface {
	Cite(ctx context.Context, entryID, sourceID int64, quote string) (*claimline.Citation, error)
	Create(ctx context.Context, entryID int64, in claimline.ClaimInput) (*claimline.Claim, error)
	DeleteStance(ctx context.Context, id int64) (int64, error)
	Get(ctx context.Context, id int64) (*claimline.Claim, error)
	OfEntry(ctx context.Context, entryID int64) ([]claimline.Citation, []claimline.Claim, error)
	SetStance(ctx context.Context, claimID int64, in claimline.AssessmentInput) (*claimline.Assessment, error)
	StanceOf(ctx context.Context, claimID, sourceID int64) (*claimline.Assessment, error)
	Suggestions(ctx context.Context, claimID int64) ([]claimline.Suggestion, error)
	Update(ctx context.Context, id, rev int64, in claimline.ClaimInput) (*claimline.Claim, error)
}

// userService checks tokens and lists users.
type userService interface {
	List(ctx context.Context) ([]claimline.User, error)
	TokenUser(ctx context.Context, secret string) (*claimline.User, *claimline.Token, error)
}

// exchangeService imports and exports timelines.
type exchangeService interface {
	Export(ctx context.Context, format string, t *claimline.Timeline, f claimline.EntryFilter, w io.Writer) error
	Import(ctx context.Context, data []byte, target claimline.ImportTarget, opt claimline.ImportOptions) (claimline.ImportResult, error)
	ReadEntries(ctx context.Context, data []byte, target claimline.ImportTarget, opt claimline.ImportOptions) (*claimline.ImportPreview, error)
}

// searchService answers searches.
type searchService interface {
	Run(ctx context.Context, q claimline.SearchQuery) (claimline.SearchResults, error)
}

// historyService reads the history.
type historyService interface {
	Changes(ctx context.Context, f claimline.ChangeFilter) ([]claimline.Change, error)
}
