package store

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"

	"claimline/internal/claimline"
	"claimline/internal/search"
)

// The search index (migrations 0005 and 0016) is kept in sync by triggers on the base
// tables (entries' rows at the end of each write transaction, 0023); this
// file reads it and rebuilds it.

func init() {
	// The source triggers cut a text into passages with this function, so
	// that the reader's offsets and the index's come from one Go function.
	// Registered for every connection this process opens.
	sqlite.MustRegisterDeterministicScalarFunction("claimline_passages", 1, passagesSQL)
}

// passagesSQL is claimline_passages(text): the passages of text as a JSON
// array of [start, end], byte offsets.
func passagesSQL(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	var text string
	switch v := args[0].(type) {
	case string:
		text = v
	case []byte:
		text = string(v)
	case nil:
		return "[]", nil
	default:
		return nil, fmt.Errorf("claimline_passages: a text is needed, not %T", v)
	}
	ps := search.Passages(text)
	rows := make([][2]int, len(ps))
	for i, p := range ps {
		rows[i] = [2]int{p.Start, p.End}
	}
	b, err := json.Marshal(rows)
	return string(b), err
}

// passageStride is the rowid distance between two sources' passages in
// search_passages (search.MaxPassages).
const passageStride = search.MaxPassages

// Default page sizes: the grouped page shows a few of each kind, a kind's
// own page more.
const (
	searchGroupLimit = 5
	searchKindLimit  = 20
	maxSearchLimit   = 200
	passagesPerHit   = 3
	// maxCount caps counting and ranking: past it a group says "1000+".
	maxCount = 1000
	// passagesScanned is how many matching passages of a source are read,
	// in text order, to choose the best to show.
	passagesScanned = 20
)

// bm25 weights, by column: a match in a title (or name) counts more than
// one in a body. Both engines rank with them (rankOf, pgIndex).
var (
	entryWeights  = []float64{10, 2, 5, 5} // title, description, actors, tags
	claimWeights  = []float64{5, 3}        // text, claimant
	sourceWeights = []float64{10, 4, 4, 1} // title, outlet, author, text
)

// bm25 calls bm25() on an FTS5 table with the given column weights.
func bm25(table string, weights []float64) string {
	var b strings.Builder
	b.WriteString("bm25(" + table)
	for _, w := range weights {
		b.WriteString(", " + strconv.FormatFloat(w, 'f', 1, 64))
	}
	return b.String() + ")"
}

var (
	rankEntries = bm25("search_entries", entryWeights)
	rankClaims  = bm25("search_claims", claimWeights)
	rankSources = bm25("search_sources", sourceWeights)
)

// mark is the snippet()/highlight() marker arguments; see search.MarkOpen.
const mark = `char(2), char(3)`

// mayRead is the one place that decides whether the acting user may see
// search results of a kind. Every role reads everything today; an API
// token reads only the areas its scopes name (entries, actors and notes
// are the timelines'). When that changes (timelines of their own, say),
// this is where results narrow.
func mayRead(ctx context.Context, kind claimline.SearchKind) bool {
	u := claimline.UserFromContext(ctx)
	if u == nil {
		return true // the command line, run by whoever holds the file
	}
	if u.Role != claimline.RoleViewer && !u.CanEdit() {
		return false
	}
	return claimline.MayRead(ctx, kind.Area())
}

// Search finds entries, claims, sources, actors and notes matching q.Text
// (see search.Translate for the query language). Without q.Kind it returns
// the first page of every kind; with it, the page of that kind at q.Offset.
// q.Timeline limits entries, claims and notes to one timeline (ENOTFOUND when
// there is no such timeline). A query with nothing to look for returns no
// groups and an empty Query, never an error.
func (s *Store) Search(ctx context.Context, q claimline.SearchQuery) (claimline.SearchResults, error) {
	expr := search.Compile(q.Text)
	res := claimline.SearchResults{Query: expr.FTS5()}
	if res.Query == "" {
		return res, nil
	}
	kinds, limit := claimline.SearchKinds, q.Limit
	if q.Kind != "" {
		kinds = []claimline.SearchKind{q.Kind}
	}
	switch {
	case limit <= 0 && q.Kind == "":
		limit = searchGroupLimit
	case limit <= 0:
		limit = searchKindLimit
	case limit > maxSearchLimit:
		limit = maxSearchLimit
	}
	offset := max(q.Offset, 0)
	anyExpr := search.CompileAny(q.Text)
	err := s.read(ctx, func(tx *sql.Tx) error {
		var timelineID int64
		if q.Timeline != "" {
			err := tx.QueryRowContext(ctx, `SELECT id FROM timelines WHERE slug = ?`, q.Timeline).Scan(&timelineID)
			if err != nil {
				return notFound(err, "Timeline")
			}
		}
		for _, k := range kinds {
			if !mayRead(ctx, k) {
				continue
			}
			run := searchRun{res.Query, anyExpr.FTS5(), expr, anyExpr, timelineID, limit, offset}
			var g claimline.SearchGroup
			var err error
			if s.pg {
				g, err = searchKindPG(ctx, tx, k, run)
			} else {
				g, err = searchKind(ctx, tx, k, run)
			}
			if err != nil {
				return fmt.Errorf("search %s: %w", k, err)
			}
			res.Groups = append(res.Groups, g)
		}
		return nil
	})
	return res, err
}

