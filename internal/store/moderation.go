package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Moderation: editors see the open submissions (submitted, or waiting for the submitter's
// answer to a question) in a queue, and approve, reject or question each one, or edit its
// content first. Every action names the version of the submission the editor saw; the store
// applies it with UPDATE … WHERE version = $v AND status IN ('submitted', 'question'), so of
// two editors acting on the same submission exactly one wins and the other gets ErrConflict.
// Each action writes its audit entry and its mail to the submitter in the same transaction.

// QueueState is where an open submission stands, as the queue shows it at a glance.
type QueueState string

// Queue states.
const (
	QueueNew      QueueState = "new"      // submitted, no question asked yet
	QueueAnswered QueueState = "answered" // the submitter answered since the editors' last message
	QueueWaiting  QueueState = "waiting"  // a question waits for the submitter
)

// QueueStates are the states in the order the queue offers them.
var QueueStates = []QueueState{QueueNew, QueueAnswered, QueueWaiting}

// QueueFilter narrows the moderation queue; the zero value is every open submission.
type QueueFilter struct {
	Kind  catalog.SubmissionKind // KindNew, KindChange, or "" for both
	State QueueState             // one state, or "" for all
	// PageSize, when above 0, lists that many items of page Page (from 1; a page past the
	// end is the last page); 0 lists them all.
	Page, PageSize int
}

// QueueItem is an open submission as the queue lists it.
type QueueItem struct {
	ID             int64
	Kind           catalog.SubmissionKind
	Status         catalog.SubmissionStatus
	Title          string
	Municipalities []string // named in its terms and local variants, in order, without duplicates
	Organisation   string
	SubmitterName  string
	SheetTitle     string // the current title of the sheet a change is about
	SubmittedAt    time.Time
	State          QueueState
	AnsweredAt     time.Time // the submitter's last message, zero when none
}

// Queue is the moderation queue, oldest first, with counts of every open submission whatever
// the filter.
type Queue struct {
	Items []QueueItem
	// Total is how many open submissions the filter selects, Page the page of them Items
	// is (1 without paging).
	Total, Page int
	New         int // open new sheets
	Changes     int // open change requests
	Questions   int // open submissions waiting for the submitter
	// Counts holds the number of open submissions by kind and state, whatever the filter,
	// so that each filter can say how many it shows.
	Counts map[catalog.SubmissionKind]map[QueueState]int
}

// Count returns how many open submissions are of kind and in state ("" for any).
func (q Queue) Count(kind catalog.SubmissionKind, state QueueState) int {
	n := 0
	for k, byState := range q.Counts {
		if kind != "" && k != kind {
			continue
		}
		for st, c := range byState {
			if state == "" || st == state {
				n += c
			}
		}
	}
	return n
}

// queueState computes a QueueState in SQL for the submission s.
const queueState = `CASE WHEN s.status = 'question' THEN 'waiting'
		WHEN (SELECT m.author FROM submission_messages m WHERE m.submission_id = s.id
		      ORDER BY m.created_at DESC, m.id DESC LIMIT 1) = 'submitter' THEN 'answered'
		ELSE 'new' END`

// Queue returns the open submissions (submitted and question) matching f, oldest first, with
// the counts of every open submission.
func (s *Store) Queue(ctx context.Context, f QueueFilter) (Queue, error) {
	q := Queue{Counts: map[catalog.SubmissionKind]map[QueueState]int{}}
	rows, err := s.pool.Query(ctx, `
		SELECT s.kind, `+queueState+`, count(*)
		FROM submissions s WHERE s.status IN ('submitted', 'question') GROUP BY 1, 2`)
	if err != nil {
		return q, fmt.Errorf("store: queue counts: %w", err)
	}
	var kind catalog.SubmissionKind
	var state QueueState
	var n int
	_, err = pgx.ForEachRow(rows, []any{&kind, &state, &n}, func() error {
		if q.Counts[kind] == nil {
			q.Counts[kind] = map[QueueState]int{}
		}
		q.Counts[kind][state] = n
		return nil
	})
	if err != nil {
		return q, fmt.Errorf("store: queue counts: %w", err)
	}
	q.New, q.Changes, q.Questions = q.Count(catalog.KindNew, ""), q.Count(catalog.KindChange, ""), q.Count("", QueueWaiting)
	q.Total, q.Page = q.Count(f.Kind, f.State), 1
	var limit *int
	offset := 0
	if f.PageSize > 0 {
		last := max(1, (q.Total+f.PageSize-1)/f.PageSize)
		q.Page = min(max(f.Page, 1), last)
		limit, offset = &f.PageSize, (q.Page-1)*f.PageSize
	}
	rows, err = s.pool.Query(ctx, `
		SELECT * FROM (
			SELECT s.id, s.kind, s.status, s.content, s.submitter_org, s.submitter_name,
			       COALESCE(sh.title, ''), COALESCE(s.submitted_at, s.created_at), `+queueState+` AS state,
			       (SELECT max(m.created_at) FROM submission_messages m WHERE m.submission_id = s.id AND m.author = 'submitter')
			FROM submissions s LEFT JOIN sheets sh ON sh.id = s.sheet_id
			WHERE s.status IN ('submitted', 'question') AND ($1 = '' OR s.kind = $1)
		) q WHERE $2 = '' OR state = $2
		ORDER BY 8, 1 LIMIT $3 OFFSET $4`, string(f.Kind), string(f.State), limit, offset)
	if err != nil {
		return q, fmt.Errorf("store: queue: %w", err)
	}
	q.Items, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (QueueItem, error) {
		var it QueueItem
		var content catalog.Sheet
		var answered *time.Time
		err := r.Scan(&it.ID, &it.Kind, &it.Status, &content, &it.Organisation, &it.SubmitterName,
			&it.SheetTitle, &it.SubmittedAt, &it.State, &answered)
		it.Title = strings.TrimSpace(content.Title)
		it.Municipalities = MunicipalitiesOf(content)
		if answered != nil {
			it.AnsweredAt = *answered
		}
		return it, err
	})
	if err != nil {
		return q, fmt.Errorf("store: queue: %w", err)
	}
	return q, nil
}

