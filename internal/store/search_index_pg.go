package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"claimline/internal/search"
)

// Keeping PostgreSQL's search index (db/postgres/0002_search.sql): its
// triggers note in search_stale the rows that changed, and every write
// transaction, before it commits, indexes them again here (flushSearch):
// it cuts their words and passages in Go, as SQLite's tokenizer and
// claimline_passages do, and keeps bm25's figures (search_stats,
// search_terms) in step.

// pgIndexed says where an index's rows come from: load reads the columns
// to index of the rows with the given ids (a JSON array), id first; insert
// writes index rows from a JSON array of [id, sizes, doc, kept…]; kept are
// the columns (by number) that the index row keeps as text.
type pgIndexed struct {
	idx    pgIndex
	load   string
	insert string
	kept   []int
}

// pgKinds are the kinds search_stale names, in the order they are brought
// up to date.
var pgKinds = []string{"entries", "claims", "actors", "notes", "sources"}

// pgIndexedOf maps a kind of search_stale to its index. The names of an
// entry's actors and tags are joined as SQLite's group_concat joins them,
// in the order of the join's primary key (the actor's or tag's id).
var pgIndexedOf = map[string]pgIndexed{
	"entries": {pgEntries, `SELECT e.id, e.title, e.description,
			coalesce((SELECT string_agg(a.name, '; ' ORDER BY ea.actor_id) FROM entry_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.entry_id = e.id), ''),
			coalesce((SELECT string_agg(g.name, '; ' ORDER BY et.tag_id) FROM entry_tags et JOIN tags g ON g.id = et.tag_id WHERE et.entry_id = e.id), '')
		FROM entries e WHERE e.id IN (SELECT json_ids(?))`,
		`INSERT INTO search_entries (id, sizes, doc, actors, tags)
			SELECT CAST(r->>0 AS bigint), CAST(r->>1 AS integer[]), CAST(r->>2 AS tsvector), r->>3, r->>4 FROM json_array_elements(CAST(? AS json)) r`,
		[]int{2, 3}},
	"claims": {pgClaims, `SELECT c.id, c.text, coalesce(a.name, '') FROM claims c LEFT JOIN actors a ON a.id = c.claimant_id WHERE c.id IN (SELECT json_ids(?))`,
		`INSERT INTO search_claims (id, sizes, doc, claimant)
			SELECT CAST(r->>0 AS bigint), CAST(r->>1 AS integer[]), CAST(r->>2 AS tsvector), r->>3 FROM json_array_elements(CAST(? AS json)) r`,
		[]int{1}},
	"actors": {pgActors, `SELECT id, name FROM actors WHERE id IN (SELECT json_ids(?))`,
		`INSERT INTO search_actors (id, sizes, doc)
			SELECT CAST(r->>0 AS bigint), CAST(r->>1 AS integer[]), CAST(r->>2 AS tsvector) FROM json_array_elements(CAST(? AS json)) r`, nil},
	"notes": {pgNotes, `SELECT id, text FROM notes WHERE id IN (SELECT json_ids(?))`,
		`INSERT INTO search_notes (id, sizes, doc)
			SELECT CAST(r->>0 AS bigint), CAST(r->>1 AS integer[]), CAST(r->>2 AS tsvector) FROM json_array_elements(CAST(? AS json)) r`, nil},
	"sources": {pgSources, `SELECT id, title, outlet, author, text FROM sources WHERE id IN (SELECT json_ids(?))`,
		`INSERT INTO search_sources (id, sizes, doc)
			SELECT CAST(r->>0 AS bigint), CAST(r->>1 AS integer[]), CAST(r->>2 AS tsvector) FROM json_array_elements(CAST(? AS json)) r`, nil},
}

const (
	// pgIndexChunk is how many rows of a kind are indexed at a time.
	pgIndexChunk = 500
	// pgInsertBytes bounds the JSON of one INSERT of index rows.
	pgInsertBytes = 4 << 20
)

// insertPassagesSQL writes passages from a JSON array of [id, start, end,
// sizes, doc].
const insertPassagesSQL = `INSERT INTO search_passages (id, start_at, end_at, sizes, doc)
	SELECT CAST(r->>0 AS bigint), CAST(r->>1 AS bigint), CAST(r->>2 AS bigint), CAST(r->>3 AS integer[]), CAST(r->>4 AS tsvector)
	FROM json_array_elements(CAST(? AS json)) r`

