package templates

import (
	"time"
)

// AccountError is an error of an account or admin form. Field is the id of the input it
// belongs to, or "" for an error of the whole form.
type AccountError struct {
	Field   string
	Message string
}

// AccountErrors lists a form's errors in the order of its fields.
type AccountErrors []AccountError

// Add appends an error for field.
func (e *AccountErrors) Add(field, message string) {
	*e = append(*e, AccountError{Field: field, Message: message})
}

// For returns the message for field, or "".
func (e AccountErrors) For(field string) string {
	for _, x := range e {
		if x.Field == field {
			return x.Message
		}
	}
	return ""
}

// Ids of the account forms' inputs (also their names).
const (
	AccountFieldEmail    = "email"
	AccountFieldPassword = "wachtwoord"
	AccountFieldName     = "naam"
	AccountFieldConfirm  = "wachtwoord-herhaald"
	AccountFieldRole     = "rol"
	AccountFieldReturn   = "terug"
)

// LoginProps feeds /aanmelden: the sign-in form, or for a signed-in user their account and
// the sign-out buttons.
type LoginProps struct {
	Page
	Email    string // as typed; never the password
	Return   string // local path to continue to after signing in
	Errors   AccountErrors
	Notice   string // a confirmation, e.g. after signing out everywhere
	SignedIn *SignedInView
}

// SignedInView is the signed-in user as /aanmelden shows them.
type SignedInView struct {
	Name  string
	Email string
	Role  string // Dutch label
}

// InvitationProps feeds the form on which an invitee chooses a name and password.
type InvitationProps struct {
	Page
	Action    string // URL the form posts to
	Email     string
	Role      string // Dutch label
	InvitedBy string
	ExpiresAt time.Time
	Name      string
	Errors    AccountErrors
}

// PasswordForgotProps feeds /wachtwoord-vergeten.
type PasswordForgotProps struct {
	Page
	Email  string // as typed
	Errors AccountErrors
	Sent   bool // the request went through: show the message, not the form
}

// PasswordResetProps feeds the form behind a password reset link.
type PasswordResetProps struct {
	Page
	Action    string // URL the form posts to
	Email     string // the account's address
	ExpiresAt time.Time
	Errors    AccountErrors
}

// AccountMessageProps feeds a page with one message, e.g. an expired invitation.
type AccountMessageProps struct {
	Page
	Heading   string
	Message   string
	LinkURL   string
	LinkLabel string
}

// AdminUsersProps feeds /beheer/gebruikers: the accounts, open invitations and the invite form.
type AdminUsersProps struct {
	Page
	Users       []AdminUserRow
	Invitations []AdminInvitationRow
	InviteEmail string
	Roles       []Option
	Errors      AccountErrors
	Notice      string
}

// AdminUserRow is one account in the list.
type AdminUserRow struct {
	Anchor    string // element id, the audit log links to it
	Name      string
	Email     string
	Role      string // Dutch label
	Created   time.Time
	LastSeen  time.Time // zero: never
	Removed   time.Time // zero: active
	Self      bool
	RemoveURL string // "" when the account cannot be removed here
	AuditURL  string
}

// AdminInvitationRow is an open invitation.
type AdminInvitationRow struct {
	Email     string
	Role      string
	InvitedBy string
	Created   time.Time
	Expires   time.Time
}

// AdminAuditProps feeds /beheer/audit.
type AdminAuditProps struct {
	Page
	Entries    []AdminAuditRow
	Total      int
	FilterName string // whose actions are shown, "" for everyone's
	ClearURL   string
	Pages      []PageLink
	Prev, Next string
}

// AdminAuditRow is one audit log entry.
type AdminAuditRow struct {
	At        time.Time
	Who       string
	WhoURL    string // this user's entries; "" for the system
	What      string
	Object    string
	ObjectURL string // "" when the object has no page
	Detail    string
}

// AdminMailsProps feeds /beheer/mail.
type AdminMailsProps struct {
	Page
	Mails      []AdminMailRow
	Total      int
	Filters    []AdminFilterLink
	Pages      []PageLink
	Prev, Next string
}

// AdminFilterLink is one choice of a list filter.
type AdminFilterLink struct {
	Label   string
	URL     string
	Current bool
}

// AdminMailRow is one mail of the outbox.
type AdminMailRow struct {
	URL         string
	To          string
	Subject     string
	Kind        string // Dutch label
	Created     time.Time
	Status      string // Dutch label
	StatusClass string // sent, failed, pending
	Attempts    int
	LastError   string
}

// AdminMailProps feeds the page of one outgoing mail.
type AdminMailProps struct {
	Page
	Mail        AdminMailRow
	Body        string
	SentAt      time.Time
	NextAttempt time.Time // zero when no attempt is planned
	RetryURL    string    // "" when the mail cannot be sent again
}

// AdminDateTime formats t as "25 november 2026 om 14:03", Belgian time; "" for zero.
func AdminDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Brussels)
	return DutchDate(t) + " om " + t.Format("15:04")
}

// isoTime is t for a datetime attribute.
func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// accountInput describes one labelled input of an account form.
type accountInput struct {
	ID           string
	Label        string
	Type         string
	Value        string
	Autocomplete string
	Hint         string
	Error        string
	ReadOnly     bool
}

// describedBy is the aria-describedby of the input: its hint and error.
func (f accountInput) describedBy() string {
	var ids string
	if f.Hint != "" {
		ids = f.ID + "-hint"
	}
	if f.Error != "" {
		if ids != "" {
			ids += " "
		}
		ids += f.ID + "-fout"
	}
	return ids
}
