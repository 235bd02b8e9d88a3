// Package web embeds claimline's static assets (stylesheet, script, icon)
// and the guide's pages.
package web

import (
	"embed"
	"io/fs"
)

//go:embed static
var files embed.FS

// Static is the static/ folder, served under /static/.
var Static, _ = fs.Sub(files, "static")

//go:embed help/*.md
var helpFiles embed.FS

// Help is the help/ folder: the guide's pages in Markdown, one file per
// topic, rendered by internal/guide and served under /help/.
var Help, _ = fs.Sub(helpFiles, "help")
