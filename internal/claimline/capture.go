package claimline

// MaxCapture is the largest page a browser may send to be captured.
const MaxCapture = 10 << 20

// Capture is a web page as the user's browser held it, after its scripts
// ran, sent to be kept as a source; with the passage the user selected.
type Capture struct {
	URL          string // the page's address
	CanonicalURL string // the address the page names as its own, if any
	Title        string // the page's title, if the browser gave one
	HTML         []byte
	Selection    *Selection // nil: nothing was selected
}

// Selection is what the user selected on a captured page: a W3C Web
// Annotation TextQuoteSelector, the text and a little of what stands either
// side of it.
type Selection struct {
	Exact, Prefix, Suffix string
}

// Captured says what a capture did.
type Captured struct {
	Source  *Source
	Version int  // the source's version holding the captured text
	Created bool // a source or a version was made; false: the text was there
	// Quote is the selection as it stands in the source's text, and Span
	// where, when it was found there (Anchored); otherwise Reason says why
	// not. ClippingID is its place on the user's tray.
	Anchored   bool
	Quote      string
	Span       Span
	Reason     string
	ClippingID int64
}
