// Package diff compares texts word by word and lists item by item, and practice sheets field
// by field, for the editors' review of change requests and the public history of a sheet.
//
// Words(a, b) returns operations whose Equal and Delete texts concatenate to a and whose Equal
// and Insert texts concatenate to b (Old and New reconstruct them); Items does the same for
// lists, pairing a removed item with the added item that replaced it; Sheets lists the fields
// of two sheets that differ. The edit scripts are shortest (Myers' O(ND) algorithm in linear
// space) up to a work budget, beyond which the remaining middle part is shown as replaced.
// Everything here is pure and safe for concurrent use.
package diff
