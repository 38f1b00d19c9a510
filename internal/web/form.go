package web

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/upload"
)

// Limits on a POST of the sheet form.
const (
	maxBodyBytes  = 10 << 20 // the whole request
	maxFieldBytes = 64 << 10 // one text field; longer text is cut (and refused as too long)
	maxFormParts  = 3000
	maxChosen     = 200 // checked terms per facet
)

// errBadForm means a request body that is no form at all.
var errBadForm = errors.New("web: malformed form")

// postedForm is the body of a POST of a form: its text fields and, for the sheet form, the
// photo as sent.
type postedForm struct {
	values   url.Values
	fileName string
	file     []byte // nil when no photo was chosen
	fileErr  error  // why the photo could not be read whole
}

// readPostedForm reads a url-encoded or multipart form of at most maxBodyBytes. A multipart
// body is read part by part, so that a photo that is too large costs its message on the photo
// field but never the text typed before it (the photo field is the last of the form); the
// photo is kept in memory up to upload.DefaultMaxBytes.
func readPostedForm(w http.ResponseWriter, r *http.Request) (postedForm, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	pf := postedForm{values: url.Values{}}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if err := r.ParseForm(); err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				pf.fileErr = upload.ErrTooLarge
				return pf, nil
			}
			return pf, errBadForm
		}
		pf.values = r.PostForm
		return pf, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return pf, errBadForm
	}
	for n := 0; n < maxFormParts; n++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			pf.readFailed(err, false)
			break
		}
		name := part.FormName()
		if name == sheetform.FieldImage {
			if err := pf.readPhoto(part); err != nil {
				pf.readFailed(err, true)
				break
			}
			continue
		}
		if name == "" || part.FileName() != "" {
			if _, err := io.Copy(io.Discard, part); err != nil {
				pf.readFailed(err, false)
				break
			}
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, maxFieldBytes))
		if err == nil {
			_, err = io.Copy(io.Discard, part)
		}
		if err != nil {
			pf.readFailed(err, false)
			break
		}
		pf.values.Add(name, string(data))
	}
	return pf, nil
}

// readPhoto keeps the first photo part in memory, or records that it is too large.
func (pf *postedForm) readPhoto(part io.Reader) error {
	data, err := io.ReadAll(io.LimitReader(part, upload.DefaultMaxBytes+1))
	if err != nil {
		return err
	}
	if len(data) > upload.DefaultMaxBytes {
		pf.fileErr = upload.ErrTooLarge
		_, err := io.Copy(io.Discard, part)
		return err
	}
	if len(data) == 0 || pf.file != nil || pf.fileErr != nil {
		return nil // no file chosen, or a second one
	}
	pf.file = data
	if p, ok := part.(interface{ FileName() string }); ok {
		pf.fileName = sheetform.CleanLine(p.FileName(), sheetform.MaxShort)
	}
	if pf.fileName == "" {
		pf.fileName = "foto"
	}
	return nil
}

// readFailed records why reading the body stopped: a body over the limit is blamed on the
// photo (nothing else is that large), as is any failure while the photo was read.
func (pf *postedForm) readFailed(err error, inPhoto bool) {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		pf.fileErr = upload.ErrTooLarge
		pf.file = nil
	case inPhoto:
		pf.fileErr = err
		pf.file = nil
	}
}

// action returns the button the person pressed (see sheetform.Action).
func (pf postedForm) action() string { return sheetform.Action(pf.values.Get(sheetform.FieldAction)) }

// honeypot reports whether the field that people leave empty was filled in.
func (pf postedForm) honeypot() bool {
	return strings.TrimSpace(pf.values.Get(sheetform.FieldHoneypot)) != ""
}

// formVocab is the vocabulary as the sheet form reads it (sheetform.Vocab).
type formVocab struct{ v *vocabulary }

func (f formVocab) TermBySlug(fc catalog.Facet, slug string) (catalog.Term, bool) {
	return f.v.termBySlug(fc, slug)
}

func (f formVocab) Resolve(fc catalog.Facet, slug string) (catalog.Term, bool) {
	return f.v.resolve(fc, slug)
}

func (f formVocab) ByFoldedLabel(fc catalog.Facet, label string) (catalog.Term, bool) {
	return f.v.byFoldedLabel(fc, label)
}

// formVocab is the request's vocabulary for the sheet form.
func (s *Server) formVocab(ctx context.Context) sheetform.Vocab { return formVocab{s.vocabOf(ctx)} }

// suggestTags ticks the terms that fit the goals and target groups typed (see
// sheetform.Form.Suggest); without tick it only records them as suggested.
func (s *Server) suggestTags(ctx context.Context, f *sheetform.Form, tick bool) error {
	return f.Suggest(func(facet catalog.Facet, sentences []string) ([]string, error) {
		labels, _, err := s.store.SuggestTerms(ctx, facet, sentences)
		return labels, err
	}, s.formVocab(ctx), tick)
}

// typedForm is the sheet form as posted, its empty groups dropped (and counted), with the
// terms that fit the goals and target groups typed ticked. Suggesting is a help only: when it
// fails, the form is kept as typed.
func (s *Server) typedForm(ctx context.Context, pf postedForm) (sheetform.Form, sheetform.EmptyGroups) {
	f := sheetform.Decode(pf.values)
	empty := f.Compact()
	if err := s.suggestTags(ctx, &f, true); err != nil {
		s.log.WarnContext(ctx, "suggest terms", "err", err)
	}
	return f, empty
}

// prefilled completes a form filled from a sheet: the terms that fit its goals and target
// groups count as suggested already, so that the sheet's own choice stands.
func (s *Server) prefilled(ctx context.Context, f sheetform.Form) sheetform.Form {
	if err := s.suggestTags(ctx, &f, false); err != nil {
		s.log.WarnContext(ctx, "suggest terms", "err", err)
	}
	return f
}

// formKey is the key of the rendering of the form that was posted (a hidden field), or ""
// when there is none or it is not one the site makes.
func (pf postedForm) formKey() string {
	if k := pf.values.Get(sheetform.FieldFormKey); tokenPattern.MatchString(k) {
		return k
	}
	return ""
}
