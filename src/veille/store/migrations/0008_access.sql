-- veille schema 8: people who use the operations center, their sessions and API tokens, and an
-- append-only audit trail of what they changed.

CREATE TABLE users (
    username       VARCHAR NOT NULL PRIMARY KEY,
    role           VARCHAR NOT NULL,       -- admin, analyst, fact-checker, viewer
    password_hash  VARCHAR NOT NULL,       -- argon2id, in its own encoded form
    disabled       BOOLEAN NOT NULL DEFAULT false,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);

-- A session is known by the SHA-256 of its cookie value, so a copy of the database does not
-- hand out live sessions; `csrf` is the synchroniser token its forms must carry.
CREATE TABLE sessions (
    token_hash  VARCHAR NOT NULL PRIMARY KEY,
    username    VARCHAR NOT NULL,
    csrf        VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);

-- API tokens for scripts: shown once, stored as SHA-256; act with their owner's role.
CREATE TABLE api_tokens (
    id          VARCHAR NOT NULL PRIMARY KEY,   -- short public id, the token's prefix
    token_hash  VARCHAR NOT NULL UNIQUE,
    username    VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    last_used   TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);

-- Who changed what, when: one row per change, never updated or deleted.
CREATE SEQUENCE audit_seq;
CREATE TABLE audit_log (
    seq           BIGINT NOT NULL PRIMARY KEY DEFAULT nextval('audit_seq'),
    occurred_at   TIMESTAMPTZ NOT NULL,
    actor         VARCHAR NOT NULL,       -- a username, or 'system'
    action        VARCHAR NOT NULL,       -- e.g. user.add, case.note, alert.snooze
    subject_kind  VARCHAR NOT NULL,       -- user, token, case, alert, rule, target, ...
    subject_id    VARCHAR NOT NULL,
    details       JSON NOT NULL
);
CREATE INDEX audit_subject ON audit_log (subject_kind, subject_id);