// flushSearch brings the search index up to date with the transaction's
// writes, after its last savepoint and before its commit: on SQLite the
// entries migration 0023 noted, on PostgreSQL every row noted in
// search_stale.
func (s *Store) flushSearch(t *Tx) error {
	if !s.pg {
		return t.exec(t.ctx, flushStaleSQL)
	}
	return indexStale(t.ctx, t)
}

// indexStale indexes again the rows search_stale notes, and forgets them.
func indexStale(ctx context.Context, t *Tx) error {
	stale := map[string][]int64{}
	err := each(ctx, t, `DELETE FROM search_stale RETURNING kind, id`, nil, func(rows *sql.Rows) error {
		var kind string
		var id int64
		if err := rows.Scan(&kind, &id); err != nil {
			return err
		}
		stale[kind] = append(stale[kind], id)
		return nil
	})
	if err != nil {
		return err
	}
	for _, kind := range pgKinds {
		ids := stale[kind]
		slices.Sort(ids)
		for len(ids) > 0 {
			n := min(len(ids), pgIndexChunk)
			if err := indexRows(ctx, t, pgIndexedOf[kind], ids[:n]); err != nil {
				return fmt.Errorf("index %s: %w", kind, err)
			}
			ids = ids[n:]
		}
	}
	return nil
}

// pgFigures are changes to bm25's figures of one index: its rows and
// words, and the rows holding each lexeme.
type pgFigures struct {
	docs, words int64
	terms       map[string]int64
}

// drop counts out an index row read back as its sizes and lexemes
// (array_to_string of sizes and of tsvector_to_array(doc)).
func (f *pgFigures) drop(sizes, lexemes string) error {
	n, err := sumFields(sizes)
	if err != nil {
		return err
	}
	f.docs--
	f.words -= n
	for l := range strings.FieldsSeq(lexemes) {
		f.terms[l]--
	}
	return nil
}

// add counts in an index row of the given sizes and tsvector text.
func (f *pgFigures) add(sizes []int, vec string) error {
	f.docs++
	for _, n := range sizes {
		f.words += int64(n)
	}
	places, err := search.ParseTSVector(vec)
	if err != nil {
		return err
	}
	for l := range places {
		f.terms[l]++
	}
	return nil
}

// sumFields adds up the integers of a space-separated list.
func sumFields(s string) (int64, error) {
	var sum int64
	for f := range strings.FieldsSeq(s) {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%q: %w", s, err)
		}
		sum += n
	}
	return sum, nil
}

