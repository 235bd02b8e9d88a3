package fetch

import (
	"net/netip"

	"code.dny.dev/ssrf"
)

// NewAllowing returns a Fetcher on any port that also allows the given
// prefixes (loopback addresses of test servers); everything else stays
// refused. For tests only.
func NewAllowing(prefixes ...string) *Fetcher {
	var ps []netip.Prefix
	for _, p := range prefixes {
		ps = append(ps, netip.MustParsePrefix(p))
	}
	return newFetcher(ssrf.New(ssrf.WithAnyPort(), ssrf.WithAllowedV4Prefixes(ps...)).Safe)
}
