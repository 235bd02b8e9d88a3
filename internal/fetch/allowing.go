package fetch

import (
	"net/netip"
	"testing"

	"code.dny.dev/ssrf"
)

// NewAllowing returns a Fetcher on any port that also allows the given
// prefixes (loopback addresses of test servers); everything else stays
// refused. For tests only, in any package (rechecks of a source's address
// are tested against a local server): it panics outside a test binary, so
// no configuration can reach it.
func NewAllowing(prefixes ...string) *Fetcher {
	if !testing.Testing() {
		panic("fetch.NewAllowing is for tests only")
	}
	var ps []netip.Prefix
	for _, p := range prefixes {
		ps = append(ps, netip.MustParsePrefix(p))
	}
	return newFetcher(ssrf.New(ssrf.WithAnyPort(), ssrf.WithAllowedV4Prefixes(ps...)).Safe)
}