// sizesArray is sizes as PostgreSQL array text.
func sizesArray(sizes []int) string {
	parts := make([]string, len(sizes))
	for i, n := range sizes {
		parts[i] = strconv.Itoa(n)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// indexRows indexes again the rows of one kind with the given ids: their
// index rows (and a source's passages) are replaced by rows of their text
// as it is now, or removed with the rows that are gone.
func indexRows(ctx context.Context, t *Tx, ix pgIndexed, ids []int64) error {
	list, _ := json.Marshal(ids)
	figs := pgFigures{terms: map[string]int64{}}
	passages := pgFigures{terms: map[string]int64{}}
	dropped := func(f *pgFigures) func(*sql.Rows) error {
		return func(rows *sql.Rows) error {
			var sizes, lexemes string
			if err := rows.Scan(&sizes, &lexemes); err != nil {
				return err
			}
			return f.drop(sizes, lexemes)
		}
	}
	err := each(ctx, t, `DELETE FROM `+ix.idx.table+` WHERE id IN (SELECT json_ids(?))
		RETURNING array_to_string(sizes, ' '), array_to_string(tsvector_to_array(doc), ' ')`, []any{string(list)}, dropped(&figs))
	if err != nil {
		return err
	}
	if ix.idx.kind == pgSources.kind {
		err := each(ctx, t, `DELETE FROM search_passages p USING json_ids(?) AS s(id)
			WHERE p.id BETWEEN s.id * ? AND s.id * ? + ?
			RETURNING array_to_string(p.sizes, ' '), array_to_string(tsvector_to_array(p.doc), ' ')`,
			[]any{string(list), passageStride, passageStride, passageStride - 1}, dropped(&passages))
		if err != nil {
			return err
		}
	}
	var rows, passageRows []json.RawMessage
	err = each(ctx, t, ix.load, []any{string(list)}, func(r *sql.Rows) error {
		var id int64
		cols := make([]string, ix.idx.cols)
		dest := []any{&id}
		for i := range cols {
			dest = append(dest, &cols[i])
		}
		if err := r.Scan(dest...); err != nil {
			return err
		}
		vec, sizes := search.TSVector(cols...)
		if err := figs.add(sizes, vec); err != nil {
			return err
		}
		row := []any{id, sizesArray(sizes), vec}
		for _, k := range ix.kept {
			row = append(row, cols[k])
		}
		b, err := json.Marshal(row)
		if err != nil {
			return err
		}
		rows = append(rows, b)
		if ix.idx.kind != pgSources.kind {
			return nil
		}
		text := cols[3]
		for i, p := range search.Passages(text) {
			vec, sizes := search.TSVector(text[p.Start:p.End])
			if err := passages.add(sizes, vec); err != nil {
				return err
			}
			b, err := json.Marshal([]any{id*passageStride + int64(i), p.Start, p.End, sizesArray(sizes), vec})
			if err != nil {
				return err
			}
			passageRows = append(passageRows, b)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := insertJSON(ctx, t, ix.insert, rows); err != nil {
		return err
	}
	if err := keepFigures(ctx, t, ix.idx.kind, figs); err != nil {
		return err
	}
	if ix.idx.kind != pgSources.kind {
		return nil
	}
	if err := insertJSON(ctx, t, insertPassagesSQL, passageRows); err != nil {
		return err
	}
	return keepFigures(ctx, t, pgPassages.kind, passages)
}

// insertJSON runs insert with the rows as JSON arrays, as few at a time as
// keep each statement's text within pgInsertBytes.
func insertJSON(ctx context.Context, t *Tx, insert string, rows []json.RawMessage) error {
	for len(rows) > 0 {
		n, size := 0, 2
		for n < len(rows) && (n == 0 || size+len(rows[n])+1 <= pgInsertBytes) {
			size += len(rows[n]) + 1
			n++
		}
		var b strings.Builder
		b.WriteByte('[')
		for i, r := range rows[:n] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(r)
		}
		b.WriteByte(']')
		if err := t.exec(ctx, insert, b.String()); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// keepFigures applies changes to an index's bm25 figures. A lexeme that
// no row holds any more leaves search_terms.
func keepFigures(ctx context.Context, t *Tx, kind string, f pgFigures) error {
	if f.docs != 0 || f.words != 0 {
		if err := t.exec(ctx, `UPDATE search_stats SET docs = docs + ?, words = words + ? WHERE kind = ?`, f.docs, f.words, kind); err != nil {
			return err
		}
	}
	var up, down [][2]any
	for _, l := range slices.Sorted(maps.Keys(f.terms)) {
		switch n := f.terms[l]; {
		case n > 0:
			up = append(up, [2]any{l, n})
		case n < 0:
			down = append(down, [2]any{l, n})
		}
	}
	if len(down) > 0 {
		b, _ := json.Marshal(down)
		if err := t.exec(ctx, `UPDATE search_terms t SET docs = greatest(t.docs + CAST(r->>1 AS bigint), 0)
			FROM json_array_elements(CAST(? AS json)) r WHERE t.kind = ? AND t.lexeme = r->>0`, string(b), kind); err != nil {
			return err
		}
		if err := t.exec(ctx, `DELETE FROM search_terms
			WHERE kind = ? AND lexeme IN (SELECT r->>0 FROM json_array_elements(CAST(? AS json)) r) AND docs = 0`, kind, string(b)); err != nil {
			return err
		}
	}
	if len(up) > 0 {
		b, _ := json.Marshal(up)
		return t.exec(ctx, `INSERT INTO search_terms (kind, lexeme, docs)
			SELECT ?, r->>0, CAST(r->>1 AS bigint) FROM json_array_elements(CAST(? AS json)) r
			ON CONFLICT (kind, lexeme) DO UPDATE SET docs = search_terms.docs + excluded.docs`, kind, string(b))
	}
	return nil
}

// reindexPG empties PostgreSQL's index and indexes every row again.
func reindexPG(ctx context.Context, t *Tx) error {
	for _, q := range []string{
		`DELETE FROM search_stale`,
		`DELETE FROM search_entries`, `DELETE FROM search_claims`, `DELETE FROM search_actors`, `DELETE FROM search_notes`,
		`DELETE FROM search_sources`, `DELETE FROM search_passages`, `DELETE FROM search_terms`,
		`UPDATE search_stats SET docs = 0, words = 0`,
		`INSERT INTO search_stale (kind, id) SELECT 'entries', id FROM entries UNION ALL SELECT 'claims', id FROM claims
			UNION ALL SELECT 'actors', id FROM actors UNION ALL SELECT 'notes', id FROM notes UNION ALL SELECT 'sources', id FROM sources`,
	} {
		if err := t.exec(ctx, q); err != nil {
			return err
		}
	}
	return indexStale(ctx, t)
}

// checkSearchPG checks PostgreSQL's index against the base tables: every
// row indexed as its text is now (its words, their places, the names it
// keeps), a source's passages as search.Passages cuts its text, no index
// row without its row, and bm25's figures those of the rows.
func checkSearchPG(ctx context.Context, t *Tx) error {
	if err := indexStale(ctx, t); err != nil {
		return err
	}
	for _, kind := range pgKinds {
		ix := pgIndexedOf[kind]
		if err := checkRows(ctx, t, ix); err != nil {
			return fmt.Errorf("%s: %w", ix.idx.table, err)
		}
	}
	for _, idx := range []pgIndex{pgEntries, pgClaims, pgActors, pgNotes, pgSources, pgPassages} {
		if err := checkFigures(ctx, t, idx); err != nil {
			return fmt.Errorf("%s: %w", idx.table, err)
		}
	}
	return nil
}

// pgIndexRow is an index row as checkRows compares it.
type pgIndexRow struct {
	sizes  string
	places map[string][]int
	kept   []string
}

// checkRows compares the index rows of one kind with its base rows.
func checkRows(ctx context.Context, t *Tx, ix pgIndexed) error {
	var orphans int
	if err := t.QueryRowContext(ctx, `SELECT count(*) FROM `+ix.idx.table+` x WHERE NOT EXISTS (SELECT 1 FROM `+ix.idx.kind+` b WHERE b.id = x.id)`).
		Scan(&orphans); err != nil {
		return err
	}
	if orphans > 0 {
		return fmt.Errorf("%d rows whose %s are gone", orphans, ix.idx.kind)
	}
	if ix.idx.kind == pgSources.kind {
		if err := t.QueryRowContext(ctx, `SELECT count(*) FROM search_passages p WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.id = p.id / ?)`,
			passageStride).Scan(&orphans); err != nil {
			return err
		}
		if orphans > 0 {
			return fmt.Errorf("%d passages whose sources are gone", orphans)
		}
	}
	var ids []int64
	err := each(ctx, t, `SELECT id FROM `+ix.idx.kind+` ORDER BY id`, nil, func(rows *sql.Rows) error {
		var id int64
		ids = append(ids, id)
		return rows.Scan(&ids[len(ids)-1])
	})
	if err != nil {
		return err
	}
	for len(ids) > 0 {
		n := min(len(ids), pgIndexChunk)
		if err := checkChunk(ctx, t, ix, ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// checkChunk compares the index rows of some rows of one kind with what
// indexing them now would write.
func checkChunk(ctx context.Context, t *Tx, ix pgIndexed, ids []int64) error {
	list, _ := json.Marshal(ids)
	kept := ""
	for _, c := range map[string][]string{"entries": {"actors", "tags"}, "claims": {"claimant"}}[ix.idx.kind] {
		kept += ", " + c
	}
	have := map[int64]pgIndexRow{}
	err := each(ctx, t, `SELECT id, array_to_string(sizes, ' '), CAST(doc AS text)`+kept+` FROM `+ix.idx.table+` WHERE id IN (SELECT json_ids(?))`,
		[]any{string(list)}, func(rows *sql.Rows) error {
			var id int64
			var vec string
			r := pgIndexRow{kept: make([]string, len(ix.kept))}
			dest := []any{&id, &r.sizes, &vec}
			for i := range r.kept {
				dest = append(dest, &r.kept[i])
			}
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			var err error
			r.places, err = search.ParseTSVector(vec)
			have[id] = r
			return err
		})
	if err != nil {
		return err
	}
	type baseRow struct {
		id   int64
		cols []string
	}
	// Read whole before the passages are: one connection reads one result
	// at a time.
	base, err := collect(ctx, t, ix.load, []any{string(list)}, func(rows *sql.Rows, b *baseRow) error {
		b.cols = make([]string, ix.idx.cols)
		dest := []any{&b.id}
		for i := range b.cols {
			dest = append(dest, &b.cols[i])
		}
		return rows.Scan(dest...)
	})
	if err != nil {
		return err
	}
	for _, b := range base {
		want, err := indexRowOf(b.cols, ix.kept)
		if err != nil {
			return err
		}
		got, ok := have[b.id]
		if !ok {
			return fmt.Errorf("row %d is not indexed", b.id)
		}
		if !sameIndexRow(got, want) {
			return fmt.Errorf("row %d is not indexed as its text is", b.id)
		}
		if ix.idx.kind == pgSources.kind {
			if err := checkPassages(ctx, t, b.id, b.cols[3]); err != nil {
				return err
			}
		}
	}
	return nil
}

// indexRowOf is the index row of a row whose columns hold cols.
func indexRowOf(cols []string, kept []int) (pgIndexRow, error) {
	vec, sizes := search.TSVector(cols...)
	places, err := search.ParseTSVector(vec)
	r := pgIndexRow{sizes: strings.Trim(strings.ReplaceAll(sizesArray(sizes), ",", " "), "{}"), places: places}
	for _, k := range kept {
		r.kept = append(r.kept, cols[k])
	}
	return r, err
}

func sameIndexRow(a, b pgIndexRow) bool {
	return a.sizes == b.sizes && slices.Equal(a.kept, b.kept) && maps.EqualFunc(a.places, b.places, slices.Equal)
}

// checkPassages compares a source's passages with its text's.
func checkPassages(ctx context.Context, t *Tx, id int64, text string) error {
	type passage struct {
		start, end int
		row        pgIndexRow
	}
	have, err := collect(ctx, t, `SELECT start_at, end_at, array_to_string(sizes, ' '), CAST(doc AS text) FROM search_passages
		WHERE id BETWEEN ? AND ? ORDER BY id`, []any{id * passageStride, id*passageStride + passageStride - 1}, func(rows *sql.Rows, p *passage) error {
		var vec string
		if err := rows.Scan(&p.start, &p.end, &p.row.sizes, &vec); err != nil {
			return err
		}
		var err error
		p.row.places, err = search.ParseTSVector(vec)
		return err
	})
	if err != nil {
		return err
	}
	want := search.Passages(text)
	if len(have) != len(want) {
		return fmt.Errorf("source %d has %d passages indexed, its text %d", id, len(have), len(want))
	}
	for i, p := range want {
		row, err := indexRowOf([]string{text[p.Start:p.End]}, nil)
		if err != nil {
			return err
		}
		if have[i].start != p.Start || have[i].end != p.End || !sameIndexRow(have[i].row, row) {
			return fmt.Errorf("source %d: passage %d is not indexed as its text is", id, i)
		}
	}
	return nil
}

// checkFigures compares an index's bm25 figures with its rows.
func checkFigures(ctx context.Context, t *Tx, idx pgIndex) error {
	var docs, words, keptDocs, keptWords int64
	if err := t.QueryRowContext(ctx, `SELECT count(*), coalesce(sum((SELECT sum(v) FROM unnest(sizes) v)), 0) FROM `+idx.table).
		Scan(&docs, &words); err != nil {
		return err
	}
	if err := t.QueryRowContext(ctx, `SELECT docs, words FROM search_stats WHERE kind = ?`, idx.kind).Scan(&keptDocs, &keptWords); err != nil {
		return err
	}
	if docs != keptDocs || words != keptWords {
		return fmt.Errorf("%d rows of %d words, but search_stats says %d of %d", docs, words, keptDocs, keptWords)
	}
	var wrong int
	var example sql.NullString
	if err := t.QueryRowContext(ctx, `SELECT count(*), min(coalesce(a.lexeme, b.lexeme)) FROM
		(SELECT CAST(lexeme AS text) COLLATE "C" AS lexeme, count(*) AS n FROM `+idx.table+`, unnest(tsvector_to_array(doc)) AS lexeme GROUP BY 1) a
		FULL JOIN (SELECT lexeme, docs FROM search_terms WHERE kind = ?) b ON a.lexeme = b.lexeme
		WHERE a.n IS DISTINCT FROM b.docs`, idx.kind).Scan(&wrong, &example); err != nil {
		return err
	}
	if wrong > 0 {
		return fmt.Errorf("search_terms is wrong for %d lexemes, %q among them", wrong, example.String)
	}
	return nil
}
