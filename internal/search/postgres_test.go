package search_test

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"claimline/internal/search"
	"claimline/internal/store/storetest"
)

// postgresDB is a new PostgreSQL database for the test, dropped at its
// end, on the server CLAIMLINE_TEST_POSTGRES names (storetest.ServerURL:
// skipped without it, failed under CI=true).
func postgresDB(t *testing.T) *sql.DB {
	addr := storetest.ServerURL(t)
	admin, err := sql.Open("pgx", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	name := fmt.Sprintf("claimline_search_%d", time.Now().UnixNano())
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`) })
	i := strings.LastIndex(addr, "/")
	q := ""
	if j := strings.IndexByte(addr[i:], '?'); j >= 0 {
		q = addr[i+j:]
	}
	db, err := sql.Open("pgx", addr[:i+1]+name+q)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestTSQueryAgreesWithFTS5 runs the queries of TestExprAgreesWithFTS5 on
// PostgreSQL, over tsvectors written by TSVector, and requires the rows
// Expr.Match finds (which TestExprAgreesWithFTS5 holds to FTS5), and, from
// the places PostgreSQL gives back, the same bm25 ranks as from the texts.
func TestTSQueryAgreesWithFTS5(t *testing.T) {
	db := postgresDB(t)
	ctx := context.Background()
	rows := agreementRows(t)
	if _, err := db.Exec(`CREATE TABLE t (id bigint PRIMARY KEY, sizes text NOT NULL, doc tsvector NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	docs := make([]search.Doc, len(rows))
	words := make([][][]search.Word, len(rows))
	sizes := make([][]int, len(rows))
	var stats search.IndexStats
	for i, r := range rows {
		docs[i], words[i] = search.TextDoc(r[:]...)
		stats.Rows++
		stats.Words += int64(docs[i].Words())
		var vec string
		vec, sizes[i] = search.TSVector(r[:]...)
		if _, err := db.Exec(`INSERT INTO t VALUES ($1, '', $2::tsvector)`, i+1, vec); err != nil {
			t.Fatalf("row %d: %v", i+1, err)
		}
	}
	compared := 0
	for _, q := range agreementQueries(rows) {
		e := search.Compile(q)
		if e.Empty() {
			continue
		}
		found := map[int]bool{}
		if tq := e.TSQuery(); tq != "" {
			res, err := db.QueryContext(ctx, `SELECT id FROM t WHERE doc @@ $1::tsquery`, tq)
			if err != nil {
				t.Fatalf("%q → %s: %v", q, tq, err)
			}
			for res.Next() {
				var id int
				res.Scan(&id)
				found[id] = true
			}
			res.Close()
		}
		hits := make([]int64, len(e.Phrases))
		for i, p := range e.Phrases {
			if tq := p.TSQuery(); tq != "" {
				if err := db.QueryRow(`SELECT count(*) FROM t WHERE doc @@ $1::tsquery`, tq).Scan(&hits[i]); err != nil {
					t.Fatal(err)
				}
			}
		}
		ranker := search.NewRanker(stats, hits, weights...)
		for i := range rows {
			if want := e.Match(words[i]); found[i+1] != want {
				t.Errorf("%q → %s, row %d: PostgreSQL %v, FTS5 %v", q, e.TSQuery(), i+1, found[i+1], want)
				continue
			}
			if !found[i+1] {
				continue
			}
			lex := map[string][]int{}
			err := each(db, `SELECT u.lexeme, array_to_string(u.positions, ' ') FROM t, unnest(t.doc) u WHERE t.id = $1`, func(r *sql.Rows) error {
				var l, ps string
				if err := r.Scan(&l, &ps); err != nil {
					return err
				}
				for _, p := range strings.Fields(ps) {
					n, _ := strconv.Atoi(p)
					lex[l] = append(lex[l], n)
				}
				return nil
			}, i+1)
			if err != nil {
				t.Fatal(err)
			}
			d := search.DocFromPositions(sizes[i], lex)
			got, want := ranker.Rank(e.Instances(d), d.Words()), ranker.Rank(e.Instances(docs[i]), docs[i].Words())
			if got != want {
				t.Errorf("%q, row %d: rank %v from PostgreSQL's places, %v from the text", q, i+1, got, want)
			}
		}
		compared++
	}
	t.Logf("%d queries over %d rows compared", compared, len(rows))
}

func each(db *sql.DB, q string, f func(*sql.Rows) error, args ...any) error {
	rows, err := db.Query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
