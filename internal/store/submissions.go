package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Submissions are kept as their submitter typed them: the content is a catalog.Sheet as JSON
// (terms by label, including labels the vocabulary lacks), the photo is stored beside it in
// submission_images. A submission is found by its id (editors) or by the hash of its private
// token (the submitter); the token itself is never stored.
//
// Life cycle: CreateSubmission stores a draft; SaveDraft and UpdateByToken overwrite what was
// typed while the submission is open (draft, submitted, question); Submit sends a draft to the
// editors, and so do CreateSubmission and SaveDraft with SubmissionInput.Send, in the
// transaction of the write; AnswerQuestion answers an editor's question. Deciding (approve, reject, ask) is the
// editors' part. Every write bumps the version, on which editors act (optimistic locking).
//
// A sheet created from an approved new submission carries Source "submission:<id>"
// (SubmissionSource), which is how SubmissionSheetSlug finds it.

// SubmissionImage is the processed photo of a submission.
type SubmissionImage struct {
	File          string // the file name the submitter uploaded, for editors
	ContentType   string // of Data and Thumb
	Data          []byte // the picture, re-encoded
	Thumb         []byte // a small version
	Width, Height int    // of Data
}

// SubmissionInput is what a submitter typed.
type SubmissionInput struct {
	// Content is the sheet as the submitter sees it. Its bookkeeping fields (ID, status,
	// revision, source, times) are not stored.
	Content   catalog.Sheet
	Submitter catalog.Submitter
	// Image, when not nil, replaces the stored photo.
	Image *SubmissionImage
	// RemoveImage deletes the stored photo; it is ignored when Image is set.
	RemoveImage bool
	// ChangeReason is why a change request proposes its change.
	ChangeReason string
	// Answer, when not empty, answers the editors' open question with this change: both are
	// stored in one transaction and the submission goes back to the editors.
	Answer string
	// Send, when not nil, also sends the draft to the editors in the same transaction as the
	// write: its status becomes submitted, and the notices Send makes of the stored submission
	// (which then has its id) are written. Either all of it commits or nothing does.
	Send func(catalog.Submission) Notices
	// FormKey, when not empty, is the hash of the key of the form that was posted, and
	// FormResult the answer the web layer gives when the write succeeds. Both are stored; a
	// later write with the same key finds them and returns a *ReplayedError with that answer
	// instead of writing again (a retried POST). An empty FormResult (the form is shown again)
	// is never replayed.
	FormKey    []byte
	FormResult string
}

// ReplayedError is returned by a write whose form key is the one of the write before it: the
// same form was posted twice. Result is the answer the first POST got.
type ReplayedError struct{ Result string }

func (e *ReplayedError) Error() string { return "store: form posted before, with result " + e.Result }

// formReplayed returns a *ReplayedError when key is the form key submission id was last written
// with and that write had a result.
func formReplayed(ctx context.Context, tx pgx.Tx, id int64, key []byte) error {
	if len(key) == 0 {
		return nil
	}
	var result string
	err := tx.QueryRow(ctx, `SELECT form_result FROM submissions WHERE id = $1 AND form_key = $2 AND form_result <> ''`,
		id, key).Scan(&result)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("form key of %d: %w", id, err)
	}
	return &ReplayedError{Result: result}
}

