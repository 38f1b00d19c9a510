package catalog

import "time"

// SubmissionKind says whether a submission proposes a new sheet or a change to one.
type SubmissionKind string

// Submission kinds.
const (
	KindNew    SubmissionKind = "new"
	KindChange SubmissionKind = "change"
)

// SubmissionStatus is where a submission stands in moderation.
type SubmissionStatus string

// Submission statuses. A draft is saved but not yet sent to the editors; question means an
// editor asked the submitter something and waits for the answer.
const (
	SubmissionDraft     SubmissionStatus = "draft"
	SubmissionSubmitted SubmissionStatus = "submitted"
	SubmissionQuestion  SubmissionStatus = "question"
	SubmissionApproved  SubmissionStatus = "approved"
	SubmissionRejected  SubmissionStatus = "rejected"
)

// Open reports whether the submission still waits for the submitter or an editor.
func (s SubmissionStatus) Open() bool {
	return s == SubmissionDraft || s == SubmissionSubmitted || s == SubmissionQuestion
}

// Submitter is who sent a submission; staff submit without an account.
type Submitter struct {
	Name         string
	Organisation string
	Email        string
}

// Submission is a proposed sheet (new) or a proposed change to a published sheet, as typed.
type Submission struct {
	ID           int64
	Kind         SubmissionKind
	Status       SubmissionStatus
	SheetID      int64 // the sheet a change is about; 0 for a new sheet
	BaseRevision int   // the revision a change was made against
	Content      Sheet
	Submitter    Submitter
	HasImage     bool
	Version      int    // bumped on every write; editors act on a version (optimistic locking)
	Reason       string // why the editors rejected it
	ChangeReason string // a change request: why the submitter proposes it
	Messages     []Message
	// MailWithheld: the last confirmation or draft link for the submitter was not mailed,
	// because their address had its number of such mails of the day.
	MailWithheld bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
	SubmittedAt  time.Time
	DecidedAt    time.Time
}

// Message is one message of the conversation between editors and a submitter.
type Message struct {
	Author    string // "editor" or "submitter"
	Body      string
	CreatedAt time.Time
}

// Role of an account.
type Role string

// Roles. An admin can do everything an editor can, and manage accounts.
const (
	RoleEditor Role = "editor"
	RoleAdmin  Role = "admin"
)

// User is an editor or admin account.
type User struct {
	ID    int64
	Email string
	Name  string
	Role  Role
}

// Can reports whether a user with this role may do what role allows.
func (u User) Can(role Role) bool {
	return u.ID != 0 && (u.Role == RoleAdmin || u.Role == role)
}
