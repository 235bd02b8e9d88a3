package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"claimline/internal/claimline"
	"claimline/internal/shingle"
)

// CopyShare is the part of a source's own text (outside quotation marks)
// that is also in another source for it to be flagged as a copy.
const CopyShare = 0.5

// indexShingles replaces a source's shingle hashes, looks its text up
// against the library's, records the pairs sharing at least CopyShare either
// way, and regroups the sources into copy groups.
func indexShingles(ctx context.Context, tx *Tx, sourceID int64, hashes []int64) error {
	if err := tx.exec(ctx, `DELETE FROM source_shingles WHERE source_id = ?`, sourceID); err != nil {
		return fmt.Errorf("shingles: %w", err)
	}
	js, _ := json.Marshal(hashes)
	if err := tx.exec(ctx, insertShinglesSQL, sourceID, string(js)); err != nil {
		return fmt.Errorf("shingles: %w", err)
	}
	if err := tx.exec(ctx, `UPDATE sources SET shingles = ? WHERE id = ?`, len(hashes), sourceID); err != nil {
		return err
	}
	overlaps, err := overlapping(ctx, tx, sourceID, hashes)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM source_copies WHERE source_id = ? OR other_id = ?`, sourceID, sourceID)
	if err != nil {
		return err
	}
	changed, _ := res.RowsAffected()
	for _, o := range overlaps {
		for _, pair := range []struct {
			a, b  int64
			share float64
		}{{sourceID, o.id, share(o.common, len(hashes))}, {o.id, sourceID, share(o.common, o.total)}} {
			if pair.share < CopyShare {
				continue
			}
			if err := tx.exec(ctx, `INSERT INTO source_copies (source_id, other_id, share) VALUES (?, ?, ?)`, pair.a, pair.b, pair.share); err != nil {
				return fmt.Errorf("copies: %w", err)
			}
			changed++
		}
	}
	if changed == 0 { // no pair came or went: the groups stand
		return nil
	}
	return regroup(ctx, tx)
}

func share(common, total int) float64 {
	if total <= 0 {
		return 0
	}
	return float64(common) / float64(total)
}

var insertShinglesSQL = dialects(
	`INSERT OR IGNORE INTO source_shingles (hash, source_id) SELECT value, ? FROM json_each(?)`,
	`INSERT INTO source_shingles (hash, source_id)
		SELECT json_ids, ? FROM json_ids(?) ON CONFLICT DO NOTHING`)

type overlap struct {
	id            int64
	common, total int
}

// overlapping returns the other sources sharing any of hashes, with how
// many they share and how many shingles they have: one indexed lookup per
// hash, not a scan of the library's texts.
func overlapping(ctx context.Context, q querier, sourceID int64, hashes []int64) ([]overlap, error) {
	if len(hashes) == 0 {
		return nil, nil
	}
	js, _ := json.Marshal(hashes)
	// The count comes from the index (id, shingles): read from the row, it
	// would cost reading the whole text before it.
	out, err := collect(ctx, q, overlappingSQL, []any{string(js), sourceID},
		func(rows *sql.Rows, o *overlap) error { return rows.Scan(&o.id, &o.common, &o.total) })
	if err != nil {
		return nil, fmt.Errorf("copy check: %w", err)
	}
	return out, nil
}

var overlappingSQL = dialects(`SELECT sh.source_id, count(*), s.shingles FROM source_shingles sh
		JOIN sources s INDEXED BY sources_shingle_count ON s.id = sh.source_id
		WHERE sh.hash IN (SELECT value FROM json_each(?)) AND sh.source_id != ? GROUP BY sh.source_id`,
	`SELECT sh.source_id, count(*), s.shingles FROM source_shingles sh
		JOIN sources s ON s.id = sh.source_id
		WHERE sh.hash IN (SELECT json_ids(?))
		AND sh.source_id != ? GROUP BY sh.source_id, s.shingles`)

// regroup sets each source's copy_group: the lowest id of the sources it is
// linked to through copies (0 when none). The copy table is small: only
// pairs sharing half their text are in it.
func regroup(ctx context.Context, tx *Tx) error {
	parent := map[int64]int64{}
	var find func(int64) int64
	find = func(x int64) int64 {
		p, ok := parent[x]
		if !ok || p == x {
			parent[x] = x
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	err := each(ctx, tx, `SELECT source_id, other_id FROM source_copies`, nil, func(rows *sql.Rows) error {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return err
		}
		ra, rb := find(a), find(b)
		if ra < rb {
			parent[rb] = ra
		} else if rb < ra {
			parent[ra] = rb
		}
		return nil
	})
	if err != nil {
		return err
	}
	groups := map[int64]int64{}
	for x := range parent {
		groups[x] = find(x)
	}
	js, _ := json.Marshal(groups)
	// Every source in a group gets its root; every other source 0.
	return tx.exec(ctx, regroupSQL, string(js))
}

var regroupSQL = dialects(
	`UPDATE sources SET copy_group = coalesce((SELECT value FROM json_each(?1) WHERE key = CAST(sources.id AS TEXT)), 0)
		WHERE (copy_group != 0 OR id IN (SELECT CAST(key AS INTEGER) FROM json_each(?1)))
		AND copy_group != coalesce((SELECT value FROM json_each(?1) WHERE key = CAST(sources.id AS TEXT)), 0)`,
	`UPDATE sources SET copy_group = coalesce((SELECT CAST(value AS bigint) FROM json_each_text(CAST(?1 AS json)) WHERE key = CAST(sources.id AS TEXT)), 0)
		WHERE (copy_group != 0 OR id IN (SELECT CAST(key AS bigint) FROM json_each_text(CAST(?1 AS json))))
		AND copy_group != coalesce((SELECT CAST(value AS bigint) FROM json_each_text(CAST(?1 AS json)) WHERE key = CAST(sources.id AS TEXT)), 0)`)

// CheckCopies compares a text with the library, as when it is added: it
// returns the sources sharing at least CopyShare of their own text with it
// either way (Share: the part of text found in Other; OtherShare: the part
// of Other found in text). It reads only the shingle index.
func (s *Store) CheckCopies(ctx context.Context, text string) ([]claimline.Copy, error) {
	hashes := shingle.Hashes(text)
	var out []claimline.Copy
	err := s.read(ctx, func(tx *sql.Tx) error {
		overlaps, err := overlapping(ctx, tx, 0, hashes)
		if err != nil {
			return err
		}
		for _, o := range overlaps {
			c := claimline.Copy{Other: claimline.Source{ID: o.id}, Share: share(o.common, len(hashes)), OtherShare: share(o.common, o.total)}
			if c.Share >= CopyShare || c.OtherShare >= CopyShare {
				out = append(out, c)
			}
		}
		return nil
	})
	return out, err
}

// indexUnindexed takes the shingles of sources not yet indexed (those from
// before the index existed), one write each.
func (s *Store) indexUnindexed(ctx context.Context) error {
	for {
		var id int64
		var text string
		err := s.read(ctx, func(tx *sql.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT id, text FROM sources WHERE shingles < 0 ORDER BY id LIMIT 1`).Scan(&id, &text)
		})
		if err == sql.ErrNoRows {
			return nil
		} else if err != nil {
			return fmt.Errorf("index sources: %w", err)
		}
		hashes := shingle.Hashes(text)
		if err := s.write(ctx, func(tx *Tx) error { return indexShingles(ctx, tx, id, hashes) }); err != nil {
			return fmt.Errorf("index sources: %w", err)
		}
	}
}