// rememberForm stores the form key and result of a write to submission id.
func rememberForm(ctx context.Context, tx pgx.Tx, id int64, key []byte, result string) error {
	if len(key) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE submissions SET form_key = $2, form_result = $3 WHERE id = $1`, id, key, result); err != nil {
		return fmt.Errorf("form key of %d: %w", id, err)
	}
	return nil
}

// NewSubmission is a submission to create.
type NewSubmission struct {
	Kind catalog.SubmissionKind
	// SheetID is the published sheet a change is about; 0 for a new sheet.
	SheetID int64
	// BaseRevision is the revision of the sheet the change was typed against, as shown in the
	// form; 0, or a revision the sheet does not have, means its current revision.
	BaseRevision int
	// TokenHash is the hash of the private token that opens the submission.
	TokenHash []byte
	SubmissionInput
}

// Notices are the mails a submission write puts in the outbox, in its own transaction: they
// are sent exactly when the write commits, and never when it fails.
type Notices struct {
	// Submitter is a mail to the submitter; nil or an empty To sends none.
	Submitter *Mail
	// Editors is a mail sent to every active editor and admin; To is filled in per
	// recipient. Nil sends none.
	Editors *Mail
}

// SubmissionSource is the Source of the sheet created from the approved new submission id.
func SubmissionSource(id int64) string { return "submission:" + strconv.FormatInt(id, 10) }

// CreateSubmission stores a new submission in status draft, with its photo and notices, and
// returns it. A change must name a published sheet (ErrNotFound otherwise); a token hash that
// is already in use gives ErrConflict.
func (s *Store) CreateSubmission(ctx context.Context, n NewSubmission, notices Notices) (catalog.Submission, error) {
	var sub catalog.Submission
	if len(n.TokenHash) == 0 {
		return sub, errors.New("store: create submission: empty token hash")
	}
	err := s.transact(ctx, func(tx pgx.Tx) error {
		var sheetID *int64
		var base *int
		switch n.Kind {
		case catalog.KindNew:
		case catalog.KindChange:
			var current int
			err := tx.QueryRow(ctx, `SELECT revision FROM sheets WHERE id = $1 AND status = 'published' FOR SHARE`,
				n.SheetID).Scan(&current)
			if err != nil {
				return fmt.Errorf("sheet %d: %w", n.SheetID, err)
			}
			rev := n.BaseRevision
			if rev < 1 || rev > current {
				rev = current
			}
			sheetID, base = &n.SheetID, &rev
		default:
			return fmt.Errorf("unknown kind %q", n.Kind)
		}
		content, err := contentJSON(n.Content)
		if err != nil {
			return err
		}
		var id int64
		err = tx.QueryRow(ctx, `
			INSERT INTO submissions (kind, status, token_hash, sheet_id, base_revision, content,
			                         submitter_name, submitter_org, submitter_email, change_reason)
			VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, $9)
			RETURNING id`, n.Kind, n.TokenHash, sheetID, base, content,
			n.Submitter.Name, n.Submitter.Organisation, n.Submitter.Email, n.ChangeReason).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		if err := writeSubmissionImage(ctx, tx, id, n.SubmissionInput); err != nil {
			return err
		}
		if err := rememberForm(ctx, tx, id, n.FormKey, n.FormResult); err != nil {
			return err
		}
		if err := writeNotices(ctx, tx, id, notices); err != nil {
			return err
		}
		if n.Send != nil {
			return sendDraft(ctx, tx, id, n.Send, &sub)
		}
		sub, err = loadSubmission(ctx, tx, `s.id = $1`, id)
		return err
	})
	if err != nil {
		return sub, fmt.Errorf("store: create submission: %w", mapErr(err))
	}
	return sub, nil
}

// SaveDraft overwrites what was typed in the draft that tokenHash opens, and writes notices.
// It returns ErrNotFound for an unknown token and ErrConflict when the submission is no longer
// a draft (sent meanwhile, or decided).
func (s *Store) SaveDraft(ctx context.Context, tokenHash []byte, in SubmissionInput, notices Notices) (catalog.Submission, error) {
	sub, err := s.updateByToken(ctx, tokenHash, in, notices, func(st catalog.SubmissionStatus) bool {
		return st == catalog.SubmissionDraft
	})
	if err != nil {
		return sub, fmt.Errorf("store: save draft: %w", err)
	}
	return sub, nil
}

// UpdateByToken overwrites what was typed in the submission that tokenHash opens while it is
// open (draft, submitted or question), keeps its status, and writes notices. It returns
// ErrNotFound for an unknown token and ErrConflict once editors decided on the submission.
func (s *Store) UpdateByToken(ctx context.Context, tokenHash []byte, in SubmissionInput, notices Notices) (catalog.Submission, error) {
	sub, err := s.updateByToken(ctx, tokenHash, in, notices, catalog.SubmissionStatus.Open)
	if err != nil {
		return sub, fmt.Errorf("store: update submission: %w", err)
	}
	return sub, nil
}

func (s *Store) updateByToken(ctx context.Context, tokenHash []byte, in SubmissionInput, notices Notices,
	allowed func(catalog.SubmissionStatus) bool) (catalog.Submission, error) {
	var sub catalog.Submission
	err := s.transact(ctx, func(tx pgx.Tx) error {
		id, status, _, err := lockSubmission(ctx, tx, tokenHash)
		if err != nil {
			return err
		}
		if err := formReplayed(ctx, tx, id, in.FormKey); err != nil {
			return err
		}
		if !allowed(status) {
			return fmt.Errorf("%w: submission %d is %s", catalog.ErrConflict, id, status)
		}
		content, err := contentJSON(in.Content)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			UPDATE submissions SET content = $2, submitter_name = $3, submitter_org = $4,
			       submitter_email = $5, change_reason = $6, version = version + 1, updated_at = now(),
			       expiry_warned_at = NULL
			WHERE id = $1`, id, content, in.Submitter.Name, in.Submitter.Organisation, in.Submitter.Email, in.ChangeReason)
		if err != nil {
			return fmt.Errorf("update %d: %w", id, err)
		}
		if err := writeSubmissionImage(ctx, tx, id, in); err != nil {
			return err
		}
		if err := rememberForm(ctx, tx, id, in.FormKey, in.FormResult); err != nil {
			return err
		}
		if in.Answer != "" {
			if status != catalog.SubmissionQuestion {
				return fmt.Errorf("%w: submission %d is %s, no question waits", catalog.ErrConflict, id, status)
			}
			if err := answerQuestion(ctx, tx, id, in.Answer); err != nil {
				return err
			}
		}
		if err := writeNotices(ctx, tx, id, notices); err != nil {
			return err
		}
		if in.Send != nil {
			if status != catalog.SubmissionDraft {
				return fmt.Errorf("%w: submission %d is %s, not a draft", catalog.ErrConflict, id, status)
			}
			return sendDraft(ctx, tx, id, in.Send, &sub)
		}
		sub, err = loadSubmission(ctx, tx, `s.id = $1`, id)
		return err
	})
	return sub, mapErr(err)
}

