package views

import "claimline/internal/claimline"

// HelpTopic is one page of the guide as a link: its title, its address and
// its first paragraph.
type HelpTopic struct {
	Title, URL, Lead string
}

// HelpSection is a section of a guide page: its heading's id and text.
type HelpSection struct {
	ID, Text string
}

// HelpPageView is one page of the guide.
type HelpPageView struct {
	Topic HelpTopic
	// Body is the page's HTML, rendered by internal/guide from the
	// Markdown embedded in the program: our own text, never user data.
	Body       string
	Sections   []HelpSection
	Topics     []HelpTopic // every page, in reading order, for the side list
	Prev, Next *HelpTopic  // nil at either end
}

// HelpHit is a page of the guide that a search found: the page, the
// section the snippet comes from, and the snippet with the matched words
// marked.
type HelpHit struct {
	Title, URL, Section string
	Snippet             claimline.Snippet
}
