-- veille schema 10: alert rules, snooze, routing to targets with a delivery outbox, and the state
-- of continuous operation (detection cycles, watched files, polled feeds).

-- Every change to an alert (raised, updated, acknowledged, snoozed, closed) takes the next
-- revision, so that the live feed asks for "what changed since revision N".
CREATE SEQUENCE alert_revision_seq;
ALTER TABLE alerts ADD COLUMN snoozed_until TIMESTAMPTZ;   -- status snoozed until then
ALTER TABLE alerts ADD COLUMN revision BIGINT;
UPDATE alerts SET revision = nextval('alert_revision_seq');

-- What raises alerts, and how: one row per rule, defaults below; an admin edits them.
CREATE TABLE alert_rules (
    id          VARCHAR NOT NULL PRIMARY KEY,   -- burst, campaign, debunked-claim, foreign-ad, tipline-surge
    enabled     BOOLEAN NOT NULL,
    severity    VARCHAR NOT NULL,               -- low, medium, high (burst: the detector's own)
    params      JSON NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    updated_by  VARCHAR NOT NULL
);
INSERT INTO alert_rules VALUES
    ('burst', true, 'medium', '{}', now(), 'system'),
    ('campaign', true, 'high', '{"growth_percent": 25, "min_accounts": 3, "overlap": 0.5}', now(), 'system'),
    ('debunked-claim', true, 'high', '{"min_posts": 10, "window_hours": 24, "decisions": ["reply"]}', now(), 'system'),
    ('foreign-ad', true, 'high', '{"country": "FR", "currencies": ["EUR"]}', now(), 'system'),
    ('tipline-surge', true, 'medium', '{"factor": 3.0, "min_messages": 10, "baseline_hours": 24, "window_hours": 24}',
     now(), 'system');

-- The campaigns the campaign rule knows, one row per lineage (a campaign followed from run to run
-- by the overlap of its accounts), updated in the transaction that raises its alerts.
CREATE TABLE alert_campaigns (
    lineage      VARCHAR NOT NULL PRIMARY KEY,   -- the id of the campaign when first seen
    campaign_id  VARCHAR NOT NULL,               -- its id in the latest run evaluated
    run_id       VARCHAR NOT NULL,
    accounts     VARCHAR[] NOT NULL,             -- platform:account
    updated_at   TIMESTAMPTZ NOT NULL
);

-- Where alerts go. Secrets are never stored: an SMTP password is read from the environment
-- variable named in config.password_env when a message is sent.
CREATE TABLE alert_targets (
    id            VARCHAR NOT NULL PRIMARY KEY,
    name          VARCHAR NOT NULL UNIQUE,
    kind          VARCHAR NOT NULL,      -- webhook, slack, email
    config        JSON NOT NULL,         -- url; or host, port, sender, recipients, starttls, username, password_env
    min_severity  VARCHAR NOT NULL,
    rules         VARCHAR[] NOT NULL,    -- empty: every rule
    enabled       BOOLEAN NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- The outbox: one row per alert and target, retried with capped exponential backoff until
-- delivered or too old. `severity` is what was (or is to be) delivered: an updated alert is sent
-- again only when its severity rose.
CREATE TABLE alert_deliveries (
    alert_id      VARCHAR NOT NULL,
    target_id     VARCHAR NOT NULL,
    severity      VARCHAR NOT NULL,
    state         VARCHAR NOT NULL,      -- pending, delivered, failed
    attempts      INTEGER NOT NULL,
    next_attempt  TIMESTAMPTZ NOT NULL,
    last_error    VARCHAR,
    queued_at     TIMESTAMPTZ NOT NULL,
    delivered_at  TIMESTAMPTZ,
    PRIMARY KEY (alert_id, target_id)
);

-- Detection cycles of `veille serve`: a cycle without finished_at was interrupted and is run
-- again from its start (alerts are upserts, so nothing is raised twice).
CREATE TABLE detection_cycles (
    cycle_id     BIGINT NOT NULL PRIMARY KEY,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    stage        VARCHAR NOT NULL,      -- the stage reached
    window_start TIMESTAMPTZ,           -- the sliding window (data time)
    window_end   TIMESTAMPTZ,
    posts        BIGINT,                -- posts stored when the cycle started
    stages       JSON NOT NULL,         -- [{"stage", "seconds", "status", "error", "result"}]
    attempt      INTEGER NOT NULL       -- 1, or more when a restart ran it again
);

-- Files ingested from watched folders, so that a restart does not ingest them again.
CREATE TABLE watched_files (
    path        VARCHAR NOT NULL,
    size        BIGINT NOT NULL,
    mtime       DOUBLE NOT NULL,
    sha256      VARCHAR NOT NULL,
    ingested_at TIMESTAMPTZ NOT NULL,
    inserted    BIGINT NOT NULL,
    PRIMARY KEY (path, size, mtime)
);

-- RSS/Atom feeds polled with conditional GET.
CREATE TABLE polled_feeds (
    url            VARCHAR NOT NULL PRIMARY KEY,
    etag           VARCHAR,
    last_modified  VARCHAR,
    polled_at      TIMESTAMPTZ NOT NULL,
    status         INTEGER,
    inserted       BIGINT NOT NULL,
    error          VARCHAR
);
