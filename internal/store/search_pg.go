package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"claimline/internal/claimline"
	"claimline/internal/search"
)

// Search on PostgreSQL (db/postgres/0002_search.sql): the same query, the
// same matches and the same ranking as FTS5's on SQLite. The GIN index
// finds the rows a query's tsquery matches (search.Expr.TSQuery, over the
// keys the store wrote with search.TSVector); the store then ranks them
// with FTS5's bm25 (search.Ranker) from the places of the query's lexemes
// in each row, the rows and words of the index (search_stats) and the rows
// holding each phrase (search_terms, or a count); and it marks the hits
// with FTS5's highlight and snippet (search.Expr.Highlight, Snippet).

// pgIndex is one of PostgreSQL's search indexes.
type pgIndex struct {
	table   string    // its table
	kind    string    // its name in search_stats and search_terms
	cols    int       // its columns, as SQLite's index of the kind has them
	weights []float64 // bm25's weight of each column, as on SQLite (rankOf)
}

var (
	pgEntries  = pgIndex{"search_entries", "entries", 4, entryWeights}
	pgClaims   = pgIndex{"search_claims", "claims", 2, claimWeights}
	pgSources  = pgIndex{"search_sources", "sources", 4, sourceWeights}
	pgActors   = pgIndex{"search_actors", "actors", 1, nil}
	pgNotes    = pgIndex{"search_notes", "notes", 1, nil}
	pgPassages = pgIndex{"search_passages", "passages", 1, nil}
)

// pgIndexOf is the index of a kind.
func pgIndexOf(k claimline.SearchKind) pgIndex {
	switch k {
	case claimline.SearchEntries:
		return pgEntries
	case claimline.SearchClaims:
		return pgClaims
	case claimline.SearchSources:
		return pgSources
	case claimline.SearchActors:
		return pgActors
	}
	return pgNotes
}

// pgRow is a row of an index that a query matches: its id, and its doc
// with the places of the query's lexemes.
type pgRow struct {
	id   int64
	doc  search.Doc
	rank float64
}

// pgMatches returns the rows of idx that e matches, newest (highest id)
// first, at most limit (0: all). join and cond narrow them, with args: join
// joins tables to the index x, cond adds conditions (" AND …").
func pgMatches(ctx context.Context, tx *sql.Tx, idx pgIndex, e search.Expr, join, cond string, args []any, limit int) ([]pgRow, error) {
	tq := e.TSQuery()
	if tq == "" {
		return nil, nil
	}
	lexemes, err := pgLexemes(ctx, tx, idx, e)
	if err != nil {
		return nil, err
	}
	q := `SELECT x.id, array_to_string(x.sizes, ' '), CAST(ts_filter(setweight(x.doc, 'A', string_to_array(?, ' ')), '{a}') AS text)
		FROM ` + idx.table + ` x ` + join + ` WHERE x.doc @@ CAST(? AS tsquery)` + cond + ` ORDER BY x.id DESC`
	args = append([]any{strings.Join(lexemes, " "), tq}, args...)
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	return collect(ctx, tx, q, args, func(rows *sql.Rows, r *pgRow) error {
		var sizes, vec string
		if err := rows.Scan(&r.id, &sizes, &vec); err != nil {
			return err
		}
		var err error
		r.doc, err = pgDoc(sizes, vec)
		return err
	})
}

// pgDoc reads a row's doc from its sizes (array_to_string) and a tsvector.
func pgDoc(sizes, vec string) (search.Doc, error) {
	var ns []int
	for f := range strings.FieldsSeq(sizes) {
		n, err := strconv.Atoi(f)
		if err != nil {
			return search.Doc{}, fmt.Errorf("sizes %q: %w", sizes, err)
		}
		ns = append(ns, n)
	}
	places, err := search.ParseTSVector(vec)
	if err != nil {
		return search.Doc{}, err
	}
	return search.DocFromPositions(ns, places), nil
}

// pgLexemes returns the lexemes of idx that e's phrases can match in a
// row it matches: their keys, and the lexemes a prefix begins, read from
// search_terms.
func pgLexemes(ctx context.Context, tx *sql.Tx, idx pgIndex, e search.Expr) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, i := range e.Positive() {
		p := e.Phrases[i]
		for j, k := range p.Keys {
			if j < len(p.Keys)-1 || !p.Prefix {
				add(k)
				continue
			}
			err := each(ctx, tx, `SELECT lexeme FROM search_terms WHERE kind = ? AND lexeme >= ? AND lexeme < ?`,
				[]any{idx.kind, k, k + "\U0010FFFF"}, func(rows *sql.Rows) error {
					var l string
					if err := rows.Scan(&l); err != nil {
						return err
					}
					add(l)
					return nil
				})
			if err != nil {
				return nil, fmt.Errorf("prefix %q: %w", k, err)
			}
		}
	}
	return out, nil
}