// searchRun is one search, translated.
type searchRun struct {
	match, anyMatch string      // the FTS5 query, and the same with every word optional
	expr, anyExpr   search.Expr // the same, compiled (for PostgreSQL)
	timelineID      int64       // 0 for every timeline
	limit, offset   int
}

// searchKind runs the count and the page of one kind.
func searchKind(ctx context.Context, tx *sql.Tx, k claimline.SearchKind, r searchRun) (claimline.SearchGroup, error) {
	g := claimline.SearchGroup{Kind: k}
	// from joins what the results show; match is the FTS table with what
	// limits the matches (a timeline's entries and claims), which is all
	// that counting and finding the rank window need. A note is in the
	// timeline of its entry.
	fts := "search_" + string(k)
	var from, match string
	where, args := fts+` MATCH ?`, []any{r.match}
	switch k {
	case claimline.SearchEntries:
		from = `search_entries CROSS JOIN entries e ON e.id = search_entries.rowid CROSS JOIN timelines t ON t.id = e.timeline_id`
		match = `search_entries CROSS JOIN entries e ON e.id = search_entries.rowid`
	case claimline.SearchClaims:
		from = `search_claims CROSS JOIN claims c ON c.id = search_claims.rowid CROSS JOIN entries e ON e.id = c.entry_id
			CROSS JOIN timelines t ON t.id = e.timeline_id`
		match = `search_claims CROSS JOIN claims c ON c.id = search_claims.rowid CROSS JOIN entries e ON e.id = c.entry_id`
	case claimline.SearchSources:
		// search_sources is contentless: highlight() has nothing to
		// mark, so the page's rows are read without the index.
		from = `sources s`
	case claimline.SearchActors:
		from = `search_actors CROSS JOIN actors a ON a.id = search_actors.rowid`
	case claimline.SearchNotes:
		from = `search_notes CROSS JOIN notes n ON n.id = search_notes.rowid CROSS JOIN entries e ON e.id = n.entry_id
			CROSS JOIN timelines t ON t.id = e.timeline_id CROSS JOIN users u ON u.id = n.author_id LEFT JOIN claims c ON c.id = n.claim_id`
		match = `search_notes CROSS JOIN notes n ON n.id = search_notes.rowid CROSS JOIN entries e ON e.id = n.entry_id`
	}
	if r.timelineID != 0 && match != "" {
		where += ` AND e.timeline_id = ?`
		args = append(args, r.timelineID)
	} else {
		match = fts
	}
	// One statement, one pass over the newest maxCount+1 matches: it counts
	// them and ranks the newest maxCount, all that a capped group's pages
	// reach, and returns the page's ids. bm25 costs about a microsecond a
	// match (ranking all 70,000 matches of a common word took 70 ms), and
	// counting in a pass of its own, then ranking in another, read every
	// match twice. The first row is the count; the page's rows follow.
	// Only the page's rows are then joined with what they show: joining
	// first read every match's row.
	ids, err := countAndRank(ctx, tx, `WITH m AS MATERIALIZED (SELECT `+fts+`.rowid AS id, `+rankOf(k)+` AS r FROM `+match+`
			WHERE `+where+` ORDER BY `+fts+`.rowid DESC LIMIT ?),
		n AS (SELECT count(*) AS c, iif(count(*) > ?, min(id), 0) AS floor FROM m)
		SELECT c, 0 FROM n
		UNION ALL
		SELECT * FROM (SELECT id, r FROM m, n WHERE id > floor ORDER BY r LIMIT ? OFFSET ?)`,
		append(args, maxCount+1, maxCount, r.limit, r.offset), &g.Total)
	if err != nil {
		return g, err
	}
	if g.Total > maxCount {
		g.Total, g.Capped = maxCount, true
	}
	if len(ids) == 0 {
		return g, nil
	}
	if k != claimline.SearchSources {
		from += ` WHERE ` + fts + ` MATCH ?`
	}
	if g.Hits, err = kindHits(ctx, tx, k, from, []any{r.match}, ids); err != nil {
		return g, err
	}
	if k == claimline.SearchSources {
		return g, attachPassages(ctx, tx, g.Hits, r)
	}
	return g, nil
}

