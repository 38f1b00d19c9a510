// Package topology holds the test of Praktijkbank as it runs on several machines: two app
// instances in one process over a PostgreSQL primary and a streaming standby made with
// pg_basebackup -R, both started by the test itself (internal/pglocal) under the project's
// .data/topology. See the README, "Meerdere instanties".
package topology