// pgRanker returns bm25's ranker of e over idx. A phrase's rows are read
// from search_terms when it is one word, and counted otherwise; but when e
// has one phrase that can occur, its rows weigh every match alike and do
// not change the order, and they are counted only if that is cheap.
func pgRanker(ctx context.Context, tx *sql.Tx, idx pgIndex, e search.Expr) (search.Ranker, error) {
	var st search.IndexStats
	if err := tx.QueryRowContext(ctx, `SELECT docs, words FROM search_stats WHERE kind = ?`, idx.kind).Scan(&st.Rows, &st.Words); err != nil {
		return search.Ranker{}, fmt.Errorf("search stats: %w", err)
	}
	hits := make([]int64, len(e.Phrases))
	positive := e.Positive()
	counted := map[string]int64{}
	for _, i := range positive {
		p := e.Phrases[i]
		tq := p.TSQuery()
		if n, ok := counted[tq]; ok {
			hits[i] = n
			continue
		}
		var err error
		switch {
		case len(p.Keys) == 1 && !p.Prefix:
			err = tx.QueryRowContext(ctx, `SELECT coalesce((SELECT docs FROM search_terms WHERE kind = ? AND lexeme = ?), 0)`,
				idx.kind, p.Keys[0]).Scan(&hits[i])
		case len(positive) == 1:
			hits[i] = 1
		default:
			err = tx.QueryRowContext(ctx, `SELECT count(*) FROM `+idx.table+` WHERE doc @@ CAST(? AS tsquery)`, tq).Scan(&hits[i])
		}
		if err != nil {
			return search.Ranker{}, fmt.Errorf("rows of %q: %w", tq, err)
		}
		counted[tq] = hits[i]
	}
	return search.NewRanker(st, hits, idx.weights...), nil
}

// pgRank ranks rows matching e in idx, best first: ties keep the newest
// first, as SQLite's sort keeps them in the order it read them, unless
// oldestFirst (FTS5's ORDER BY rank reads them oldest first).
func pgRank(ctx context.Context, tx *sql.Tx, idx pgIndex, e search.Expr, rows []pgRow, oldestFirst bool) error {
	r, err := pgRanker(ctx, tx, idx, e)
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].rank = r.Rank(e.Instances(rows[i].doc), rows[i].doc.Words())
	}
	slices.SortStableFunc(rows, func(a, b pgRow) int {
		if oldestFirst {
			return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.id, b.id))
		}
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(b.id, a.id))
	})
	return nil
}

// searchKindPG is searchKind on PostgreSQL: the newest maxCount matches
// counted and ranked, the page's hits loaded and marked.
func searchKindPG(ctx context.Context, tx *sql.Tx, k claimline.SearchKind, r searchRun) (claimline.SearchGroup, error) {
	g := claimline.SearchGroup{Kind: k}
	idx := pgIndexOf(k)
	var join, cond string
	var args []any
	if r.timelineID != 0 {
		switch k {
		case claimline.SearchEntries:
			join = `JOIN entries e ON e.id = x.id`
		case claimline.SearchClaims:
			join = `JOIN claims c ON c.id = x.id JOIN entries e ON e.id = c.entry_id`
		case claimline.SearchNotes:
			join = `JOIN notes n ON n.id = x.id JOIN entries e ON e.id = n.entry_id`
		}
		if join != "" {
			cond, args = ` AND e.timeline_id = ?`, []any{r.timelineID}
		}
	}
	rows, err := pgMatches(ctx, tx, idx, r.expr, join, cond, args, maxCount+1)
	if err != nil {
		return g, err
	}
	if g.Total = len(rows); g.Total > maxCount {
		rows = rows[:maxCount] // the oldest is past the cap
		g.Total, g.Capped = maxCount, true
	}
	if err := pgRank(ctx, tx, idx, r.expr, rows, false); err != nil {
		return g, err
	}
	rows = rows[min(r.offset, len(rows)):min(r.offset+r.limit, len(rows))]
	if len(rows) == 0 {
		return g, nil
	}
	ids := make([]int64, len(rows))
	for i, row := range rows {
		ids[i] = row.id
	}
	if g.Hits, err = pgKindHits(ctx, tx, k, r.expr, ids); err != nil {
		return g, err
	}
	if k == claimline.SearchSources {
		for i := range g.Hits {
			if g.Hits[i].Passages, err = sourcePassagesPG(ctx, tx, g.Hits[i].ID, r.anyExpr); err != nil {
				return g, err
			}
		}
	}
	return g, nil
}

