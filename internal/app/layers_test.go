package app_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// pkg is what go list says of one of the module's packages.
type pkg struct {
	ImportPath string
	Imports    []string // not those of its tests
	Standard   bool
}

// modulePackages lists the module's packages and, separately, which import
// paths are the standard library's.
func modulePackages(t *testing.T) ([]pkg, map[string]bool) {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-json=ImportPath,Imports,Standard", "./...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var ours []pkg
	std := map[string]bool{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		switch {
		case p.Standard:
			std[p.ImportPath] = true
		case p.ImportPath == "claimline" || strings.HasPrefix(p.ImportPath, "claimline/"):
			ours = append(ours, p)
		}
	}
	if len(ours) < 10 {
		t.Fatalf("go list found only %d of the module's packages", len(ours))
	}
	return ours, std
}

// The layers hold: the doors (the web server, its views, the API) reach
// the data only through the application, never the store; the views know
// only the domain; the domain knows only the standard library; only the
// store speaks SQL; only the two HTTP doors, the server and the API, speak
// echo.
func TestLayers(t *testing.T) {
	const (
		domain = "claimline/internal/claimline"
		store  = "claimline/internal/store"
		server = "claimline/internal/server"
		views  = "claimline/views"
		api    = "claimline/internal/api"
	)
	pkgs, std := modulePackages(t)
	seen := map[string]bool{}
	for _, p := range pkgs {
		seen[p.ImportPath] = true
		door := p.ImportPath == server || p.ImportPath == views || strings.HasPrefix(p.ImportPath, api)
		for _, imp := range p.Imports {
			ours := strings.HasPrefix(imp, "claimline/")
			switch {
			case door && imp == store:
				t.Errorf("%s imports the store: it must go through the application (internal/app)", p.ImportPath)
			case p.ImportPath == views && ours && imp != domain:
				t.Errorf("views imports %s: views may know only the domain", imp)
			case p.ImportPath == domain && !std[imp]:
				t.Errorf("the domain imports %s: it may import only the standard library", imp)
			case (imp == "database/sql" || strings.HasPrefix(imp, "modernc.org/sqlite")) && !strings.HasPrefix(p.ImportPath, store):
				t.Errorf("%s imports %s: only the store speaks SQL", p.ImportPath, imp)
			case strings.HasPrefix(imp, "github.com/labstack/echo") && p.ImportPath != server && p.ImportPath != api:
				t.Errorf("%s imports %s: only the server and the API speak HTTP through echo", p.ImportPath, imp)
			}
		}
	}
	for _, want := range []string{domain, store, server, views, api, "claimline/internal/app"} {
		if !seen[want] {
			t.Errorf("go list did not list %s: the test checks nothing of it", want)
		}
	}
	if !slices.ContainsFunc(pkgs, func(p pkg) bool {
		return p.ImportPath == server && slices.Contains(p.Imports, "claimline/internal/app")
	}) {
		t.Error("the server does not import the application: is it built over something else?")
	}
}