// countAndRank runs a query whose first row is a count (into total) and
// whose other rows are (id, rank), and returns the ids, best rank first.
func countAndRank(ctx context.Context, tx *sql.Tx, q string, args []any, total *int) ([]int64, error) {
	type ranked struct {
		id   int64 // the count, in the first row
		rank float64
	}
	page, err := collect(ctx, tx, q, args, func(rows *sql.Rows, p *ranked) error { return rows.Scan(&p.id, &p.rank) })
	if err != nil {
		return nil, err
	}
	if len(page) == 0 {
		return nil, fmt.Errorf("no count")
	}
	*total, page = int(page[0].id), page[1:]
	// UNION ALL keeps the page's order in practice; sorting again costs
	// nothing and does not rely on it.
	slices.SortStableFunc(page, func(a, b ranked) int { return cmp.Compare(a.rank, b.rank) })
	ids := make([]int64, len(page))
	for i, p := range page {
		ids[i] = p.id
	}
	return ids, nil
}

// rankOf is the ORDER BY of a kind's ranked results.
func rankOf(k claimline.SearchKind) string {
	switch k {
	case claimline.SearchEntries:
		return rankEntries
	case claimline.SearchClaims:
		return rankClaims
	case claimline.SearchSources:
		return rankSources
	}
	return "rank"
}

// kindHits loads the hits of a kind with the given ids, in their order:
// from is its tables and, but for sources, WHERE conditions with the
// index's MATCH; args their arguments.
func kindHits(ctx context.Context, tx *sql.Tx, k claimline.SearchKind, from string, args []any, ids []int64) ([]claimline.SearchHit, error) {
	in := `(?` + strings.Repeat(", ?", len(ids)-1) + `)`
	if k == claimline.SearchSources {
		from, args = from+` WHERE s.id IN `+in, nil
	} else {
		// SQLite looks each id up in the index (filtering the matches
		// between the page's lowest and highest id instead read more:
		// measured with BenchmarkSearch).
		from += ` AND search_` + string(k) + `.rowid IN ` + in
	}
	for _, id := range ids {
		args = append(args, id)
	}
	hits, err := collect(ctx, tx, `SELECT `+hitColumns(k)+` FROM `+from, args, func(rows *sql.Rows, h *claimline.SearchHit) error {
		h.Kind = k
		return scanHit(rows, h)
	})
	order := make(map[int64]int, len(ids))
	for i, id := range ids {
		order[id] = i
	}
	slices.SortFunc(hits, func(a, b claimline.SearchHit) int { return cmp.Compare(order[a.ID], order[b.ID]) })
	return hits, err
}

// hitColumns selects the hits of a kind as scanHit reads them: the hit's id
// and title; its heading and a snippet, marked; a source's outlet; the
// entry it is or is on (id, title, date, approximate, timeline slug and
// title); a note's claim, author and claim text.
func hitColumns(k claimline.SearchKind) string {
	switch k {
	case claimline.SearchEntries: // the entry is the hit: its id and title are the hit's
		return `e.id, e.title, highlight(search_entries, 0, ` + mark + `), snippet(search_entries, -1, ` + mark + `, '…', 24), '',
			0, '', e.date, e.approximate, t.slug, t.title, 0, '', ''`
	case claimline.SearchClaims: // the snippet is the claimant
		return `c.id, c.text, highlight(search_claims, 0, ` + mark + `), highlight(search_claims, 1, ` + mark + `), '',
			e.id, e.title, e.date, e.approximate, t.slug, t.title, 0, '', ''`
	case claimline.SearchSources: // the title is shown as it is; the passages show the matches
		return `s.id, s.title, '', '', s.outlet, 0, '', '', 0, '', '', 0, '', ''`
	case claimline.SearchNotes: // a long note shows the words around its matches, not all of it
		return `n.id, n.text, snippet(search_notes, 0, ` + mark + `, '…', 32), '', '',
			n.entry_id, e.title, e.date, e.approximate, t.slug, t.title, coalesce(n.claim_id, 0), u.username, coalesce(c.text, '')`
	}
	return `a.id, a.name, highlight(search_actors, 0, ` + mark + `), '', '', 0, '', '', 0, '', '', 0, '', ''`
}

