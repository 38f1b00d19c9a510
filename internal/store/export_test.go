package store

// SetRankCandidates lowers how many matches a relevance search ranks, so that tests can
// cross the bound with a few sheets.
func (s *Store) SetRankCandidates(n int) { s.rankCandidates = n }
