package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"claimline/internal/claimline"
)

// claimStatusSQL is a claim c's derived status: the SQL twin of
// claimline.Claim.Status, for filters and exports.
const claimStatusSQL = `(CASE
	WHEN EXISTS (SELECT 1 FROM assessments a WHERE a.claim_id = c.id AND a.stance = 'disputes') THEN 'disputed'
	WHEN EXISTS (SELECT 1 FROM assessments a WHERE a.claim_id = c.id AND a.stance = 'supports') THEN 'supported'
	ELSE 'unverified' END)`

// exportColumns are the entry fields the timeline exports write, and the
// entry's sources and claims folded into two columns. It is narrower than
// entryColumns on purpose: each column is a call into SQLite per row, and a
// 100,000-entry export spent a fifth of its time on columns it never wrote.
const exportColumns = `e.id, e.date, e.end_date, e.approximate, e.kind, e.title, e.description, e.actor_list, e.tag_list,
	iif(` + hasEvidence + `, coalesce((SELECT group_concat(iif(s.url != '', s.url, s.title), char(30)
		ORDER BY s.published, s.title, s.url, s.sha256) FROM (
			SELECT source_id FROM citations WHERE entry_id = e.id
			UNION SELECT a.source_id FROM assessments a JOIN claims c ON c.id = a.claim_id WHERE c.entry_id = e.id
		) u JOIN sources s ON s.id = u.source_id), ''), ''),
	iif(EXISTS (SELECT 1 FROM claims WHERE entry_id = e.id), coalesce((SELECT group_concat(` + claimStatusSQL + ` || char(31) || c.text, char(30) ORDER BY c.text, c.id)
		FROM claims c WHERE c.entry_id = e.id), ''), ''), e.revision`

// ExportEntries calls fn with each entry of a timeline matching f, in order,
// with its sources and claims. Of the entry's own fields it fills those the
// exports write: id, dates, kind, title, description, actors, tags and
// revision. Rows
// stream from one read transaction: memory does not grow with the timeline.
// f.After and f.Limit are ignored.
func (s *Store) ExportEntries(ctx context.Context, timelineID int64, f claimline.EntryFilter, fn func(claimline.ExportedEntry) error) error {
	f.After, f.Limit = 0, 0
	where, args := entryWhere(s.pg, timelineID, f)
	q := `SELECT ` + exportColumns + ` FROM entries e WHERE ` + strings.Join(where, " AND ") + ` ORDER BY e.date, e.title, e.description, e.id`
	return s.read(ctx, func(tx *sql.Tx) error {
		return each(ctx, tx, q, args, func(rows *sql.Rows) error {
			var x claimline.ExportedEntry
			var date, end, kind, actors, tags, sources, claims string
			if err := rows.Scan(&x.ID, &date, &end, &x.Approximate, &kind, &x.Title, &x.Description, &actors, &tags, &sources, &claims, &x.Revision); err != nil {
				return fmt.Errorf("export entries: %w", err)
			}
			x.Date, x.EndDate, x.Kind = mustDate(date), mustDate(end), claimline.Kind(kind)
			x.Actors, x.Tags, x.SourceRefs = splitActors(actors), splitNames(tags), splitNames(sources)
			for _, c := range splitNames(claims) {
				status, text, _ := strings.Cut(c, "\x1f")
				x.ClaimRefs = append(x.ClaimRefs, claimline.ClaimRef{Status: claimline.Status(status), Text: text})
			}
			return fn(x)
		})
	})
}

// ExportClaims calls fn with one row per assessment of the claims on a
// timeline's entries matching f, and one row for each claim without any,
// in entry order.
func (s *Store) ExportClaims(ctx context.Context, timelineID int64, f claimline.EntryFilter, fn func(claimline.ClaimRow) error) error {
	f.After, f.Limit = 0, 0
	where, args := entryWhere(s.pg, timelineID, f)
	q := `SELECT c.id, e.id, e.date, e.approximate, c.text, coalesce(ac.name, ''), ` + claimStatusSQL + `,
		coalesce(a.source_id, 0), coalesce(s.title, ''), coalesce(s.url, ''), coalesce(a.stance, ''), coalesce(a.quote, ''), coalesce(a.note, ''),
		(SELECT count(DISTINCT CASE s2.copy_group WHEN 0 THEN s2.id ELSE s2.copy_group END) FROM assessments a2 JOIN sources s2 ON s2.id = a2.source_id
			WHERE a2.claim_id = c.id AND a2.stance = 'supports')
		FROM entries e JOIN claims c ON c.entry_id = e.id LEFT JOIN actors ac ON ac.id = c.claimant_id
		LEFT JOIN assessments a ON a.claim_id = c.id LEFT JOIN sources s ON s.id = a.source_id
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY e.date, e.title, e.description, e.id, c.text, c.id, s.published, s.title, s.sha256`
	return s.read(ctx, func(tx *sql.Tx) error {
		return each(ctx, tx, q, args, func(rows *sql.Rows) error {
			var r claimline.ClaimRow
			var date, status, stance string
			if err := rows.Scan(&r.ClaimID, &r.EntryID, &date, &r.EntryApprox, &r.Claim, &r.Claimant, &status,
				&r.SourceID, &r.SourceTitle, &r.SourceURL, &stance, &r.Quote, &r.Note, &r.Independent); err != nil {
				return err
			}
			r.EntryDate, r.Status, r.Stance = mustDate(date), claimline.Status(status), claimline.Stance(stance)
			return fn(r)
		})
	})
}

