package views

import (
	"strconv"

	"claimline/internal/claimline"
)

// CaptureView is the capture page: how to capture pages from the browser,
// the extension to download, and the token it needs (shown once, when
// just made).
type CaptureView struct {
	Origin      string // this server's address, for the extension's options
	Bookmarklet string // the bookmarklet's javascript: address
	ZipSize     int    // of the extension's download, in bytes
	Secret      string // a token just made, shown this once
	Made        *claimline.Token
}

// ZipKB is the extension's size as people read it.
func (v CaptureView) ZipKB() string { return strconv.Itoa((v.ZipSize+1023)/1024) + " KB" }

// CaptureForm is the page a bookmarklet opens: the captured page arrives
// from the bookmarklet's window and is sent on the user's click.
type CaptureForm struct {
	Errors Errors
}