// scanHit scans a row selecting hitColumns(h.Kind) into h.
func scanHit(rows *sql.Rows, h *claimline.SearchHit) error {
	var heading, snippet, date string
	n := &h.Note
	if err := rows.Scan(&h.ID, &h.Title, &heading, &snippet, &h.Outlet, &h.Entry.ID, &h.Entry.Title, &date, &h.Entry.Approximate,
		&h.Entry.TimelineSlug, &h.Entry.TimelineTitle, &n.ClaimID, &n.Author, &n.ClaimText); err != nil {
		return err
	}
	fillHit(h, heading, snippet, date)
	return nil
}

// fillHit completes a hit of h.Kind from its heading and snippet, marked
// as FTS5's highlight() and snippet() mark them, and its entry's date.
func fillHit(h *claimline.SearchHit, heading, snippet, date string) {
	n := &h.Note
	h.Entry.Date, _ = claimline.ParseISODate(date)
	h.Heading = search.ParseSnippet(heading)
	switch h.Kind {
	case claimline.SearchEntries:
		h.Entry.ID, h.Entry.Title = h.ID, h.Title
		if snip := search.ParseSnippet(snippet); snip.String() != h.Title {
			h.Snippet = snip
		}
	case claimline.SearchClaims:
		if snippet != "" {
			h.Snippet = append(claimline.Snippet{{Text: "claimed by "}}, search.ParseSnippet(snippet)...)
		}
	case claimline.SearchSources:
		h.Heading = claimline.Snippet{{Text: h.Title}}
	case claimline.SearchNotes:
		n.ID, n.Text, n.EntryID, n.EntryTitle, n.TimelineSlug = h.ID, h.Title, h.Entry.ID, h.Entry.Title, h.Entry.TimelineSlug
	}
}

// attachPassages gives each source hit its best passages for the query:
// those holding most of its words (a source can match with its words spread
// over several passages), then most matches, then the earliest.
func attachPassages(ctx context.Context, tx *sql.Tx, hits []claimline.SearchHit, r searchRun) error {
	for i := range hits {
		ps, err := sourcePassages(ctx, tx, hits[i].ID, r.anyMatch)
		if err != nil {
			return err
		}
		hits[i].Passages = ps
	}
	return nil
}

// sourcePassages returns the best passages of one source for an FTS5
// expression, at most passagesPerHit. They are not ranked with bm25: its
// word weights cost a pass over every passage of the library that holds
// the word (3 ms for a common one, for each source shown), and within one
// source the words matched tell as much.
func sourcePassages(ctx context.Context, tx *sql.Tx, sourceID int64, match string) ([]claimline.PassageHit, error) {
	all, err := collect(ctx, tx, `SELECT start_at, end_at, snippet(search_passages, 0, `+mark+`, '…', 32)
		FROM search_passages WHERE search_passages MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?`,
		[]any{match, sourceID * passageStride, sourceID*passageStride + passageStride - 1, passagesScanned}, func(rows *sql.Rows, p *scoredPassage) error {
			var snippet string
			if err := rows.Scan(&p.Start, &p.End, &snippet); err != nil {
				return err
			}
			p.SourceID = sourceID
			p.score(snippet)
			return nil
		})
	if err != nil {
		return nil, err
	}
	return bestPassages(all), nil
}

// scoredPassage is a passage of a source matching a query, with the
// different words and the words it marks.
type scoredPassage struct {
	claimline.PassageHit
	words, marks int
}

// score sets the passage's snippet, marked as FTS5's snippet() marks it,
// and counts its marks.
func (p *scoredPassage) score(snippet string) {
	p.Snippet = search.ParseSnippet(snippet)
	words := map[string]bool{}
	for _, part := range p.Snippet {
		if part.Mark {
			words[strings.ToLower(part.Text)] = true
			p.marks++
		}
	}
	p.words = len(words)
}