// MunicipalitiesOf returns the municipalities a sheet names, in its municipality terms and
// in the places of its local variants, in order and without duplicates (compared folded).
func MunicipalitiesOf(sh catalog.Sheet) []string {
	var out []string
	seen := map[string]bool{}
	add := func(name string) {
		name = strings.TrimSpace(name)
		if k := catalog.Fold(name); name != "" && !seen[k] {
			seen[k] = true
			out = append(out, name)
		}
	}
	for _, t := range sh.Terms[catalog.FacetMunicipality] {
		add(t)
	}
	for _, v := range sh.Variants {
		for _, p := range v.Places {
			add(p.Name)
		}
	}
	return out
}

// Review is everything an editor needs to judge a submission.
type Review struct {
	Submission catalog.Submission // with its conversation
	// Sheet is the live sheet a change request is about; nil for a new sheet.
	Sheet *catalog.Sheet
	// Base is the sheet as it was at the revision the change was typed against
	// (Submission.BaseRevision); nil for a new sheet or when that revision is missing.
	Base *catalog.Sheet
	// NewTerms are the labels of the submission, per facet, that are not accepted terms of
	// the vocabulary yet: approving it adds them. Municipalities are not listed: they come
	// from the reference list only.
	NewTerms map[catalog.Facet][]string
	// DecidedBy is the name (or address) of the editor who approved or rejected it.
	DecidedBy string
	// SheetSlug is the slug of the sheet the submission led to or is about, "" when none.
	SheetSlug string
}

