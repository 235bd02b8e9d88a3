// Package db embeds the SQL migrations, applied in file-name order at start-up.
package db

import "embed"

// Migrations holds migrations/NNNN_name.sql. Never edit a shipped migration:
// add a new file.
//
//go:embed migrations/*.sql
var Migrations embed.FS

// PostgresMigrations holds postgres/NNNN_name.sql, PostgreSQL's migrations,
// which start from a baseline of the SQLite schema at the time PostgreSQL
// support came. Never edit a shipped migration: add a new file.
//
//go:embed postgres/*.sql
var PostgresMigrations embed.FS