// bestPassages returns the best passagesPerHit of a source's passages,
// in text order: those marking most different words, then most words.
func bestPassages(all []scoredPassage) []claimline.PassageHit {
	slices.SortStableFunc(all, func(a, b scoredPassage) int {
		return cmp.Or(cmp.Compare(b.words, a.words), cmp.Compare(b.marks, a.marks))
	})
	out := make([]claimline.PassageHit, 0, passagesPerHit)
	for _, p := range all[:min(len(all), passagesPerHit)] {
		out = append(out, p.PassageHit)
	}
	return out
}

// RankPassages returns the passages of every source that speak to text,
// best first: any of its words may match, and bm25 ranks passages with
// more and rarer ones higher. Passages are grouped by source, sources in
// the order of their best passage; at most limit passages in all. It is
// what the evidence workbench suggests for a claim.
func (s *Store) RankPassages(ctx context.Context, text string, limit int) ([]claimline.SourcePassages, error) {
	expr := search.CompileAny(text)
	match := expr.FTS5()
	if match == "" || !mayRead(ctx, claimline.SearchSources) {
		return nil, nil
	}
	if limit <= 0 || limit > maxSearchLimit {
		limit = 20
	}
	var out []claimline.SourcePassages
	err := s.read(ctx, func(tx *sql.Tx) error {
		if s.pg {
			var err error
			out, err = rankPassagesPG(ctx, tx, expr, limit)
			return err
		}
		var g sourceGroups
		err := each(ctx, tx, `SELECT p.rowid / ?, s.title, p.start_at, p.end_at,
			snippet(search_passages, 0, `+mark+`, '…', 32), p.rank
			FROM search_passages p JOIN sources s ON s.id = p.rowid / ?
			WHERE search_passages MATCH ? ORDER BY p.rank LIMIT ?`, []any{passageStride, passageStride, match, limit}, func(rows *sql.Rows) error {
			var title, snippet string
			p := claimline.PassageHit{}
			if err := rows.Scan(&p.SourceID, &title, &p.Start, &p.End, &snippet, &p.Rank); err != nil {
				return err
			}
			p.Snippet = search.ParseSnippet(snippet)
			g.add(p, title)
			return nil
		})
		out = g.out
		return err
	})
	return out, err
}

// sourceGroups gathers ranked passages by source, the sources in the order
// of their best (first) passage.
type sourceGroups struct {
	out []claimline.SourcePassages
	at  map[int64]int // source id → its place in out
}

func (g *sourceGroups) add(p claimline.PassageHit, title string) {
	i, ok := g.at[p.SourceID]
	if !ok {
		if g.at == nil {
			g.at = map[int64]int{}
		}
		i = len(g.out)
		g.at[p.SourceID] = i
		g.out = append(g.out, claimline.SourcePassages{SourceID: p.SourceID, Title: title})
	}
	g.out[i].Passages = append(g.out[i].Passages, p)
}

// textCondition is the timeline filter's text condition on entries e: the
// entry's own text, or one of its claims', matches. Text with nothing to
// look for matches nothing.
func textCondition(pg bool, text string) (string, []any) {
	if pg {
		tq := search.Compile(text).TSQuery()
		if tq == "" {
			return "false", nil
		}
		return `e.id IN (SELECT id FROM search_entries WHERE doc @@ CAST(? AS tsquery)
			UNION SELECT c.entry_id FROM search_claims x JOIN claims c ON c.id = x.id WHERE x.doc @@ CAST(? AS tsquery))`, []any{tq, tq}
	}
	match := search.Translate(text)
	if match == "" {
		return "0", nil
	}
	return `e.id IN (SELECT rowid FROM search_entries WHERE search_entries MATCH ?
		UNION SELECT c.entry_id FROM search_claims JOIN claims c ON c.id = search_claims.rowid WHERE search_claims MATCH ?)`,
		[]any{match, match}
}

