-- veille schema 11: cases, the investigations analysts open from alerts, campaigns and narratives.
-- Their history is not here: every change is a row of audit_log (subject_kind 'case').

CREATE SEQUENCE case_seq;
CREATE TABLE cases (
    id            BIGINT NOT NULL PRIMARY KEY DEFAULT nextval('case_seq'),
    title         VARCHAR NOT NULL,
    status        VARCHAR NOT NULL,      -- new, investigating, escalated, closed
    assignee      VARCHAR,               -- a username, or NULL
    subject_kind  VARCHAR,               -- alert, campaign, narrative, or NULL for a blank case
    subject_id    VARCHAR,
    opened_by     VARCHAR NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX cases_subject ON cases (subject_kind, subject_id);

-- Notes are only ever added.
CREATE SEQUENCE case_note_seq;
CREATE TABLE case_notes (
    id          BIGINT NOT NULL PRIMARY KEY DEFAULT nextval('case_note_seq'),
    case_id     BIGINT NOT NULL,
    author      VARCHAR NOT NULL,
    body        VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- What a case points at: a post or an account (by platform and its platform id; account ids
-- leave the database only pseudonymised) or a link. Removing an item deletes its row; the audit
-- trail keeps that it was there.
CREATE SEQUENCE case_evidence_seq;
CREATE TABLE case_evidence (
    id          BIGINT NOT NULL PRIMARY KEY DEFAULT nextval('case_evidence_seq'),
    case_id     BIGINT NOT NULL,
    kind        VARCHAR NOT NULL,       -- post, account, link
    platform    VARCHAR,                -- NULL for links
    item        VARCHAR NOT NULL,       -- post id, account id or URL
    comment     VARCHAR,
    added_by    VARCHAR NOT NULL,
    added_at    TIMESTAMPTZ NOT NULL
);
