package api_test

import (
	"testing"

	"claimline/internal/api"
)

// The embedded contract loads and is a valid OpenAPI document, and every
// operation that needs a token says which scope (x-scope).
func TestContractLoads(t *testing.T) {
	doc, err := api.LoadContract()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			n++
			public := op.Security != nil && len(*op.Security) == 0
			if _, ok := op.Extensions["x-scope"]; !ok && !public {
				t.Errorf("%s %s has no x-scope", method, path)
			}
		}
	}
	if n < 20 {
		t.Errorf("the contract has %d operations", n)
	}
}