// rebuildSQL empties the index and fills it from the base tables, as
// migrations 0005 and 0016 first did, then merges each index into one segment.
var rebuildSQL = []string{
	`DELETE FROM search_entries_stale`,
	`DELETE FROM search_entries`,
	`DELETE FROM search_claims`,
	`DELETE FROM search_actors`,
	`DELETE FROM search_notes`,
	`INSERT INTO search_sources (search_sources) VALUES ('delete-all')`,
	`DELETE FROM search_passage_spans`,
	`INSERT INTO search_entries (rowid, title, description, actors, tags)
		SELECT e.id, e.title, e.description,
			coalesce((SELECT group_concat(a.name, '; ') FROM entry_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.entry_id = e.id), ''),
			coalesce((SELECT group_concat(g.name, '; ') FROM entry_tags et JOIN tags g ON g.id = et.tag_id WHERE et.entry_id = e.id), '')
		FROM entries e`,
	`INSERT INTO search_claims (rowid, text, claimant)
		SELECT c.id, c.text, coalesce(a.name, '') FROM claims c LEFT JOIN actors a ON a.id = c.claimant_id`,
	`INSERT INTO search_actors (rowid, name) SELECT id, name FROM actors`,
	`INSERT INTO search_notes (rowid, text) SELECT id, text FROM notes`,
	`INSERT INTO search_sources (rowid, title, outlet, author, text) SELECT id, title, outlet, author, text FROM sources`,
	`INSERT INTO search_passage_spans (id, start_at, end_at)
		SELECT s.id * 4194304 + p.key, p.value ->> 0, p.value ->> 1 FROM sources s, json_each(claimline_passages(s.text)) p`,
	`INSERT INTO search_passages (search_passages) VALUES ('rebuild')`,
	`INSERT INTO search_entries (search_entries) VALUES ('optimize')`,
	`INSERT INTO search_claims (search_claims) VALUES ('optimize')`,
	`INSERT INTO search_actors (search_actors) VALUES ('optimize')`,
	`INSERT INTO search_notes (search_notes) VALUES ('optimize')`,
	`INSERT INTO search_sources (search_sources) VALUES ('optimize')`,
	`INSERT INTO search_passages (search_passages) VALUES ('optimize')`,
}

// Reindex rebuilds the whole search index from the base tables in one
// transaction and returns how long that took. The triggers keep the index
// in sync; this is for a database whose index is suspect, or to measure.
func (s *Store) Reindex(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	err := s.write(ctx, func(tx *Tx) error {
		if err := s.rebuildSearch(ctx, tx); err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
		return nil
	})
	return time.Since(start), err
}

// rebuildSearch empties the search index in tx and fills it again from the
// base tables (Reindex, and Copy for the database it fills).
func (s *Store) rebuildSearch(ctx context.Context, tx *Tx) error {
	if s.pg {
		return rebuildPostgresSearch(ctx, tx)
	}
	for _, q := range rebuildSQL {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// rebuildPostgresSearch empties PostgreSQL's search index (db/postgres/0002)
// and fills it from the base tables in tx, as rebuildSQL does on SQLite.
// Copy calls it for a PostgreSQL destination, whose rows it copies with the
// search triggers off.
func rebuildPostgresSearch(ctx context.Context, tx *Tx) error { return reindexPG(ctx, tx) }

// CheckSearch runs FTS5's integrity check on every search table; for the
// tables that keep or read their text, it also checks that the index
// matches that text. An error means the index should be rebuilt.
// It is a command to FTS5, so it runs as a write that changes nothing.
// On PostgreSQL it compares every index row with its row's text
// (checkSearchPG).
func (s *Store) CheckSearch(ctx context.Context) error {
	return s.write(ctx, func(tx *Tx) error {
		if s.pg {
			return checkSearchPG(ctx, tx)
		}
		for _, t := range []string{"search_entries", "search_claims", "search_actors", "search_notes", "search_passages"} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+t+` (`+t+`, rank) VALUES ('integrity-check', 1)`); err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO search_sources (search_sources) VALUES ('integrity-check')`); err != nil {
			return fmt.Errorf("search_sources: %w", err)
		}
		return nil
	})
}

// startFlushingSQL says whether writes made without the store left rows
// to index.
var startFlushingSQL = dialects(`SELECT EXISTS (SELECT 1 FROM search_entries_stale)`, `SELECT EXISTS (SELECT 1 FROM search_stale)`)

// startFlushing has every write transaction from now on bring the search
// index up to date before it commits (db/migrations/0023,
// db/postgres/0002), and brings it up to date now if a write made without
// the store (by another program, with SQL) left rows to index.
func (s *Store) startFlushing(ctx context.Context) error {
	s.flushStale.Store(true)
	var stale bool
	if err := s.w.QueryRowContext(ctx, startFlushingSQL).Scan(&stale); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if !stale {
		return nil
	}
	return s.write(ctx, func(tx *Tx) error { return nil })
}
