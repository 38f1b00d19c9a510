// Package sheetform owns the sheet form: the form in which submitters propose a practice or a
// change and editors correct a submission or edit a published sheet. It names the form's
// fields, decodes a posted form (Decode), checks it (Form.Validate) and converts it to and from
// a sheet and a submission (Form.Sheet, FromSheet, FromSubmission). It needs no database: the
// vocabulary comes in through Vocab, the term suggestions through a function. The web package
// stores what it returns; the templates package only renders it.
package sheetform
