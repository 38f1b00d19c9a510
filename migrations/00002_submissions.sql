-- +goose Up

-- Editors and admins. Municipal staff submit without an account.
CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL,
    name          text NOT NULL DEFAULT '',
    role          text NOT NULL CHECK (role IN ('editor', 'admin')),
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    disabled_at   timestamptz
);
CREATE UNIQUE INDEX users_email_idx ON users (lower(email));

-- Sessions live in PostgreSQL so several app instances share them. Only a hash of the
-- cookie's token is stored.
CREATE TABLE sessions (
    token_hash bytea PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen  timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE invitations (
    token_hash  bytea PRIMARY KEY,
    email       text NOT NULL,
    role        text NOT NULL CHECK (role IN ('editor', 'admin')),
    invited_by  bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz
);

-- Failed logins, for throttling per client and per account across instances.
CREATE TABLE login_failures (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client text NOT NULL,
    email  text NOT NULL,
    at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_client_idx ON login_failures (client, at);
CREATE INDEX login_failures_email_idx ON login_failures (lower(email), at);

-- A submission is a new sheet or a change to a published one, as typed by its submitter.
-- It is stored before anything else happens to it; its private link carries a token of
-- which only the hash is kept.
CREATE TABLE submissions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('new', 'change')),
    status          text NOT NULL CHECK (status IN ('draft', 'submitted', 'question', 'approved', 'rejected')),
    token_hash      bytea NOT NULL UNIQUE,
    sheet_id        bigint REFERENCES sheets (id),
    base_revision   integer,
    content         jsonb NOT NULL,
    submitter_name  text NOT NULL DEFAULT '',
    submitter_org   text NOT NULL DEFAULT '',
    submitter_email text NOT NULL DEFAULT '',
    version         integer NOT NULL DEFAULT 1,
    reason          text NOT NULL DEFAULT '',
    decided_by      bigint REFERENCES users (id),
    decided_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    submitted_at    timestamptz,
    CHECK ((kind = 'change') = (sheet_id IS NOT NULL))
);
CREATE INDEX submissions_queue_idx ON submissions (submitted_at) WHERE status IN ('submitted', 'question');

CREATE TABLE submission_images (
    submission_id bigint PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
    file          text NOT NULL DEFAULT '',
    content_type  text NOT NULL,
    data          bytea NOT NULL,
    thumb         bytea NOT NULL,
    width         integer NOT NULL,
    height        integer NOT NULL
);

-- The conversation between editors and a submitter.
CREATE TABLE submission_messages (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id bigint NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    author        text NOT NULL CHECK (author IN ('editor', 'submitter')),
    user_id       bigint REFERENCES users (id),
    body          text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX submission_messages_idx ON submission_messages (submission_id, created_at);

-- Editable texts that editors start a rejection or a question from.
CREATE TABLE reason_templates (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('reject', 'question')),
    title      text NOT NULL,
    body       text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO reason_templates (kind, title, body) VALUES
    ('reject', 'Geen praktijk van een lokaal bestuur',
     'Bedankt voor je inzending. De Praktijkbank verzamelt praktijken van lokale besturen; deze inzending beschrijft geen werking van een gemeente of OCMW, daarom publiceren we ze niet.'),
    ('reject', 'Bestaat al',
     'Bedankt voor je inzending. Deze praktijk staat al in de databank. Je kan je gemeente toevoegen als variant via "Stel een wijziging voor" op de bestaande fiche.'),
    ('question', 'Meer uitleg nodig',
     'Bedankt voor je inzending. Kan je wat meer vertellen over hoe de praktijk concreet verloopt en wie ze uitvoert?'),
    ('question', 'Toestemming voor de foto',
     'Bedankt voor je inzending. Heb je toestemming van de mensen op de foto om ze te publiceren?');

-- Every editor and admin action.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    user_id     bigint REFERENCES users (id),
    action      text NOT NULL,
    object_type text NOT NULL,
    object_id   bigint,
    detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);

-- The transactional outbox: mails are written with the state change that causes them and
-- sent by a worker.
CREATE TABLE outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL,
    to_addr         text NOT NULL,
    subject         text NOT NULL,
    body            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    last_error      text NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL;

-- +goose Down
DROP TABLE outbox, audit_log, reason_templates, submission_messages, submission_images,
    submissions, login_failures, invitations, sessions, users;
