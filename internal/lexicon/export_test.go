package lexicon

// Exported for the tests of package lexicon_test.
var (
	AliasesTSV   = aliasesTSV
	ParseAliases = parseAliases
)
