package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// PendingPhotoLifetime is how long a photo waits for the edit it was uploaded with.
const PendingPhotoLifetime = 24 * time.Hour

// KeepPendingPhoto keeps img, uploaded by editor userID in the edit form of sheet sheetID that
// is shown again with an error, under tokenHash, so that the next save of that form can use it
// without the file being chosen again. Photos older than PendingPhotoLifetime are dropped.
func (s *Store) KeepPendingPhoto(ctx context.Context, tokenHash []byte, userID, sheetID int64, img SubmissionImage) error {
	return s.transact(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM pending_photos WHERE created_at < now() - $1 * interval '1 second'`,
			PendingPhotoLifetime.Seconds()); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO pending_photos (token_hash, user_id, sheet_id, file, content_type, data, thumb, width, height)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			tokenHash, userID, sheetID, img.File, img.ContentType, img.Data, img.Thumb, img.Width, img.Height)
		return err
	})
}

// PendingPhoto returns the photo kept under tokenHash for editor userID and sheet sheetID;
// ErrNotFound when there is none (another editor's, another sheet's, or expired).
func (s *Store) PendingPhoto(ctx context.Context, tokenHash []byte, userID, sheetID int64) (SubmissionImage, error) {
	var img SubmissionImage
	err := s.pool.QueryRow(ctx, `
		SELECT file, content_type, data, thumb, width, height FROM pending_photos
		WHERE token_hash = $1 AND user_id = $2 AND sheet_id = $3 AND created_at >= now() - $4 * interval '1 second'`,
		tokenHash, userID, sheetID, PendingPhotoLifetime.Seconds()).
		Scan(&img.File, &img.ContentType, &img.Data, &img.Thumb, &img.Width, &img.Height)
	if err != nil {
		return img, fmt.Errorf("store: pending photo: %w", mapErr(err))
	}
	return img, nil
}

// DropPendingPhoto forgets the photo kept under tokenHash (once its edit is saved).
func (s *Store) DropPendingPhoto(ctx context.Context, tokenHash []byte) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM pending_photos WHERE token_hash = $1`, tokenHash)
	return err
}