// Submit sends the draft that tokenHash opens to the editors: its status becomes submitted and
// the notices are written. version is the version the submitter's last save returned; when the
// submission changed since (or is not a draft) Submit returns ErrConflict and changes nothing.
// ErrNotFound for an unknown token.
func (s *Store) Submit(ctx context.Context, tokenHash []byte, version int, notices Notices) (catalog.Submission, error) {
	return s.SubmitForm(ctx, tokenHash, version, nil, "", notices)
}

// SubmitForm is Submit for a posted form with key formKey (a hash; see
// SubmissionInput.FormKey): a second POST of that form returns a *ReplayedError with result,
// the answer of the first, instead of a conflict.
func (s *Store) SubmitForm(ctx context.Context, tokenHash []byte, version int, formKey []byte, result string, notices Notices) (catalog.Submission, error) {
	var sub catalog.Submission
	err := s.transact(ctx, func(tx pgx.Tx) error {
		id, status, current, err := lockSubmission(ctx, tx, tokenHash)
		if err != nil {
			return err
		}
		if err := formReplayed(ctx, tx, id, formKey); err != nil {
			return err
		}
		if err := rememberForm(ctx, tx, id, formKey, result); err != nil {
			return err
		}
		if status != catalog.SubmissionDraft || current != version {
			return fmt.Errorf("%w: submission %d is %s at version %d, not a draft at %d",
				catalog.ErrConflict, id, status, current, version)
		}
		return sendDraft(ctx, tx, id, func(catalog.Submission) Notices { return notices }, &sub)
	})
	if err != nil {
		return sub, fmt.Errorf("store: submit: %w", mapErr(err))
	}
	return sub, nil
}

