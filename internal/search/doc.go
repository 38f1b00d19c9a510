// Package search is the catalogue's search index: the published sheets as a search needs them,
// held in memory, with no database. Read it top-down:
//
//   - index.go: the Index, one catalogue version, and Build, which makes one from every
//     published sheet;
//   - update.go: Update, which makes the next version from the sheets that changed, sharing
//     what did not;
//   - query.go: Search, which matches the clauses of a query (a bitset of sheets), applies the
//     facet filters and counts per facet with the terms' bitsets, ranks (BM25 over four fields)
//     only as far as the page asked and returns its sheet ids; Count, which does the filters
//     and counts for matches found elsewhere;
//   - clauses.go: how the words of a query become clauses, with synonyms and compounds;
//   - postings.go and bitset.go: the compact lists and sets underneath.
//
// The store turns words into stems (PostgreSQL's Dutch stemming), reads the sheets into a
// Build or an Update, and reads the page's sheets; everything between is here.
package search
