package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"claimline/internal/claimline"
)

// Copy carries a whole library from one database to another, of either
// engine: every row of every table, ids and all, as it is. Rows are copied
// column by column, so the copy does not depend on the store's other
// queries, and what triggers derive from rows (timelines' versions and
// entry counts, entries' source counts, name_lists' version) comes with the
// rows instead of being derived again: the destination's triggers are off
// while the rows go in. The search index is engine-specific and is not
// copied: it is rebuilt from the copied rows.

// copyTable is one table Copy carries.
type copyTable struct {
	name string
	key  string // its primary key's columns: rows are read in this order
	// singleton: the schema itself inserts the table's one row (name_lists),
	// so a new database holds it; the source's row replaces it.
	singleton bool
}

// copyTables lists every table Copy carries, each after the tables its
// foreign keys name, so that every row's references are in before it. A
// table added by a migration must be added here (or to notCopied, saying
// why): Copy refuses a database with a table it does not know, and
// TestCopyTablesCoverTheSchema fails.
var copyTables = []copyTable{
	{name: "users", key: "id"},
	// Sessions are copied: the destination is the same library in another
	// engine, and a session is a credential of the same kind as an API token
	// or a password hash (a SHA-256 of a secret the browser holds), which it
	// must carry anyway. Leaving them out would sign everyone out and make
	// nothing safer.
	{name: "sessions", key: "token_hash"},
	{name: "api_tokens", key: "id"},
	{name: "pending_imports", key: "token_hash"},
	{name: "timelines", key: "id"},
	{name: "actors", key: "id"},
	{name: "tags", key: "id"},
	{name: "entries", key: "id"},
	{name: "entry_actors", key: "entry_id, actor_id"},
	{name: "entry_tags", key: "entry_id, tag_id"},
	{name: "sources", key: "id"},
	{name: "source_versions", key: "id"},
	{name: "source_originals", key: "source_id, version"},
	{name: "source_shingles", key: "hash, source_id"},
	{name: "source_copies", key: "source_id, other_id"},
	{name: "date_corrections", key: "id"},
	{name: "citations", key: "id"},
	{name: "claims", key: "id"},
	{name: "assessments", key: "id"},
	{name: "suggestion_dismissals", key: "claim_id, source_id, start_at, end_at"},
	{name: "notes", key: "id"},
	{name: "note_mentions", key: "note_id, user_id"},
	{name: "clippings", key: "id"},
	{name: "form_opens", key: "object_type, object_id, user_id"},
	{name: "history", key: "id"},
	{name: "name_lists", key: "id", singleton: true},
}

// notCopied are the tables of the schema Copy leaves alone, and why. The
// search index's tables (search_*, each engine's own) are left too, and
// rebuilt; SQLite's sqlite_sequence is carried as the ids' high-water marks
// (copyIDs).
var notCopied = map[string]string{
	"schema_migrations": "each engine records its own migrations, and store.Open has brought both up to date",
	"health_probe":      "/healthz's scratch row, deleted by the write after the one that made it",
	"sign_in_failures":  "the sign-in throttle's counts, forgotten after 15 minutes anyway",
	"sign_in_known":     "where accounts signed in from, which only relaxes the throttle's limit per address",
}

// isSearchTable reports whether a table belongs to the search index: all
// its tables are named search_* on both engines.
func isSearchTable(name string) bool { return strings.HasPrefix(name, "search_") }

// CopyTables returns the names of the tables Copy carries, in the order it
// copies them.
func CopyTables() []string {
	names := make([]string, len(copyTables))
	for i, t := range copyTables {
		names[i] = t.name
	}
	return names
}

// CopyCount is how many rows Copy carried in one table.
type CopyCount struct {
	Table string
	Rows  int64
}

