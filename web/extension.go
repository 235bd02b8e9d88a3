package web

import (
	"embed"
	"io/fs"
)

//go:embed extension
var extensionFiles embed.FS

// Extension is the extension/ folder: the capture extension for Chromium
// and Firefox, served zipped at /capture/extension.zip.
var Extension, _ = fs.Sub(extensionFiles, "extension")
