// Package migrations holds the goose SQL migrations of Praktijkbank, embedded in the binary.
package migrations

import "embed"

// FS holds every migration file (NNNNN_name.sql), applied in order by goose.
//
//go:embed *.sql
var FS embed.FS
