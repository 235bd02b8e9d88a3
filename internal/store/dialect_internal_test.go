package store

import "testing"

func TestNumberPlaceholders(t *testing.T) {
	cases := []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT a FROM t WHERE b = ? AND c IN (?, ?)`, `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)`},
		{`SELECT '?', "a?b", ? -- why?` + "\n" + `, ?`, `SELECT '?', "a?b", $1 -- why?` + "\n" + `, $2`},
		{`SELECT 'it''s ?', ?`, `SELECT 'it''s ?', $1`},
		{`/* ? */ SELECT ?`, `/* ? */ SELECT $1`},
		{`DO $$ BEGIN PERFORM '?'; END $$; SELECT ?`, `DO $$ BEGIN PERFORM '?'; END $$; SELECT $1`},
		{`CREATE FUNCTION f() AS $body$ SELECT ? $body$; SELECT ?`, `CREATE FUNCTION f() AS $body$ SELECT ? $body$; SELECT $1`},
		{`SELECT $1, ?`, `SELECT $1, $1`}, // a $n is not a tag; mixing styles is the caller's mistake
		{`SELECT 'unterminated ?`, `SELECT 'unterminated ?`},
		{`SELECT ?1, ?2, ?1, ?`, `SELECT $1, $2, $1, $3`},
		{`SELECT ?12`, `SELECT $12`},
	}
	for _, c := range cases {
		if got := numberPlaceholders(c.in); got != c.want {
			t.Errorf("numberPlaceholders(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestTranslatorUsesDeclaredForm(t *testing.T) {
	q := dialects(`SELECT group_concat(name, ?) FROM t`, `SELECT string_agg(name, $1) FROM t`)
	var tr translator
	if got := tr.translate(q); got != `SELECT string_agg(name, $1) FROM t` {
		t.Errorf("declared form: got %q", got)
	}
	if got := tr.translate(`SELECT ? + ?`); got != `SELECT $1 + $2` {
		t.Errorf("undeclared form: got %q", got)
	}
	got := tr.translate(`SELECT group_concat(a || char(31) || b, char(30)) FROM t WHERE id IN (SELECT value FROM json_each(?)) AND x = ?`)
	want := `SELECT group_concat(a || chr(31) || b, chr(30)) FROM t WHERE id IN (SELECT json_ids($1)) AND x = $2`
	if got != want {
		t.Errorf("idioms:\n got %q\nwant %q", got, want)
	}
	delete(postgresForms, q)
}
