// Package web embeds claimline's static assets (stylesheet, script, icon).
package web

import (
	"embed"
	"io/fs"
)

//go:embed static
var files embed.FS

// Static is the static/ folder, served under /static/.
var Static, _ = fs.Sub(files, "static")