// pgHitSQL selects the hits of a kind with the given ids (an array's
// text): what pgKindHits marks and shows. An array, not json_ids: the
// planner knows how few ids it holds, and looks each up.
var pgHitSQL = map[claimline.SearchKind]string{
	claimline.SearchEntries: `SELECT e.id, e.title, e.description, x.actors, x.tags, e.date, e.approximate, t.slug, t.title
		FROM search_entries x JOIN entries e ON e.id = x.id JOIN timelines t ON t.id = e.timeline_id WHERE x.id = ANY(CAST(? AS bigint[]))`,
	claimline.SearchClaims: `SELECT c.id, c.text, x.claimant, e.id, e.title, e.date, e.approximate, t.slug, t.title
		FROM search_claims x JOIN claims c ON c.id = x.id JOIN entries e ON e.id = c.entry_id JOIN timelines t ON t.id = e.timeline_id
		WHERE x.id = ANY(CAST(? AS bigint[]))`,
	claimline.SearchSources: `SELECT s.id, s.title, s.outlet FROM sources s WHERE s.id = ANY(CAST(? AS bigint[]))`,
	claimline.SearchActors:  `SELECT a.id, a.name FROM search_actors x JOIN actors a ON a.id = x.id WHERE x.id = ANY(CAST(? AS bigint[]))`,
	claimline.SearchNotes: `SELECT n.id, n.text, n.entry_id, e.title, e.date, e.approximate, t.slug, t.title, coalesce(n.claim_id, 0), u.username, coalesce(c.text, '')
		FROM search_notes x JOIN notes n ON n.id = x.id JOIN entries e ON e.id = n.entry_id JOIN timelines t ON t.id = e.timeline_id
		JOIN users u ON u.id = n.author_id LEFT JOIN claims c ON c.id = n.claim_id WHERE x.id = ANY(CAST(? AS bigint[]))`,
}

// pgKindHits loads the hits of a kind with the given ids, in their order,
// marked as hitColumns marks them on SQLite.
func pgKindHits(ctx context.Context, tx *sql.Tx, k claimline.SearchKind, e search.Expr, ids []int64) ([]claimline.SearchHit, error) {
	hits, err := collect(ctx, tx, pgHitSQL[k], []any{idArray(ids)}, func(rows *sql.Rows, h *claimline.SearchHit) error {
		h.Kind = k
		var cols []string // the index's columns, to mark
		var date string
		n := &h.Note
		var err error
		switch k {
		case claimline.SearchEntries:
			cols = make([]string, 4)
			err = rows.Scan(&h.ID, &cols[0], &cols[1], &cols[2], &cols[3], &date, &h.Entry.Approximate, &h.Entry.TimelineSlug, &h.Entry.TimelineTitle)
			h.Title = cols[0]
		case claimline.SearchClaims:
			cols = make([]string, 2)
			err = rows.Scan(&h.ID, &cols[0], &cols[1], &h.Entry.ID, &h.Entry.Title, &date, &h.Entry.Approximate, &h.Entry.TimelineSlug, &h.Entry.TimelineTitle)
			h.Title = cols[0]
		case claimline.SearchSources:
			err = rows.Scan(&h.ID, &h.Title, &h.Outlet)
		case claimline.SearchActors:
			cols = make([]string, 1)
			err = rows.Scan(&h.ID, &cols[0])
			h.Title = cols[0]
		case claimline.SearchNotes:
			cols = make([]string, 1)
			err = rows.Scan(&h.ID, &cols[0], &h.Entry.ID, &h.Entry.Title, &date, &h.Entry.Approximate, &h.Entry.TimelineSlug, &h.Entry.TimelineTitle,
				&n.ClaimID, &n.Author, &n.ClaimText)
			h.Title = cols[0]
		}
		if err != nil {
			return err
		}
		heading, snippet := pgMarks(k, e, cols)
		fillHit(h, heading, snippet, date)
		return nil
	})
	order := make(map[int64]int, len(ids))
	for i, id := range ids {
		order[id] = i
	}
	slices.SortFunc(hits, func(a, b claimline.SearchHit) int { return cmp.Compare(order[a.ID], order[b.ID]) })
	return hits, err
}

