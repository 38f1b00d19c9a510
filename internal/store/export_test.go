package store

import "github.com/jackc/pgx/v5/pgxpool"

// SetRankCandidates lowers how many matches a relevance search ranks, so that tests can
// cross the bound with a few sheets.
func (s *Store) SetRankCandidates(n int) { s.rankCandidates = n }

// Pool gives the store's tests the underlying pool, to set up or read what no method does.
func (s *Store) Pool() *pgxpool.Pool { return s.pool.primary }
