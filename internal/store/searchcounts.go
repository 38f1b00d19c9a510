package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Search statistics: how often each query was searched per day, and how many results it gave,
// so that editors see what visitors look for and which words find nothing (the synonyms and
// terms that are missing). The web layer counts in memory and adds its counts now and then;
// nothing that identifies a person is kept: no address, session or time of day.

// SearchStatsDays is how many days of counts are kept and shown, today included.
const SearchStatsDays = 30

// SearchCount is how often one query was searched on one day.
type SearchCount struct {
	Day      time.Time // the date; the time of day is ignored
	Query    string    // normalized: folded, spaces collapsed
	Searches int
	// Results is how many results the last search of the day without facet filters gave, -1
	// when every search had filters (their results say more about the filters).
	Results int
}

// QueryStat is one query over the days kept.
type QueryStat struct {
	Query    string
	Searches int
	Results  int // of the latest day with a search without filters; -1 when there was none
	Days     int // on how many days it was searched
}

// statsFrom is the first day kept on today.
func statsFrom(today time.Time) time.Time {
	y, m, d := today.Date()
	return time.Date(y, m, d-(SearchStatsDays-1), 0, 0, 0, 0, time.UTC)
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// AddSearchCounts adds counts to the statistics and deletes the days before the
// SearchStatsDays that end today.
func (s *Store) AddSearchCounts(ctx context.Context, today time.Time, counts []SearchCount) error {
	days := make([]time.Time, len(counts))
	queries := make([]string, len(counts))
	searches := make([]int32, len(counts))
	results := make([]int32, len(counts))
	for i, c := range counts {
		days[i], queries[i], searches[i], results[i] = dateOf(c.Day), c.Query, int32(c.Searches), int32(c.Results)
	}
	err := s.transact(ctx, func(tx pgx.Tx) error {
		if len(counts) > 0 {
			_, err := tx.Exec(ctx, `
				INSERT INTO search_counts (day, query, searches, results)
				SELECT * FROM unnest($1::date[], $2::text[], $3::int[], $4::int[])
				ON CONFLICT (day, query) DO UPDATE
				SET searches = search_counts.searches + EXCLUDED.searches,
				    results = CASE WHEN EXCLUDED.results >= 0 THEN EXCLUDED.results ELSE search_counts.results END`,
				days, queries, searches, results)
			if err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `DELETE FROM search_counts WHERE day < $1`, statsFrom(today))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: add search counts: %w", err)
	}
	return nil
}

// SearchStats returns, over the SearchStatsDays that end today, the limit most searched
// queries and the limit most searched queries whose latest search without filters found
// nothing.
func (s *Store) SearchStats(ctx context.Context, today time.Time, limit int) (top, none []QueryStat, err error) {
	rows, err := s.pool.Query(ctx, `
		WITH q AS (
		    SELECT query, sum(searches)::int AS searches, count(*)::int AS days,
		           coalesce((array_agg(results ORDER BY day DESC) FILTER (WHERE results >= 0))[1], -1) AS results
		    FROM search_counts WHERE day >= $1 AND day <= $2
		    GROUP BY query
		)
		(SELECT false, query, searches, results, days FROM q ORDER BY searches DESC, query LIMIT $3)
		UNION ALL
		(SELECT true, query, searches, results, days FROM q WHERE results = 0 ORDER BY searches DESC, query LIMIT $3)
		ORDER BY 1, 3 DESC, 2`,
		statsFrom(today), dateOf(today), limit)
	if err != nil {
		return nil, nil, fmt.Errorf("store: search stats: %w", err)
	}
	var (
		empty bool
		st    QueryStat
	)
	_, err = pgx.ForEachRow(rows, []any{&empty, &st.Query, &st.Searches, &st.Results, &st.Days}, func() error {
		if empty {
			none = append(none, st)
		} else {
			top = append(top, st)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store: search stats: %w", err)
	}
	return top, none, nil
}
