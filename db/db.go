// Package db embeds the SQL migrations, applied in file-name order at start-up.
package db

import "embed"

// Migrations holds migrations/NNNN_name.sql. Never edit a shipped migration:
// add a new file.
//
//go:embed migrations/*.sql
var Migrations embed.FS

// PostgresMigrations holds postgres/NNNN_name.sql, the schema of a
// PostgreSQL database, applied like Migrations (in name order, each in a
// transaction, recorded in schema_migrations). It starts at a baseline,
// 0001, equal to SQLite's schema at the time PostgreSQL became an engine;
// a later change to the schema is a new file here and in migrations/.
//
//go:embed postgres/*.sql
var PostgresMigrations embed.FS