// ExportBundles calls fn with every entry of a timeline, in order, with its
// citations and its claims and their assessments; then calls src with each
// source they use, text included. Nested rows come folded into JSON columns
// of the one entries query, so memory does not grow with the timeline.
func (s *Store) ExportBundles(ctx context.Context, timelineID int64, fn func(claimline.Bundle) error, src func(claimline.Source) error) error {
	return s.read(ctx, func(tx *sql.Tx) error {
		err := each(ctx, tx, exportBundlesSQL, []any{timelineID}, func(rows *sql.Rows) error {
			var b claimline.Bundle
			var cits, claims, notes, claimIDs string
			if err := scanEntry(rows, &b.Entry, &cits, &claims, &notes, &claimIDs); err != nil {
				return err
			}
			if err := decodeBundle(&b, cits, claims); err != nil {
				return err
			}
			if err := decodeNotes(&b, notes, claimIDs); err != nil {
				return err
			}
			return fn(b)
		})
		if err != nil {
			return err
		}
		return timelineSources(ctx, tx, timelineID, src)
	})
}

// exportBundlesSQL selects a timeline's entries (entryColumns) with, in
// four JSON arrays, each entry's citations, its claims with their
// assessments, its notes and its claims' ids. PostgreSQL builds the JSON
// with its own functions.
var exportBundlesSQL = dialects(bundleSQL(`
		coalesce((SELECT json_group_array(json_object('sha', s.sha256, 'quote', ci.quote) ORDER BY ci.id)
			FROM citations ci JOIN sources s ON s.id = ci.source_id WHERE ci.entry_id = e.id), '[]'),
		coalesce((SELECT json_group_array(json_object('text', c.text, 'claimant', coalesce(ac.name, ''),
			'evidence', json((SELECT coalesce(json_group_array(json_object('sha', s.sha256, 'stance', a.stance, 'quote', a.quote, 'note', a.note)
				ORDER BY s.sha256), '[]') FROM assessments a JOIN sources s ON s.id = a.source_id WHERE a.claim_id = c.id))) ORDER BY c.id)
			FROM claims c LEFT JOIN actors ac ON ac.id = c.claimant_id WHERE c.entry_id = e.id), '[]'),
		coalesce((SELECT json_group_array(json_object('claim', coalesce(n.claim_id, 0), 'author', u.username, 'text', n.text,
			'created', n.created_at, 'updated', n.updated_at) ORDER BY n.id)
			FROM notes n JOIN users u ON u.id = n.author_id WHERE n.entry_id = e.id), '[]'),
		coalesce((SELECT json_group_array(c.id ORDER BY c.id) FROM claims c WHERE c.entry_id = e.id), '[]')`),
	bundleSQL(`
		coalesce((SELECT json_agg(json_build_object('sha', s.sha256, 'quote', ci.quote) ORDER BY ci.id)
			FROM citations ci JOIN sources s ON s.id = ci.source_id WHERE ci.entry_id = e.id), '[]'),
		coalesce((SELECT json_agg(json_build_object('text', c.text, 'claimant', coalesce(ac.name, ''),
			'evidence', (SELECT coalesce(json_agg(json_build_object('sha', s.sha256, 'stance', a.stance, 'quote', a.quote, 'note', a.note)
				ORDER BY s.sha256), '[]') FROM assessments a JOIN sources s ON s.id = a.source_id WHERE a.claim_id = c.id)) ORDER BY c.id)
			FROM claims c LEFT JOIN actors ac ON ac.id = c.claimant_id WHERE c.entry_id = e.id), '[]'),
		coalesce((SELECT json_agg(json_build_object('claim', coalesce(n.claim_id, 0), 'author', u.username, 'text', n.text,
			'created', n.created_at, 'updated', n.updated_at) ORDER BY n.id)
			FROM notes n JOIN users u ON u.id = n.author_id WHERE n.entry_id = e.id), '[]'),
		coalesce((SELECT json_agg(c.id ORDER BY c.id) FROM claims c WHERE c.entry_id = e.id), '[]')`))