// ReviewSubmission returns submission id with what an editor needs to judge it. Drafts are not
// shown to editors: ErrNotFound, as for a submission that does not exist. The web layer must
// check the caller's role.
func (s *Store) ReviewSubmission(ctx context.Context, id int64) (Review, error) {
	var rv Review
	err := s.transact(ctx, func(tx pgx.Tx) error {
		sub, err := loadSubmission(ctx, tx, `s.id = $1 AND s.status <> 'draft'`, id)
		if err != nil {
			return err
		}
		rv.Submission = sub
		err = tx.QueryRow(ctx, `
			SELECT COALESCE(NULLIF(u.name, ''), u.email, '') FROM submissions s
			LEFT JOIN users u ON u.id = s.decided_by WHERE s.id = $1`, id).Scan(&rv.DecidedBy)
		if err != nil {
			return fmt.Errorf("decided by: %w", err)
		}
		if sub.Kind == catalog.KindChange {
			sh, err := loadSheet(ctx, tx, sub.SheetID)
			if err != nil {
				return err
			}
			rv.Sheet, rv.SheetSlug = &sh, sh.Slug
			base, _, err := revisionSnapshot(ctx, tx, sub.SheetID, sub.BaseRevision)
			switch {
			case err == nil:
				rv.Base = &base
			case !errors.Is(err, pgx.ErrNoRows):
				return err
			}
		} else {
			err := tx.QueryRow(ctx, `SELECT slug FROM sheets WHERE source = $1`, SubmissionSource(id)).Scan(&rv.SheetSlug)
			if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("sheet of submission: %w", err)
			}
		}
		rv.NewTerms, err = unknownTerms(ctx, tx, sub.Content)
		return err
	})
	if err != nil {
		return rv, fmt.Errorf("store: review submission %d: %w", id, mapErr(err))
	}
	return rv, nil
}

// unknownTerms returns the labels of sh, per curated facet, that no accepted term has.
func unknownTerms(ctx context.Context, tx pgx.Tx, sh catalog.Sheet) (map[catalog.Facet][]string, error) {
	out := map[catalog.Facet][]string{}
	for _, f := range catalog.Facets {
		if f == catalog.FacetMunicipality {
			continue
		}
		for _, label := range sh.Terms[f] {
			label = strings.TrimSpace(label)
			if label == "" {
				continue
			}
			var known bool
			err := tx.QueryRow(ctx, `
				SELECT EXISTS (SELECT 1 FROM terms WHERE facet = $1 AND NOT proposed
				               AND (norm(label) = norm($2) OR slug = $3))`,
				f, label, catalog.Slugify(label)).Scan(&known)
			if err != nil {
				return nil, fmt.Errorf("find term %s %q: %w", f, label, err)
			}
			if !known {
				out[f] = append(out[f], label)
			}
		}
	}
	return out, nil
}

// Decision names the submission an editor acts on, the version of it the editor saw, and the
// editor.
type Decision struct {
	SubmissionID int64
	Version      int
	EditorID     int64
}

// Outcome is what a decision did.
type Outcome struct {
	// Submission is the submission the editor acted on, with its content and submitter.
	Submission catalog.Submission
	// Version is the submission's version after the action.
	Version int
	// SheetID, SheetSlug and Revision name the sheet an approval published and its revision.
	SheetID   int64
	SheetSlug string
	Revision  int
}

// MailFunc writes the mail to the submitter about an outcome. It runs inside the transaction;
// a Mail with an empty To (a submitter without an address) sends none.
type MailFunc func(Outcome) Mail

