package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

func TestSearchCounts(t *testing.T) {
	t.Parallel()
	st := store.New(testdb.New(t))
	ctx := context.Background()
	today := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	day := func(ago int) time.Time { return today.AddDate(0, 0, -ago) }
	add := func(counts ...store.SearchCount) {
		t.Helper()
		if err := st.AddSearchCounts(ctx, today, counts); err != nil {
			t.Fatal(err)
		}
	}
	add(
		store.SearchCount{Day: day(30), Query: "oud", Searches: 50, Results: 0}, // before the 30 days: deleted
		store.SearchCount{Day: day(29), Query: "zwembad", Searches: 2, Results: 0},
		store.SearchCount{Day: day(1), Query: "kinderopvang", Searches: 3, Results: 4},
		store.SearchCount{Day: day(0), Query: "kinderopvang", Searches: 1, Results: -1}, // only with filters
		store.SearchCount{Day: day(0), Query: "armoede", Searches: 1, Results: 0},
	)
	// A second flush of the same day adds up; a later search without filters gives the results.
	add(store.SearchCount{Day: day(0), Query: "armoede", Searches: 4, Results: 2},
		store.SearchCount{Day: day(0), Query: "zwembad", Searches: 1, Results: -1})

	top, none, err := st.SearchStats(ctx, today, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.QueryStat{
		{Query: "armoede", Searches: 5, Results: 2, Days: 1},
		{Query: "kinderopvang", Searches: 4, Results: 4, Days: 2},
		{Query: "zwembad", Searches: 3, Results: 0, Days: 2},
	}
	if len(top) != len(want) {
		t.Fatalf("top = %+v, want %+v", top, want)
	}
	for i := range want {
		if top[i] != want[i] {
			t.Errorf("top[%d] = %+v, want %+v", i, top[i], want[i])
		}
	}
	if len(none) != 1 || none[0].Query != "zwembad" {
		t.Errorf("without results = %+v, want zwembad only", none)
	}
	var old int
	if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM search_counts WHERE query = 'oud'`).Scan(&old); err != nil || old != 0 {
		t.Errorf("%d rows older than %d days kept (%v)", old, store.SearchStatsDays, err)
	}
	// A day later, zwembad's first day falls out of the window and is deleted.
	if err := st.AddSearchCounts(ctx, today.AddDate(0, 0, 1), nil); err != nil {
		t.Fatal(err)
	}
	if _, none, err = st.SearchStats(ctx, today.AddDate(0, 0, 1), 10); err != nil || len(none) != 0 {
		t.Errorf("a day later: without results = %+v (%v), want none (zwembad was only searched with filters since)", none, err)
	}
}
