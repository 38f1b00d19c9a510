package web

import (
	"context"
	"encoding/base64"
	"errors"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// An editor's new photo survives the edit form of a sheet being shown again with an error: it
// waits in pending_photos under a token that the form carries in a hidden field
// (sheetform.FieldPendingPhoto), and the next save of the form without a new file takes it.
// The token opens the photo only for the editor who uploaded it and for that sheet.

// pendingPhoto returns the photo of a post of the edit form f of sheet sheetID by editor
// userID: posted (which replaces one kept before), or the photo kept under the form's token.
// A token that opens nothing is dropped from the form, with a message at the photo field.
func (s *Server) pendingPhoto(ctx context.Context, f *sheetform.Form, posted *store.SubmissionImage, userID, sheetID int64) *store.SubmissionImage {
	if f.PendingPhoto == "" {
		return posted
	}
	if posted != nil {
		s.dropPendingPhoto(ctx, f.PendingPhoto)
		f.PendingPhoto = ""
		return posted
	}
	if tokenPattern.MatchString(f.PendingPhoto) {
		img, err := s.store.PendingPhoto(ctx, hashToken(f.PendingPhoto), userID, sheetID)
		if err == nil {
			return &img
		}
		if !errors.Is(err, catalog.ErrNotFound) {
			s.log.WarnContext(ctx, "pending photo", "err", err)
		}
	}
	f.PendingPhoto = ""
	f.ImageError = "De foto die je eerder koos, is niet meer bewaard. Kies ze opnieuw."
	return nil
}

// keepPhoto keeps photo, the photo of a post of the edit form that is shown again, for the
// form's next save, and shows it in the form (props). Nothing is kept when there is no photo or
// the editor removes it; a photo kept before keeps its token.
func (s *Server) keepPhoto(ctx context.Context, props *templates.SheetFormProps, photo *store.SubmissionImage, userID, sheetID int64) error {
	if photo == nil || props.Form.RemoveImage {
		s.dropPendingPhoto(ctx, props.Form.PendingPhoto)
		props.Form.PendingPhoto = ""
		return nil
	}
	if props.Form.PendingPhoto == "" {
		token, hash := newToken()
		if err := s.store.KeepPendingPhoto(ctx, hash, userID, sheetID, *photo); err != nil {
			return err
		}
		props.Form.PendingPhoto = token
	}
	props.Pending = templates.PendingPhoto{Name: photo.File,
		Thumb: "data:" + photo.ContentType + ";base64," + base64.StdEncoding.EncodeToString(photo.Thumb)}
	return nil
}

// dropPendingPhoto forgets the photo kept under token, once it is saved or replaced; a failure
// only leaves it to expire.
func (s *Server) dropPendingPhoto(ctx context.Context, token string) {
	if token == "" || !tokenPattern.MatchString(token) {
		return
	}
	if err := s.store.DropPendingPhoto(ctx, hashToken(token)); err != nil {
		s.log.WarnContext(ctx, "drop pending photo", "err", err)
	}
}