// ApproveSubmission publishes submission d: a new sheet becomes a published sheet with its
// first revision (Source SubmissionSource(id)), a change request becomes the next revision of
// its sheet, even when the sheet changed since the revision the change was typed against (the
// review page warns the editor). The submission's new terms are accepted into the vocabulary,
// its photo goes with the sheet, the submission is marked approved by the editor, and the
// audit entry and the mail that mail writes are stored in the same transaction. ErrConflict
// when the submission is no longer open at d.Version (another editor acted first),
// ErrNotFound when there is no such submission.
func (s *Store) ApproveSubmission(ctx context.Context, d Decision, mail MailFunc) (Outcome, error) {
	var out Outcome
	err := s.transact(ctx, func(tx pgx.Tx) error {
		sub, version, err := claimSubmission(ctx, tx, d, catalog.SubmissionApproved)
		if err != nil {
			return err
		}
		out.Submission, out.Version = sub, version
		if err := acceptTerms(ctx, tx, sub.Content); err != nil {
			return err
		}
		photo, err := submissionPhotoFile(ctx, tx, sub.ID)
		if err != nil {
			return err
		}
		author := editorAuthor(d.EditorID)
		sh := sub.Content
		sh.ID, sh.Revision, sh.CreatedAt, sh.UpdatedAt, sh.PublishedAt, sh.EditedAt = 0, 0, time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if sub.Kind == catalog.KindNew {
			sh.Source, sh.Status = SubmissionSource(sub.ID), catalog.StatusPublished
			sh.NeedsReview, sh.ReviewNotes = false, nil
			if sh.Image == nil && photo != nil {
				sh.Image = &catalog.Image{File: *photo}
			}
			res, err := createSheet(ctx, tx, sh, author, "Eerste publicatie")
			if err != nil {
				return err
			}
			out.SheetID, out.SheetSlug, out.Revision = res.ID, res.Slug, res.Revision
		} else {
			current, err := lockSheet(ctx, tx, sub.SheetID)
			if err != nil {
				return err
			}
			sh.NeedsReview, sh.ReviewNotes = current.NeedsReview, current.ReviewNotes
			if sh.Image == nil && photo == nil {
				sh.Image = current.Image // a change request without a photo keeps the sheet's
			} else if sh.Image == nil {
				sh.Image = &catalog.Image{File: *photo}
			}
			note := "Wijziging voorgesteld via het formulier"
			if sub.ChangeReason != "" {
				note = "Wijziging voorgesteld: " + sub.ChangeReason
			}
			rev, err := updateSheet(ctx, tx, sub.SheetID, sh, author, note)
			if err != nil {
				return err
			}
			out.SheetID, out.SheetSlug, out.Revision = sub.SheetID, current.Slug, rev
		}
		if photo != nil {
			if err := copySubmissionPhoto(ctx, tx, sub.ID, out.SheetID); err != nil {
				return err
			}
		}
		err = audit(ctx, tx, d.EditorID, "approve", "submission", sub.ID, map[string]any{
			"kind": sub.Kind, "sheet_id": out.SheetID, "revision": out.Revision, "version": d.Version})
		if err != nil {
			return err
		}
		return sendMail(ctx, tx, mail, out)
	})
	if err != nil {
		return out, fmt.Errorf("store: approve submission %d: %w", d.SubmissionID, mapErr(err))
	}
	return out, nil
}

// RejectSubmission rejects submission d with reason, which is stored with it and passed to
// the mail. Errors as ApproveSubmission; an empty reason is refused.
func (s *Store) RejectSubmission(ctx context.Context, d Decision, reason string, mail MailFunc) (Outcome, error) {
	var out Outcome
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return out, fmt.Errorf("store: reject submission %d: empty reason", d.SubmissionID)
	}
	err := s.transact(ctx, func(tx pgx.Tx) error {
		sub, version, err := claimSubmission(ctx, tx, d, catalog.SubmissionRejected)
		if err != nil {
			return err
		}
		out.Submission, out.Version = sub, version
		if _, err := tx.Exec(ctx, `UPDATE submissions SET reason = $2 WHERE id = $1`, sub.ID, reason); err != nil {
			return fmt.Errorf("store reason: %w", err)
		}
		out.Submission.Reason = reason
		err = audit(ctx, tx, d.EditorID, "reject", "submission", sub.ID, map[string]any{
			"kind": sub.Kind, "reason": reason, "version": d.Version})
		if err != nil {
			return err
		}
		return sendMail(ctx, tx, mail, out)
	})
	if err != nil {
		return out, fmt.Errorf("store: reject submission %d: %w", d.SubmissionID, mapErr(err))
	}
	return out, nil
}