// Copies returns the sources sharing at least CopyShare of their text with
// source id either way (see claimline.Copy).
func (s *Store) Copies(ctx context.Context, id int64) ([]claimline.Copy, error) {
	one := []claimline.Source{{ID: id}}
	err := s.read(ctx, func(tx *sql.Tx) error { return attachCopies(ctx, tx, one) })
	return one[0].Copies, err
}

// attachCopies fills in each source's Copies, in one query: the copy table
// only holds pairs sharing half their text.
func attachCopies(ctx context.Context, tx querier, srcs []claimline.Source) error {
	index := map[int64][]int{}
	for i, s := range srcs {
		index[s.ID] = append(index[s.ID], i)
	}
	err := each(ctx, tx, `SELECT p.a, p.b, o.title, o.outlet,
			coalesce((SELECT share FROM source_copies WHERE source_id = p.a AND other_id = p.b), 0),
			coalesce((SELECT share FROM source_copies WHERE source_id = p.b AND other_id = p.a), 0)
		FROM (SELECT source_id AS a, other_id AS b FROM source_copies UNION SELECT other_id, source_id FROM source_copies) p
		JOIN sources o ON o.id = p.b ORDER BY p.a, p.b`, nil, func(rows *sql.Rows) error {
		var a int64
		var c claimline.Copy
		if err := rows.Scan(&a, &c.Other.ID, &c.Other.Title, &c.Other.Outlet, &c.Share, &c.OtherShare); err != nil {
			return err
		}
		for _, i := range index[a] {
			srcs[i].Copies = append(srcs[i].Copies, c)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("copies: %w", err)
	}
	return nil
}