// pgMarks is what hitColumns asks of FTS5's highlight() and snippet() for
// a hit of kind k whose index columns hold cols.
func pgMarks(k claimline.SearchKind, e search.Expr, cols []string) (heading, snippet string) {
	if len(cols) == 0 {
		return "", ""
	}
	doc, words := search.TextDoc(cols...)
	switch k {
	case claimline.SearchEntries:
		return e.Highlight(cols, words, doc, 0), e.Snippet(cols, words, doc, -1, "…", 24)
	case claimline.SearchClaims:
		return e.Highlight(cols, words, doc, 0), e.Highlight(cols, words, doc, 1)
	case claimline.SearchNotes:
		return e.Snippet(cols, words, doc, 0, "…", 32), ""
	}
	return e.Highlight(cols, words, doc, 0), ""
}

// pgPassageSQL reads passages of one source matching a tsquery, in text
// order, with their text: the source's text is made bytes once, since
// passages are byte ranges.
const pgPassageSQL = `SELECT p.start_at, p.end_at, convert_from(substring(b.t FROM CAST(p.start_at AS integer) + 1 FOR CAST(p.end_at - p.start_at AS integer)), 'UTF8')
	FROM (SELECT convert_to(text, 'UTF8') AS t FROM sources WHERE id = ?) b, search_passages p
	WHERE p.id BETWEEN ? AND ? AND p.doc @@ CAST(? AS tsquery) ORDER BY p.id LIMIT ?`

// sourcePassagesPG is sourcePassages on PostgreSQL.
func sourcePassagesPG(ctx context.Context, tx *sql.Tx, sourceID int64, e search.Expr) ([]claimline.PassageHit, error) {
	tq := e.TSQuery()
	if tq == "" {
		return nil, nil
	}
	all, err := collect(ctx, tx, pgPassageSQL, []any{sourceID, sourceID * passageStride, sourceID*passageStride + passageStride - 1, tq, passagesScanned},
		func(rows *sql.Rows, p *scoredPassage) error {
			var body string
			if err := rows.Scan(&p.Start, &p.End, &body); err != nil {
				return err
			}
			doc, words := search.TextDoc(body)
			p.SourceID = sourceID
			p.score(e.Snippet([]string{body}, words, doc, 0, "…", 32))
			return nil
		})
	if err != nil {
		return nil, err
	}
	return bestPassages(all), nil
}

// rankPassagesPG is RankPassages on PostgreSQL.
func rankPassagesPG(ctx context.Context, tx *sql.Tx, e search.Expr, limit int) ([]claimline.SourcePassages, error) {
	rows, err := pgMatches(ctx, tx, pgPassages, e, "", "", nil, 0)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	if err := pgRank(ctx, tx, pgPassages, e, rows, true); err != nil {
		return nil, err
	}
	rows = rows[:min(limit, len(rows))]
	ids := make([]int64, len(rows))
	for i, row := range rows {
		ids[i] = row.id
	}
	type passage struct {
		title      string
		start, end int
		body       string
	}
	found := map[int64]passage{}
	err = each(ctx, tx, `SELECT p.id, s.title, p.start_at, p.end_at,
			convert_from(substring(convert_to(s.text, 'UTF8') FROM CAST(p.start_at AS integer) + 1 FOR CAST(p.end_at - p.start_at AS integer)), 'UTF8')
		FROM search_passages p JOIN sources s ON s.id = p.id / ?
		WHERE p.id = ANY (CAST(? AS bigint[]))`, []any{passageStride, idArray(ids)}, func(r *sql.Rows) error {
		var id int64
		var p passage
		if err := r.Scan(&id, &p.title, &p.start, &p.end, &p.body); err != nil {
			return err
		}
		found[id] = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	var g sourceGroups
	for _, row := range rows {
		f, ok := found[row.id]
		if !ok {
			continue // removed since it was ranked: not in this snapshot, cannot be
		}
		doc, words := search.TextDoc(f.body)
		g.add(claimline.PassageHit{SourceID: row.id / passageStride, Rank: row.rank, Start: f.start, End: f.end,
			Snippet: search.ParseSnippet(e.Snippet([]string{f.body}, words, doc, 0, "…", 32))}, f.title)
	}
	return g.out, nil
}

// idArray is ids as PostgreSQL array text.
func idArray(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return "{" + strings.Join(parts, ",") + "}"
}