// sendDraft sends draft id (locked by tx) to the editors, writes the notices that notices
// makes of it, and loads the sent submission into sub.
func sendDraft(ctx context.Context, tx pgx.Tx, id int64, notices func(catalog.Submission) Notices, sub *catalog.Submission) error {
	_, err := tx.Exec(ctx, `
		UPDATE submissions SET status = 'submitted', submitted_at = now(), updated_at = now(),
		       version = version + 1
		WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("submit %d: %w", id, err)
	}
	if *sub, err = loadSubmission(ctx, tx, `s.id = $1`, id); err != nil {
		return err
	}
	return writeNotices(ctx, tx, id, notices(*sub))
}

// AnswerQuestion stores the submitter's answer to an editor's question on the submission that
// tokenHash opens, puts it back in the editors' queue (status submitted) and writes notices.
// ErrNotFound for an unknown token, ErrConflict when no question is waiting.
func (s *Store) AnswerQuestion(ctx context.Context, tokenHash []byte, body string, notices Notices) (catalog.Submission, error) {
	var sub catalog.Submission
	err := s.transact(ctx, func(tx pgx.Tx) error {
		id, status, _, err := lockSubmission(ctx, tx, tokenHash)
		if err != nil {
			return err
		}
		if status != catalog.SubmissionQuestion {
			return fmt.Errorf("%w: submission %d is %s, no question waits", catalog.ErrConflict, id, status)
		}
		if err := answerQuestion(ctx, tx, id, body); err != nil {
			return err
		}
		if err := writeNotices(ctx, tx, id, notices); err != nil {
			return err
		}
		sub, err = loadSubmission(ctx, tx, `s.id = $1`, id)
		return err
	})
	if err != nil {
		return sub, fmt.Errorf("store: answer question: %w", mapErr(err))
	}
	return sub, nil
}

// answerQuestion adds the submitter's answer to the conversation of submission id and sends
// it back to the editors.
func answerQuestion(ctx context.Context, tx pgx.Tx, id int64, body string) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO submission_messages (submission_id, author, body) VALUES ($1, 'submitter', $2)`, id, body)
	if err != nil {
		return fmt.Errorf("insert answer: %w", err)
	}
	_, err = tx.Exec(ctx, `
		UPDATE submissions SET status = 'submitted', version = version + 1, updated_at = now()
		WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("answer %d: %w", id, err)
	}
	return nil
}

// SubmissionByToken returns the submission that tokenHash opens, with its conversation, or
// ErrNotFound.
func (s *Store) SubmissionByToken(ctx context.Context, tokenHash []byte) (catalog.Submission, error) {
	sub, err := loadSubmission(ctx, s.pool, `s.id = `+submissionOfToken, tokenHash)
	if err != nil {
		return sub, fmt.Errorf("store: submission by token: %w", mapErr(err))
	}
	return sub, nil
}

// SubmissionByID returns the submission with id, with its conversation, or ErrNotFound. It is
// meant for editors: the web layer must check the role of the caller.
func (s *Store) SubmissionByID(ctx context.Context, id int64) (catalog.Submission, error) {
	sub, err := loadSubmission(ctx, s.pool, `s.id = $1`, id)
	if err != nil {
		return sub, fmt.Errorf("store: submission %d: %w", id, mapErr(err))
	}
	return sub, nil
}

// SubmissionImage returns the photo of submission id, or ErrNotFound when it has none.
func (s *Store) SubmissionImage(ctx context.Context, id int64) (SubmissionImage, error) {
	var img SubmissionImage
	err := s.pool.QueryRow(ctx, `
		SELECT file, content_type, data, thumb, width, height FROM submission_images
		WHERE submission_id = $1`, id).
		Scan(&img.File, &img.ContentType, &img.Data, &img.Thumb, &img.Width, &img.Height)
	if err != nil {
		return img, fmt.Errorf("store: submission image %d: %w", id, mapErr(err))
	}
	return img, nil
}

// SubmissionSheetSlug returns the slug of the sheet a submission is about: the sheet a change
// was made to, or the sheet created from an approved new submission (Source
// SubmissionSource(id)). ErrNotFound when there is none (yet).
func (s *Store) SubmissionSheetSlug(ctx context.Context, id int64) (string, error) {
	var slug string
	err := s.pool.QueryRow(ctx, `
		SELECT sh.slug FROM submissions s
		JOIN sheets sh ON sh.id = s.sheet_id OR (s.sheet_id IS NULL AND sh.source = $2)
		WHERE s.id = $1`, id, SubmissionSource(id)).Scan(&slug)
	if err != nil {
		return "", fmt.Errorf("store: sheet of submission %d: %w", id, mapErr(err))
	}
	return slug, nil
}

// SimilarityThreshold is how alike (pg_trgm, 0 to 1) a title must be to an existing sheet's
// title for SimilarSheets to return that sheet.
const SimilarityThreshold = 0.3

// SimilarSheets returns up to limit published sheets whose title resembles title (trigram
// similarity of the folded titles, or the whole typed title found in a longer one), most
// alike first. Titles shorter than four letters give none.
func (s *Store) SimilarSheets(ctx context.Context, title string, limit int) ([]SheetSummary, error) {
	if len([]rune(strings.TrimSpace(title))) < 4 || limit <= 0 {
		return nil, nil
	}
	return s.summaries(ctx, `
		WITH q AS (SELECT norm($1) AS t)
		SELECT s.id, s.slug, s.title, s.intro
		FROM sheet_search x JOIN sheets s ON s.id = x.sheet_id, q
		WHERE x.published
		  AND (similarity(x.title_folded, q.t) >= $2 OR strict_word_similarity(q.t, x.title_folded) >= 0.6)
		ORDER BY greatest(similarity(x.title_folded, q.t), strict_word_similarity(q.t, x.title_folded)) DESC,
		         x.title_folded
		LIMIT $3`, strings.TrimSpace(title), SimilarityThreshold, limit)
}

// lockSubmission finds the submission that tokenHash opens and locks it for the transaction.
// submissionOfToken is the id of the submission that the token hash $1 opens: its first
// link, or one added later (submission_links).
const submissionOfToken = `(SELECT id FROM submissions WHERE token_hash = $1
	UNION ALL SELECT submission_id FROM submission_links WHERE token_hash = $1 LIMIT 1)`

func lockSubmission(ctx context.Context, tx pgx.Tx, tokenHash []byte) (int64, catalog.SubmissionStatus, int, error) {
	var id int64
	var status catalog.SubmissionStatus
	var version int
	err := tx.QueryRow(ctx, `SELECT id, status, version FROM submissions WHERE id = `+submissionOfToken+` FOR UPDATE`,
		tokenHash).Scan(&id, &status, &version)
	if err != nil {
		return 0, "", 0, fmt.Errorf("find submission: %w", err)
	}
	return id, status, version, nil
}

// contentJSON encodes the content of a submission without the bookkeeping of a stored sheet.
func contentJSON(sh catalog.Sheet) ([]byte, error) {
	sh.ID, sh.Revision, sh.Status, sh.Source = 0, 0, "", ""
	sh.CreatedAt, sh.UpdatedAt, sh.PublishedAt, sh.EditedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	b, err := json.Marshal(sh)
	if err != nil {
		return nil, fmt.Errorf("encode content: %w", err)
	}
	return b, nil
}

// writeSubmissionImage replaces or removes the photo of submission id as in asks.
func writeSubmissionImage(ctx context.Context, tx pgx.Tx, id int64, in SubmissionInput) error {
	switch {
	case in.Image != nil:
		img := in.Image
		_, err := tx.Exec(ctx, `
			INSERT INTO submission_images (submission_id, file, content_type, data, thumb, width, height)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (submission_id) DO UPDATE SET file = EXCLUDED.file,
			    content_type = EXCLUDED.content_type, data = EXCLUDED.data, thumb = EXCLUDED.thumb,
			    width = EXCLUDED.width, height = EXCLUDED.height`,
			id, img.File, img.ContentType, img.Data, img.Thumb, img.Width, img.Height)
		if err != nil {
			return fmt.Errorf("write submission image: %w", err)
		}
	case in.RemoveImage:
		if _, err := tx.Exec(ctx, `DELETE FROM submission_images WHERE submission_id = $1`, id); err != nil {
			return fmt.Errorf("remove submission image: %w", err)
		}
	}
	return nil
}

// MaxUnconfirmedMailsPerDay is how many mails of the kinds in UnconfirmedMailKinds one address
// gets in 24 hours; further ones are not sent (the private page shows the link all the same).
const MaxUnconfirmedMailsPerDay = 3

// UnconfirmedMailKinds are the mails that go to an address nobody confirmed: the
// confirmation of a submission or a saved draft, the notice that a draft expires.
var UnconfirmedMailKinds = []string{"confirmation", "draft-expiry"}

// enqueueUnconfirmed writes m, a mail to an address nobody confirmed, to the outbox inside tx
// unless that address had MaxUnconfirmedMailsPerDay such mails in the last 24 hours. It
// reports whether it did.
func enqueueUnconfirmed(ctx context.Context, tx pgx.Tx, m Mail) (bool, error) {
	// One count per address at a time (concurrent submissions to one address).
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('unconfirmed-mail:' || lower($1)))`, m.To); err != nil {
		return false, fmt.Errorf("lock recipient: %w", err)
	}
	var n int
	err := tx.QueryRow(ctx, `
		SELECT count(*) FROM outbox
		WHERE lower(to_addr) = lower($1) AND kind = ANY($2) AND created_at > now() - interval '1 day'`,
		m.To, UnconfirmedMailKinds).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("count mails to the recipient: %w", err)
	}
	if n >= MaxUnconfirmedMailsPerDay {
		return false, nil
	}
	return true, enqueueMail(ctx, tx, m)
}