// Copy copies everything in src's database into dst's, which must be empty,
// and returns the number of rows of each table, in the order copied. It
// reads src in one snapshot and writes dst in one transaction: when it
// fails, whatever the reason (ctx cancelled, a row dst refuses), dst is left
// as it was. progress, when not nil, hears of each table once its rows are
// in. Before committing, Copy counts every table again in both databases
// and fails, naming the table, if the counts differ. Ids are kept, and each
// table's id high-water mark is carried (PostgreSQL's identity sequences,
// SQLite's AUTOINCREMENT counters), so that dst never gives again an id src
// gave. dst's search index is rebuilt from the copied rows.
//
// A dst holding any row gives ECONFLICT naming the tables that hold rows.
func Copy(ctx context.Context, src, dst *Store, progress func(CopyCount)) ([]CopyCount, error) {
	var counts []CopyCount
	err := src.read(ctx, func(rtx *sql.Tx) error {
		if err := checkTables(ctx, rtx, "source"); err != nil {
			return err
		}
		return dst.write(ctx, func(tx *Tx) error {
			c := &copier{ctx: ctx, src: rtx, dst: tx, srcPG: src.pg, to: dst, progress: progress}
			var err error
			counts, err = c.run()
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// copier is one run of Copy: the source's read transaction and the
// destination's write transaction.
type copier struct {
	ctx      context.Context // the caller's: checked between batches of rows
	src      *sql.Tx         // the source's snapshot
	srcPG    bool            // the source is PostgreSQL
	dst      *Tx             // the destination's transaction
	to       *Store          // the destination
	progress func(CopyCount)
}

// exec runs a statement in the destination's transaction, unprepared: the
// copy's statements are not worth keeping on the writer connection.
func (c *copier) exec(q string, args ...any) (sql.Result, error) {
	return c.dst.Tx.ExecContext(c.dst.ctx, q, args...)
}

// queryRow runs a one-row query in the destination's transaction,
// unprepared.
func (c *copier) queryRow(q string, args ...any) *sql.Row {
	return c.dst.Tx.QueryRowContext(c.dst.ctx, q, args...)
}

func (c *copier) run() ([]CopyCount, error) {
	if err := checkTables(c.dst.ctx, c.dst.Tx, "destination"); err != nil {
		return nil, err
	}
	if err := c.checkEmpty(); err != nil {
		return nil, err
	}
	triggers, err := c.suspendTriggers()
	if err != nil {
		return nil, err
	}
	counts := make([]CopyCount, 0, len(copyTables))
	for _, t := range copyTables {
		n, err := c.copyTable(t)
		if err != nil {
			return nil, fmt.Errorf("copy %s: %w%s", t.name, err, postgresDetail(err))
		}
		counts = append(counts, CopyCount{Table: t.name, Rows: n})
		if c.progress != nil {
			c.progress(counts[len(counts)-1])
		}
	}
	if err := c.ctx.Err(); err != nil {
		return nil, err
	}
	if err := c.copyIDs(); err != nil {
		return nil, err
	}
	if err := c.restoreTriggers(triggers); err != nil {
		return nil, err
	}
	if err := c.verify(counts); err != nil {
		return nil, err
	}
	// On PostgreSQL, until its search index comes (db/postgres/0002), there
	// is nothing to rebuild: rebuildPostgresSearch is where it will be.
	if err := c.to.rebuildSearch(c.dst.ctx, c.dst); err != nil {
		return nil, fmt.Errorf("rebuild the search index: %w", err)
	}
	return counts, nil
}

// listTablesSQL lists the tables of the database's schema.
var listTablesSQL = dialects(
	`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name`,
	`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`)

// checkTables makes sure every table of a database's schema is one Copy
// carries or knowingly leaves, so that a table added by a migration and
// forgotten here stops the copy instead of being left behind.
func checkTables(ctx context.Context, q querier, which string) error {
	names, err := collect(ctx, q, listTablesSQL, nil, scalar[string])
	if err != nil {
		return fmt.Errorf("list the %s's tables: %w", which, err)
	}
	var unknown []string
	for _, n := range names {
		_, left := notCopied[n]
		if !left && !isSearchTable(n) && !slices.ContainsFunc(copyTables, func(t copyTable) bool { return t.name == n }) {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("the %s database has tables this claimline cannot copy (%s): its copy does not know the schema", which, strings.Join(unknown, ", "))
	}
	return nil
}

// checkEmpty refuses a destination holding any row in a table Copy fills.
func (c *copier) checkEmpty() error {
	var held []string
	for _, t := range copyTables {
		if t.singleton {
			continue
		}
		var n int64
		if err := c.queryRow(`SELECT count(*) FROM ` + t.name).Scan(&n); err != nil {
			return fmt.Errorf("count the destination's %s: %w", t.name, err)
		}
		if n > 0 {
			held = append(held, fmt.Sprintf("%s (%d %s)", t.name, n, plural(n, "row", "rows")))
		}
	}
	if len(held) > 0 {
		return claimline.Errorf(claimline.ECONFLICT, "The destination database is not empty: %s. "+
			"claimline copy only copies into a new, empty database, so that nothing in it is mixed with or lost under the copy.",
			strings.Join(held, ", "))
	}
	return nil
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// columns returns the names of a table's columns, in the order the
// database gives them.
func columns(ctx context.Context, q querier, table string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT * FROM `+table+` LIMIT 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}

// copyColumns returns the columns of table t, after checking that both
// databases have the same.
func (c *copier) copyColumns(t copyTable) ([]string, error) {
	cols, err := columns(c.ctx, c.src, t.name)
	if err != nil {
		return nil, fmt.Errorf("the source's columns: %w", err)
	}
	dcols, err := columns(c.dst.ctx, c.dst.Tx, t.name)
	if err != nil {
		return nil, fmt.Errorf("the destination's columns: %w", err)
	}
	if !sameSet(cols, dcols) {
		return nil, fmt.Errorf("the two databases' schemas differ: the source has columns %s, the destination %s",
			strings.Join(cols, ", "), strings.Join(dcols, ", "))
	}
	return cols, nil
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// Rows go in by batches of one INSERT each: one statement (and, on
// PostgreSQL, one round trip) for many rows. A batch holds at most
// copyBatchRows rows and, for tables of long texts and documents, goes as
// soon as it holds copyBatchBytes, which bounds the memory a copy takes.
// (PostgreSQL's COPY would not be much faster: on a 10,000-entry library,
// COPY took 1.7 s to load the history table that these batches load in
// 2.0 s, the time going to the table's indexes. It would need pgx's own
// connection, outside database/sql and the store's write transaction.)
const (
	copyBatchRows  = 1000
	copyMaxParams  = 30000 // under SQLite's 32,766 and PostgreSQL's 65,535 parameters
	copyBatchBytes = 4 << 20
)

// copyTable copies the rows of one table and returns how many it copied.
func (c *copier) copyTable(t copyTable) (int64, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	cols, err := c.copyColumns(t)
	if err != nil {
		return 0, err
	}
	if t.singleton {
		if _, err := c.exec(`DELETE FROM ` + t.name); err != nil {
			return 0, err
		}
	}
	b := &batch{tx: c.dst, table: t.name, cols: strings.Join(cols, ", "), perRow: len(cols),
		perBatch: min(copyBatchRows, copyMaxParams/len(cols))}
	defer b.close()

	rows, err := c.src.QueryContext(c.ctx, `SELECT `+b.cols+` FROM `+t.name+` ORDER BY `+t.key)
	if err != nil {
		return 0, fmt.Errorf("read the source: %w", err)
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	for rows.Next() {
		// Scanning into *any copies the bytes of a BLOB: the batch may
		// keep them past the next row.
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("read the source: %w", err)
		}
		if err := b.add(vals); err != nil {
			return n, err
		}
		n++
		if b.ready() {
			if err := c.ctx.Err(); err != nil {
				return n, err
			}
			if err := b.flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("read the source: %w", err)
	}
	return n, b.flush()
}

// batch gathers rows for one INSERT.
type batch struct {
	tx       *Tx
	table    string
	cols     string // the column list
	perRow   int    // values a row
	perBatch int    // rows a full batch
	full     *sql.Stmt
	args     []any
	bytes    int
}

func (b *batch) add(vals []any) error {
	for _, v := range vals {
		switch v := v.(type) {
		case string:
			b.bytes += len(v)
		case []byte:
			b.bytes += len(v)
		case int64, float64, nil:
		default:
			// Every column is an integer, a real, a text or a BLOB.
			return fmt.Errorf("a value of type %T, which claimline's schema does not hold", v)
		}
		b.bytes += 8
	}
	b.args = append(b.args, vals...)
	return nil
}

func (b *batch) ready() bool {
	return len(b.args) >= b.perBatch*b.perRow || b.bytes >= copyBatchBytes
}

// insert returns the INSERT of n rows.
func (b *batch) insert(n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", b.perRow), ", ") + ")"
	return `INSERT INTO ` + b.table + ` (` + b.cols + `) VALUES ` + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// flush inserts the rows gathered, in one statement: a full batch's,
// prepared once for the table, or else one made for their number (a
// table's last rows, or rows so large that the batch went early).
func (b *batch) flush() error {
	n := len(b.args) / b.perRow
	if n == 0 {
		return nil
	}
	var err error
	if n == b.perBatch {
		if b.full == nil {
			b.full, err = b.tx.Tx.PrepareContext(b.tx.ctx, b.insert(n))
		}
		if err == nil {
			_, err = b.full.ExecContext(b.tx.ctx, b.args...)
		}
	} else {
		_, err = b.tx.Tx.ExecContext(b.tx.ctx, b.insert(n), b.args...)
	}
	clear(b.args)
	b.args, b.bytes = b.args[:0], 0
	return err
}

func (b *batch) close() {
	if b.full != nil {
		b.full.Close()
	}
}

// verify counts every table again, in the source's snapshot and in the
// destination's transaction, and compares both with the rows copied.
func (c *copier) verify(counts []CopyCount) error {
	for _, cc := range counts {
		var s, d int64
		if err := c.src.QueryRowContext(c.ctx, `SELECT count(*) FROM `+cc.Table).Scan(&s); err != nil {
			return fmt.Errorf("count the source's %s: %w", cc.Table, err)
		}
		if err := c.queryRow(`SELECT count(*) FROM ` + cc.Table).Scan(&d); err != nil {
			return fmt.Errorf("count the destination's %s: %w", cc.Table, err)
		}
		if s != cc.Rows || d != cc.Rows {
			return fmt.Errorf("the counts of %s differ: %d rows in the source, %d copied, %d in the destination", cc.Table, s, cc.Rows, d)
		}
	}
	return nil
}

// A trigger the copy turned off, to turn on again.
type suspended struct{ table, name, sql string }

// suspendTriggers turns off the destination's triggers for the rest of the
// transaction: the rows come with everything the triggers would derive
// from them, and the search index is rebuilt afterwards. SQLite cannot turn
// a trigger off: its triggers are dropped and created again from their
// SQL. PostgreSQL's are disabled and enabled again (which needs the tables'
// owner: the role that ran the migrations). Both are undone with the
// transaction if the copy fails.
func (c *copier) suspendTriggers() ([]suspended, error) {
	var list []suspended
	var err error
	if c.to.pg {
		list, err = collect(c.dst.ctx, c.dst.Tx, `SELECT cl.relname, tg.tgname, '' FROM pg_trigger tg
			JOIN pg_class cl ON cl.oid = tg.tgrelid JOIN pg_namespace ns ON ns.oid = cl.relnamespace
			WHERE ns.nspname = current_schema() AND NOT tg.tgisinternal AND tg.tgenabled <> 'D'
			ORDER BY cl.relname, tg.tgname`, nil, scanSuspended)
	} else {
		list, err = collect(c.dst.ctx, c.dst.Tx, `SELECT tbl_name, name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY rowid`, nil, scanSuspended)
	}
	if err != nil {
		return nil, fmt.Errorf("list the destination's triggers: %w", err)
	}
	for _, tg := range list {
		q := `DROP TRIGGER ` + quoteIdent(tg.name)
		if c.to.pg {
			q = `ALTER TABLE ` + quoteIdent(tg.table) + ` DISABLE TRIGGER ` + quoteIdent(tg.name)
		}
		if _, err := c.exec(q); err != nil {
			return nil, fmt.Errorf("turn off the destination's trigger %s: %w", tg.name, err)
		}
	}
	return list, nil
}

func scanSuspended(rows *sql.Rows, s *suspended) error { return rows.Scan(&s.table, &s.name, &s.sql) }

// restoreTriggers turns on again the triggers suspendTriggers turned off,
// in the order they were created.
func (c *copier) restoreTriggers(list []suspended) error {
	for _, tg := range list {
		q := tg.sql
		if c.to.pg {
			q = `ALTER TABLE ` + quoteIdent(tg.table) + ` ENABLE TRIGGER ` + quoteIdent(tg.name)
		}
		if _, err := c.exec(q); err != nil {
			return fmt.Errorf("turn the destination's trigger %s on again: %w", tg.name, err)
		}
	}
	return nil
}

// postgresDetail returns PostgreSQL's detail of an error, which says which
// row a constraint refused ("Key (name)=(émile) already exists."), for a
// message; "" for any other error.
func postgresDetail(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Detail != "" {
		return " (" + pe.Detail + ")"
	}
	return ""
}

// quoteIdent quotes a name from a catalog for use in SQL.
func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// highWater returns the query of a table's id high-water mark: the highest
// id it has ever given, deleted rows' included, or at least its highest id.
// On SQLite an AUTOINCREMENT table keeps the mark in sqlite_sequence (a
// table without AUTOINCREMENT gives the ids of its last rows again once they
// are deleted, and has none); on PostgreSQL the identity sequence is the
// mark.
func highWater(pg bool, table string) string {
	if pg {
		return `SELECT greatest(coalesce(pg_sequence_last_value(CAST(pg_get_serial_sequence(?1, 'id') AS regclass)), 0),
			coalesce((SELECT max(id) FROM ` + table + `), 0))`
	}
	return `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?1), 0), coalesce((SELECT max(id) FROM ` + table + `), 0))`
}

// copyIDs carries each id table's high-water mark from the source to the
// destination, so that the destination never gives an id the source gave,
// even that of a row since deleted: history, links and exported files name
// rows by id (TestIDsAreNeverReused). A mark is only ever raised. On
// PostgreSQL a sequence is not transactional: a copy that fails after this
// leaves the destination empty but its sequences raised, which only skips
// ids.
func (c *copier) copyIDs() error {
	for _, t := range copyTables {
		if t.key != "id" {
			continue
		}
		var mark int64
		if err := c.src.QueryRowContext(c.ctx, highWater(c.srcPG, t.name), t.name).Scan(&mark); err != nil {
			return fmt.Errorf("read the source's highest id of %s: %w", t.name, err)
		}
		if mark == 0 {
			continue // no id given yet
		}
		if err := c.raiseMark(t.name, mark); err != nil {
			return fmt.Errorf("carry the highest id of %s: %w", t.name, err)
		}
	}
	return nil
}

// raiseMark raises a destination table's id high-water mark to at least
// mark. On SQLite, the copied rows have already raised an AUTOINCREMENT
// table's counter to their highest id; the ids deleted above it are in the
// source's mark.
func (c *copier) raiseMark(table string, mark int64) error {
	if c.to.pg {
		_, err := c.exec(`SELECT setval(CAST(pg_get_serial_sequence(?1, 'id') AS regclass),
			greatest(?2, coalesce(pg_sequence_last_value(CAST(pg_get_serial_sequence(?1, 'id') AS regclass)), 0)))`, table, mark)
		return err
	}
	var auto bool
	if err := c.queryRow(`SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ? AND sql LIKE '%AUTOINCREMENT%')`,
		table).Scan(&auto); err != nil || !auto {
		return err
	}
	res, err := c.exec(`UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?`, mark, table)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	_, err = c.exec(`INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)`, table, mark)
	return err
}
