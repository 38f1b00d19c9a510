package web

import (
	"net/http"

	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/upload"
)

// One save flow serves every POST of the sheet form: the submitter's (a new practice, a change
// request, the private page), an editor's corrections to a submission and an editor's edit of
// a published sheet. saveSheetForm decodes what was posted, checks it, stores it and answers
// with a redirect, or with the form again as typed; a sheetSave says what differs.

// sheetSave is what one kind of save of the sheet form does differently.
type sheetSave struct {
	// keepTyped stores every post, errors and all (the submitter's drafts: nothing typed is
	// lost); without it only a form without errors is stored, and a post that only asks for
	// the form again (sheetform.Redraws) is neither checked nor stored.
	keepTyped bool
	// photo takes the uploaded photo of the post.
	photo bool
	// kept returns the photo of the post: posted (nil when none was chosen), or one kept from
	// an earlier post of the same form (may be nil: the photo posted, if any).
	kept func(f *sheetform.Form, posted *store.SubmissionImage) *store.SubmissionImage
	// complete checks the form as fit to send (required fields filled in).
	complete bool
	// isPlace tells the municipalities that may be typed.
	isPlace func(name string) bool
	// prepare completes the decoded form before it is checked: what kind of form it is, the
	// photo that is stored and the one just uploaded (nil when none).
	prepare func(f *sheetform.Form, photo *store.SubmissionImage)
	// check adds the checks of this kind of save to the form's own (may be nil).
	check func(f *sheetform.Form, photo *store.SubmissionImage)
	// store stores the checked form; done reports that it answered the request.
	store func(f *sheetform.Form, photo *store.SubmissionImage) (done bool, err error)
	// again answers with the form as typed, the field with id focus focused ("" for none);
	// photo is the photo of the post.
	again func(f sheetform.Form, photo *store.SubmissionImage, focus string) error
}

// saveSheetForm runs save for the posted form pf, whose button is action (as this kind of save
// understands it). The caller has refreshed the vocabulary.
func (s *Server) saveSheetForm(r *http.Request, pf postedForm, action string, save sheetSave) error {
	ctx := r.Context()
	f, empty := s.typedForm(ctx, pf)
	checks := save.keepTyped || !sheetform.Redraws(action)
	var photo *store.SubmissionImage
	if save.photo && checks {
		var err error
		if photo, err = s.processPhoto(r, pf); err != nil {
			f.ImageError = upload.Message(err)
		}
	}
	if save.kept != nil && f.ImageError == "" {
		photo = save.kept(&f, photo)
	}
	if save.prepare != nil {
		save.prepare(&f, photo)
	}
	if checks {
		f.Validate(save.complete, save.isPlace)
		if save.check != nil {
			save.check(&f, photo)
		}
		if save.keepTyped || len(f.Errors) == 0 {
			if done, err := save.store(&f, photo); done || err != nil {
				return err
			}
		}
	}
	focus := f.Pad(action, empty)
	return save.again(f, photo, focus)
}

// readSheetPost reads a posted sheet form; a body that is no form is errBadForm.
func (s *Server) readSheetPost(w http.ResponseWriter, r *http.Request) (postedForm, error) {
	pf, err := readPostedForm(w, r)
	if err != nil {
		return pf, err
	}
	return pf, nil
}