// writeNotices puts the mails of n about submission id in the outbox inside tx; the
// submitter's is limited per address (enqueueUnconfirmed), and the submission records whether
// it was withheld.
func writeNotices(ctx context.Context, tx pgx.Tx, id int64, n Notices) error {
	if n.Submitter != nil && n.Submitter.To != "" {
		sent, err := enqueueUnconfirmed(ctx, tx, *n.Submitter)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE submissions SET mail_withheld = $2 WHERE id = $1`, id, !sent); err != nil {
			return fmt.Errorf("record the submitter's mail: %w", err)
		}
	}
	if n.Editors == nil {
		return nil
	}
	rows, err := tx.Query(ctx, `
		SELECT email FROM users WHERE disabled_at IS NULL AND role IN ('editor', 'admin') ORDER BY id`)
	if err != nil {
		return fmt.Errorf("list editors: %w", err)
	}
	to, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("list editors: %w", err)
	}
	for _, addr := range to {
		m := *n.Editors
		m.To = addr
		if err := enqueueMail(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// loadSubmission reads the submission matching where (with $1 its argument) and its
// conversation.
func loadSubmission(ctx context.Context, q querier, where string, arg any) (catalog.Submission, error) {
	var sub catalog.Submission
	var content []byte
	var submitted, decided *time.Time
	err := q.QueryRow(ctx, `
		SELECT s.id, s.kind, s.status, COALESCE(s.sheet_id, 0), COALESCE(s.base_revision, 0), s.content,
		       s.submitter_name, s.submitter_org, s.submitter_email, s.version, s.reason, s.change_reason,
		       s.created_at, s.updated_at, s.submitted_at, s.decided_at,
		       EXISTS (SELECT 1 FROM submission_images i WHERE i.submission_id = s.id), s.mail_withheld
		FROM submissions s WHERE `+where, arg).Scan(
		&sub.ID, &sub.Kind, &sub.Status, &sub.SheetID, &sub.BaseRevision, &content,
		&sub.Submitter.Name, &sub.Submitter.Organisation, &sub.Submitter.Email, &sub.Version, &sub.Reason, &sub.ChangeReason,
		&sub.CreatedAt, &sub.UpdatedAt, &submitted, &decided, &sub.HasImage, &sub.MailWithheld)
	if err != nil {
		return sub, fmt.Errorf("load submission: %w", err)
	}
	if submitted != nil {
		sub.SubmittedAt = *submitted
	}
	if decided != nil {
		sub.DecidedAt = *decided
	}
	if err := json.Unmarshal(content, &sub.Content); err != nil {
		return sub, fmt.Errorf("decode content of submission %d: %w", sub.ID, err)
	}
	rows, err := q.Query(ctx, `
		SELECT author, body, created_at FROM submission_messages
		WHERE submission_id = $1 ORDER BY created_at, id`, sub.ID)
	if err != nil {
		return sub, fmt.Errorf("load messages: %w", err)
	}
	sub.Messages, err = pgx.CollectRows(rows, pgx.RowToStructByPos[catalog.Message])
	if err != nil {
		return sub, fmt.Errorf("load messages: %w", err)
	}
	return sub, nil
}