// AskSubmitter puts an editor's question to the submitter of submission d: the question is
// added to the conversation, the status becomes question, and the submission gets one more
// private link (tokenHash is its hash) for the question mail to carry, since only hashes of
// links are kept; every earlier link keeps working. A submission without a submitter address
// gets none (no mail can carry it). Errors as ApproveSubmission; an empty question or token
// hash is refused.
func (s *Store) AskSubmitter(ctx context.Context, d Decision, question string, tokenHash []byte, mail MailFunc) (Outcome, error) {
	var out Outcome
	question = strings.TrimSpace(question)
	if question == "" || len(tokenHash) == 0 {
		return out, fmt.Errorf("store: question on submission %d: empty question or token", d.SubmissionID)
	}
	err := s.transact(ctx, func(tx pgx.Tx) error {
		sub, version, err := claimSubmission(ctx, tx, d, catalog.SubmissionQuestion)
		if err != nil {
			return err
		}
		out.Submission, out.Version = sub, version
		// The mail carries a link of its own; the links the submitter had keep working.
		if sub.Submitter.Email != "" {
			_, err := tx.Exec(ctx, `INSERT INTO submission_links (token_hash, submission_id) VALUES ($1, $2)`, tokenHash, sub.ID)
			if err != nil {
				return fmt.Errorf("new link: %w", err)
			}
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO submission_messages (submission_id, author, user_id, body)
			VALUES ($1, 'editor', NULLIF($2::bigint, 0), $3)`,
			sub.ID, d.EditorID, question)
		if err != nil {
			return fmt.Errorf("insert question: %w", err)
		}
		err = audit(ctx, tx, d.EditorID, "question", "submission", sub.ID, map[string]any{
			"kind": sub.Kind, "question": question, "version": d.Version})
		if err != nil {
			return err
		}
		return sendMail(ctx, tx, mail, out)
	})
	if err != nil {
		return out, fmt.Errorf("store: question on submission %d: %w", d.SubmissionID, mapErr(err))
	}
	return out, nil
}

// EditSubmission replaces the content and submitter of open submission d with an editor's
// corrections before a decision; the status and the photo stay, the version is bumped and
// returned, and the edit is audited. Errors as ApproveSubmission.
func (s *Store) EditSubmission(ctx context.Context, d Decision, content catalog.Sheet, submitter catalog.Submitter) (int, error) {
	var version int
	err := s.transact(ctx, func(tx pgx.Tx) error {
		sub, v, err := claimSubmission(ctx, tx, d, "")
		if err != nil {
			return err
		}
		version = v
		js, err := contentJSON(content)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			UPDATE submissions SET content = $2, submitter_name = $3, submitter_org = $4, submitter_email = $5
			WHERE id = $1`, sub.ID, js, submitter.Name, submitter.Organisation, submitter.Email)
		if err != nil {
			return fmt.Errorf("write content: %w", err)
		}
		return audit(ctx, tx, d.EditorID, "edit", "submission", sub.ID, map[string]any{
			"kind": sub.Kind, "version": d.Version})
	})
	if err != nil {
		return 0, fmt.Errorf("store: edit submission %d: %w", d.SubmissionID, mapErr(err))
	}
	return version, nil
}