// bundleSQL is the query of exportBundlesSQL with its JSON columns.
func bundleSQL(jsonColumns string) string {
	return `SELECT ` + strings.Replace(entryColumns, "\n\tFROM entries e", ","+jsonColumns+"\n\tFROM entries e", 1) +
		` WHERE e.timeline_id = ? ORDER BY e.date, e.id`
}

func decodeBundle(b *claimline.Bundle, cits, claims string) error {
	var cs []struct{ SHA, Quote string }
	var cl []struct {
		Text, Claimant string
		Evidence       []struct{ SHA, Stance, Quote, Note string }
	}
	if err := json.Unmarshal([]byte(cits), &cs); err != nil {
		return fmt.Errorf("export citations: %w", err)
	}
	if err := json.Unmarshal([]byte(claims), &cl); err != nil {
		return fmt.Errorf("export claims: %w", err)
	}
	for _, c := range cs {
		b.Citations = append(b.Citations, claimline.Citation{SourceSHA: c.SHA, Quote: c.Quote})
	}
	for _, c := range cl {
		claim := claimline.Claim{Text: c.Text, Claimant: claimline.Actor{Name: c.Claimant}}
		for _, a := range c.Evidence {
			claim.Evidence = append(claim.Evidence, claimline.Assessment{Source: claimline.Source{SHA256: a.SHA},
				Stance: claimline.Stance(a.Stance), Quote: a.Quote, Note: a.Note})
		}
		b.Claims = append(b.Claims, claim)
	}
	return nil
}

// decodeNotes puts an entry's notes on the entry or on its claims (the
// claims' ids are in the claims' order).
func decodeNotes(b *claimline.Bundle, notes, claimIDs string) error {
	var ns []struct {
		Claim                          int64
		Author, Text, Created, Updated string
	}
	var ids []int64
	if err := json.Unmarshal([]byte(notes), &ns); err != nil {
		return fmt.Errorf("export notes: %w", err)
	}
	if err := json.Unmarshal([]byte(claimIDs), &ids); err != nil {
		return fmt.Errorf("export notes: %w", err)
	}
	for _, n := range ns {
		note := claimline.Note{Author: n.Author, Text: n.Text, Created: parseTime(n.Created), Updated: parseTime(n.Updated)}
		if n.Claim == 0 {
			b.Notes = append(b.Notes, note)
			continue
		}
		for i, id := range ids {
			if id == n.Claim && i < len(b.Claims) {
				b.Claims[i].Discussion = append(b.Claims[i].Discussion, note)
			}
		}
	}
	return nil
}

// timelineSources calls fn with each source (text included) that a
// timeline's citations or assessments use, by SHA-256. It reads the
// sources' ids first, then each source: a source with versions needs a
// second query, which PostgreSQL cannot run on a connection whose rows are
// still being read.
func timelineSources(ctx context.Context, tx querier, timelineID int64, fn func(claimline.Source) error) error {
	ids, err := collect(ctx, tx, `SELECT s.id FROM sources s WHERE s.id IN (
		SELECT ci.source_id FROM citations ci JOIN entries e ON e.id = ci.entry_id WHERE e.timeline_id = ?1
		UNION SELECT a.source_id FROM assessments a JOIN claims c ON c.id = a.claim_id JOIN entries e ON e.id = c.entry_id WHERE e.timeline_id = ?1)
		ORDER BY s.sha256`, []any{timelineID}, scalar[int64])
	if err != nil {
		return err
	}
	for _, id := range ids {
		var src claimline.Source
		err := scanSource(tx.QueryRowContext(ctx, `SELECT `+sourceColumns+`, s.text,
			coalesce((SELECT g.sha256 FROM sources g WHERE g.id = s.copy_group), '') FROM sources s WHERE s.id = ?`, id), &src, &src.Text, &src.GroupSHA)
		if err == nil && src.Version > 1 {
			src.Versions, err = versionsWithText(ctx, tx, src.ID)
		}
		if err != nil {
			return err
		}
		if err := fn(src); err != nil {
			return err
		}
	}
	return nil
}

// versionsWithText returns every version of a source, oldest first, texts
// included, for the full export.
func versionsWithText(ctx context.Context, tx querier, sourceID int64) ([]claimline.Version, error) {
	out, err := collect(ctx, tx, `SELECT `+sourceVersionColumns+`, v.text FROM source_versions v WHERE v.source_id = ? ORDER BY v.number`, []any{sourceID},
		func(rows *sql.Rows, v *claimline.Version) error { return scanVersion(rows, v, &v.Text) })
	if err != nil {
		return nil, fmt.Errorf("export versions: %w", err)
	}
	return out, nil
}
