package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"claimline/internal/demo"
	"claimline/internal/store"
)

// TestSourceAddMetadata: --outlet, --author and --published set each file's
// metadata; the file keeps its name; a bad date is refused before any file
// is added.
func TestSourceAddMetadata(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	b, _ := demo.Articles.ReadFile(demo.ArticleFiles()[2])
	file := writeFile(t, "cnn-putin.txt", string(b))
	code, out, errs := cli(t, "", nil, "source", "add", "--db", db, "--published", "31 Sep 2024", file)
	if code != 2 || !strings.Contains(errs, "published:") || strings.Contains(out, "added") {
		t.Fatalf("bad date: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = cli(t, "", nil, "source", "add", "--db", db, "--outlet", "CNN", "--author", "A. Reporter", "--published", "12 Sep 2024", file)
	if code != 0 || !strings.Contains(out, "added ") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	st, _ := store.Open(context.Background(), db)
	defer st.Close()
	srcs, _ := st.Sources(context.Background())
	if len(srcs) != 1 {
		t.Fatalf("%d sources", len(srcs))
	}
	s := srcs[0]
	if s.Outlet != "CNN" || s.Author != "A. Reporter" || s.Published.ISO() != "2024-09-12" || s.FileName != "cnn-putin.txt" || !s.TitleSuggested {
		t.Errorf("source %+v", s)
	}
}