// claimSubmission moves submission d to status to ("" keeps the status) and bumps its version,
// provided it is still open (submitted or question) at d.Version, and returns it as it was
// with its new version. A decision (approved, rejected) records the editor and the time.
// ErrConflict when it is no longer open at that version, ErrNotFound when it does not exist.
func claimSubmission(ctx context.Context, tx pgx.Tx, d Decision, to catalog.SubmissionStatus) (catalog.Submission, int, error) {
	var version int
	err := tx.QueryRow(ctx, `
		UPDATE submissions SET status = COALESCE(NULLIF($3, ''), status), version = version + 1, updated_at = now(),
		       decided_by = CASE WHEN $3 IN ('approved', 'rejected') THEN NULLIF($4::bigint, 0) ELSE decided_by END,
		       decided_at = CASE WHEN $3 IN ('approved', 'rejected') THEN now() ELSE decided_at END
		WHERE id = $1 AND version = $2 AND status IN ('submitted', 'question')
		RETURNING version`, d.SubmissionID, d.Version, string(to), d.EditorID).Scan(&version)
	if errors.Is(err, pgx.ErrNoRows) {
		var status catalog.SubmissionStatus
		var current int
		err := tx.QueryRow(ctx, `SELECT status, version FROM submissions WHERE id = $1`, d.SubmissionID).Scan(&status, &current)
		if err != nil || status == catalog.SubmissionDraft {
			return catalog.Submission{}, 0, catalog.ErrNotFound
		}
		return catalog.Submission{}, 0, fmt.Errorf("%w: submission %d is %s at version %d, not open at %d",
			catalog.ErrConflict, d.SubmissionID, status, current, d.Version)
	}
	if err != nil {
		return catalog.Submission{}, 0, fmt.Errorf("claim: %w", err)
	}
	// The row is locked and updated; read it as the editor saw it.
	sub, err := loadSubmission(ctx, tx, `s.id = $1`, d.SubmissionID)
	if err != nil {
		return sub, 0, err
	}
	sub.Version = d.Version
	return sub, version, nil
}

// acceptTerms makes the proposed terms whose labels sh uses accepted terms of the vocabulary.
func acceptTerms(ctx context.Context, tx pgx.Tx, sh catalog.Sheet) error {
	for _, f := range catalog.Facets {
		if f == catalog.FacetMunicipality {
			continue
		}
		for _, label := range sh.Terms[f] {
			label = strings.TrimSpace(label)
			if label == "" {
				continue
			}
			_, err := tx.Exec(ctx, `
				UPDATE terms SET proposed = false
				WHERE facet = $1 AND proposed AND merged_into IS NULL AND (norm(label) = norm($2) OR slug = $3)`,
				f, label, catalog.Slugify(label))
			if err != nil {
				return fmt.Errorf("accept term %s %q: %w", f, label, err)
			}
		}
	}
	return nil
}

// submissionPhotoFile returns the file name of the submission's photo, nil when it has none.
func submissionPhotoFile(ctx context.Context, tx pgx.Tx, id int64) (*string, error) {
	var file string
	err := tx.QueryRow(ctx, `SELECT file FROM submission_images WHERE submission_id = $1`, id).Scan(&file)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("submission photo: %w", err)
	}
	if file == "" {
		file = "inzending-" + strconv.FormatInt(id, 10)
	}
	return &file, nil
}

// copySubmissionPhoto gives sheet sheetID the picture of submission id. The sheet's image row
// (alt text, credit, consent) was written with its content.
func copySubmissionPhoto(ctx context.Context, tx pgx.Tx, id, sheetID int64) error {
	_, err := tx.Exec(ctx, `
		UPDATE sheet_images i SET content_type = p.content_type, data = p.data, thumb = p.thumb
		FROM submission_images p WHERE i.sheet_id = $2 AND p.submission_id = $1`, id, sheetID)
	if err != nil {
		return fmt.Errorf("copy photo: %w", err)
	}
	return nil
}

// lockSheet reads sheet id and locks it for the transaction.
func lockSheet(ctx context.Context, tx pgx.Tx, id int64) (catalog.Sheet, error) {
	if _, err := tx.Exec(ctx, `SELECT 1 FROM sheets WHERE id = $1 FOR UPDATE`, id); err != nil {
		return catalog.Sheet{}, fmt.Errorf("lock sheet %d: %w", id, err)
	}
	return loadSheet(ctx, tx, id)
}

func sendMail(ctx context.Context, tx pgx.Tx, mail MailFunc, out Outcome) error {
	if mail == nil {
		return nil
	}
	m := mail(out)
	if m.To == "" {
		return nil
	}
	return enqueueMail(ctx, tx, m)
}

// editorAuthor is the author recorded with a revision an editor made; it is never shown to
// the public.
func editorAuthor(userID int64) string { return editorPrefix + strconv.FormatInt(userID, 10) }

