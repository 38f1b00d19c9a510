package store_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

// A catalogue indexed before snippet texts kept their fields apart gets them rebuilt once at
// the next start, so that its snippets stop running a material's title and author together.
func TestUpgradeSnippetTexts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.New(t)
	st := store.New(db)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := app.Bootstrap(ctx, st, quiet); err != nil {
		t.Fatal(err)
	}
	body := func() string {
		var b string
		if err := db.QueryRow(ctx, `SELECT x.body FROM sheet_search x JOIN sheets s ON s.id = x.sheet_id WHERE s.slug = 'hefboom-in-partnerschap'`).Scan(&b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	const apart = "Ouderparticipatie bij de opvang\nKind en Gezin\nkinderopvang\n"
	if !strings.Contains(body(), apart) {
		t.Fatalf("a fresh catalogue's snippet text does not keep the fields apart: %q", body())
	}
	// The text as it was stored before: the intro, a blank line, every other field run together.
	if _, err := db.Exec(ctx, `UPDATE sheet_search SET body = split_part(body, E'\n', 1) || E'\n\n' || replace(substr(body, strpos(body, E'\n') + 1), E'\n', ' ')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `DELETE FROM reference_data WHERE name = 'snippet-fields'`); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(body(), apart) {
		t.Fatal("the old text was not set up")
	}
	if err := app.Bootstrap(ctx, st, quiet); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body(), apart) {
		t.Errorf("after a start the snippet text still runs the fields together: %q", body())
	}
	// Once done, a start leaves the rows alone.
	if n, err := st.UpgradeSnippetTexts(ctx); err != nil || n != 0 {
		t.Errorf("a second upgrade rebuilt %d rows (%v)", n, err)
	}
}