// editorPrefix starts the author of every revision an editor made (see migration 00017).
const editorPrefix = "user:"

// isEditorAuthor reports whether author, as recorded with a revision, is an editor's.
func isEditorAuthor(author string) bool { return strings.HasPrefix(author, editorPrefix) }

// ReasonKind says what a reason template is for.
type ReasonKind string

// Reason template kinds.
const (
	ReasonReject   ReasonKind = "reject"
	ReasonQuestion ReasonKind = "question"
)

// ReasonTemplate is an editable standard text that editors start a rejection or a question
// from.
type ReasonTemplate struct {
	ID        int64
	Kind      ReasonKind
	Title     string
	Body      string
	UpdatedAt time.Time
}

// ReasonTemplates returns the templates of kind ("" for all), by kind and title.
func (s *Store) ReasonTemplates(ctx context.Context, kind ReasonKind) ([]ReasonTemplate, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT id, kind, title, body, updated_at FROM reason_templates
		WHERE $1 = '' OR kind = $1 ORDER BY kind, norm(title), id`, string(kind))
	if err != nil {
		return nil, fmt.Errorf("store: reason templates: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[ReasonTemplate])
	if err != nil {
		return nil, fmt.Errorf("store: reason templates: %w", err)
	}
	return list, nil
}

// ReasonTemplateByID returns one template, or ErrNotFound.
func (s *Store) ReasonTemplateByID(ctx context.Context, id int64) (ReasonTemplate, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, kind, title, body, updated_at FROM reason_templates WHERE id = $1`, id)
	if err != nil {
		return ReasonTemplate{}, fmt.Errorf("store: reason template %d: %w", id, err)
	}
	t, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[ReasonTemplate])
	if err != nil {
		return t, fmt.Errorf("store: reason template %d: %w", id, mapErr(err))
	}
	return t, nil
}

// SaveReasonTemplate creates t (ID 0) or updates it on behalf of editorID, and returns its
// id. ErrNotFound when t.ID names no template.
func (s *Store) SaveReasonTemplate(ctx context.Context, editorID int64, t ReasonTemplate) (int64, error) {
	if t.Kind != ReasonReject && t.Kind != ReasonQuestion {
		return 0, fmt.Errorf("store: save reason template: unknown kind %q", t.Kind)
	}
	id := t.ID
	err := s.transact(ctx, func(tx pgx.Tx) error {
		action := "update"
		var err error
		if id == 0 {
			action = "create"
			err = tx.QueryRow(ctx, `INSERT INTO reason_templates (kind, title, body) VALUES ($1, $2, $3) RETURNING id`,
				t.Kind, t.Title, t.Body).Scan(&id)
		} else {
			err = tx.QueryRow(ctx, `
				UPDATE reason_templates SET kind = $2, title = $3, body = $4, updated_at = now()
				WHERE id = $1 RETURNING id`, id, t.Kind, t.Title, t.Body).Scan(&id)
		}
		if err != nil {
			return err
		}
		return audit(ctx, tx, editorID, action, "reason_template", id, map[string]any{"kind": t.Kind, "title": t.Title})
	})
	if err != nil {
		return 0, fmt.Errorf("store: save reason template: %w", mapErr(err))
	}
	return id, nil
}

// DeleteReasonTemplate deletes template id on behalf of editorID; ErrNotFound when there is
// none.
func (s *Store) DeleteReasonTemplate(ctx context.Context, editorID, id int64) error {
	err := s.transact(ctx, func(tx pgx.Tx) error {
		var title string
		if err := tx.QueryRow(ctx, `DELETE FROM reason_templates WHERE id = $1 RETURNING title`, id).Scan(&title); err != nil {
			return err
		}
		return audit(ctx, tx, editorID, "delete", "reason_template", id, map[string]any{"title": title})
	})
	if err != nil {
		return fmt.Errorf("store: delete reason template %d: %w", id, mapErr(err))
	}
	return nil
}
