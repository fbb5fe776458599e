-- veille schema 9: the live tipline (see veille.tipline): the durable intake queue of webhook
-- deliveries, the questions they make, the fact-checkers' groups, the senders' choices and the
-- outbox of replies.
--
-- Who writes what. DuckDB runs transactions of separate cursors concurrently, but (DuckDB 2.0)
-- an UPDATE of a row of a table with a PRIMARY KEY, made by a transaction that began before
-- another committed its own UPDATE of that row, silently writes over it (no conflict is
-- raised). So no row here is updated by two writers that can run at once: the intake writer
-- only INSERTs into tipline_inbox and tipline_messages; the conversation service writes
-- tipline_handled, tipline_senders, new questions and groups, feedback on answered questions
-- and the addresses of the messages it handles; a fact-checker's answer updates the waiting
-- questions of its group, the group, and those questions' addresses; the outbox service alone
-- updates tipline_outbox rows.

-- Every webhook delivery, committed before the webhook answers 200: the queue the conversation
-- service works from. `address` is the sealed (AES-GCM, see veille.tipline.sealing) platform
-- address needed to answer; it is set to NULL once nothing more will be sent for the message.
-- (Tipline messages ingested from files are in tipline_messages only: the conversation queues
-- them for fact-checkers too, but has no address to answer them.)
CREATE TABLE tipline_inbox (
    channel      VARCHAR NOT NULL,
    message_id   VARCHAR NOT NULL,       -- tipline_messages.id (pseudonymised)
    sender_hash  VARCHAR NOT NULL,
    address      BLOB,
    forwarded    BOOLEAN NOT NULL,
    stored_at    TIMESTAMPTZ NOT NULL,   -- when it was committed: bundling reads this clock
    PRIMARY KEY (channel, message_id)
);

-- What the conversation did with each inbox message (a row here takes it off the queue).
CREATE TABLE tipline_handled (
    channel      VARCHAR NOT NULL,
    message_id   VARCHAR NOT NULL,
    question_id  VARCHAR,                -- the question it was bundled into, if any
    outcome      VARCHAR NOT NULL,       -- question, feedback, opt_out, opt_in, opted_out, rate_limited, empty
    handled_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (channel, message_id)
);

-- Fact-checkers' groups: unanswered questions about one claim.
CREATE TABLE tipline_groups (
    id            VARCHAR NOT NULL PRIMARY KEY,
    created_at    TIMESTAMPTZ NOT NULL,
    status        VARCHAR NOT NULL,      -- open, answered
    factcheck_id  VARCHAR,               -- the fact-check it was answered with (NULL: a note alone)
    note          VARCHAR,               -- the fact-checker's own words, sent with the answer
    answered_by   VARCHAR,
    answered_at   TIMESTAMPTZ
);

-- One question: the messages a sender sent within the bundling window.
CREATE TABLE tipline_questions (
    id            VARCHAR NOT NULL PRIMARY KEY,
    channel       VARCHAR NOT NULL,
    sender_hash   VARCHAR NOT NULL,
    text          VARCHAR NOT NULL,
    media_hashes  VARCHAR[] NOT NULL,
    lang          VARCHAR,
    asked_at      TIMESTAMPTZ NOT NULL,  -- the first message's arrival
    messages      INTEGER NOT NULL,
    decision      VARCHAR NOT NULL,      -- the matcher's: reply, review, none (empty: nothing to match)
    suggestions   JSON NOT NULL,         -- the matcher's ranked fact-checks [{factcheck_id, score}]
    folded        VARCHAR NOT NULL,      -- veille.enrich.text.fold(text): exact-text grouping
    vector        FLOAT[],               -- passage vector (grouping by neighbours), NULL for short texts
    group_id      VARCHAR,               -- set when queued for fact-checkers
    status        VARCHAR NOT NULL,      -- answered (automatically or by a fact-checker), queued
    factcheck_id  VARCHAR,
    answered_by   VARCHAR,               -- 'auto' or a username
    answered_at   TIMESTAMPTZ,
    feedback      VARCHAR,               -- yes, no (the "did this help?" reply)
    feedback_at   TIMESTAMPTZ
);

-- A sender's choices: opted out (STOP) until they write START again; the last rate-limit notice.
CREATE TABLE tipline_senders (
    sender_hash     VARCHAR NOT NULL PRIMARY KEY,
    channel         VARCHAR NOT NULL,
    lang            VARCHAR,             -- the language of their last question
    opted_out       BOOLEAN NOT NULL,
    rate_notice_at  TIMESTAMPTZ,
    changed_at      TIMESTAMPTZ NOT NULL
);

-- Replies on their way out; `address` (sealed) is erased once the row is sent or given up.
CREATE TABLE tipline_outbox (
    id               VARCHAR NOT NULL PRIMARY KEY,
    channel          VARCHAR NOT NULL,
    sender_hash      VARCHAR NOT NULL,
    address          BLOB,
    kind             VARCHAR NOT NULL,   -- reply, ack, answer, rate_limit, opt_out, opt_in, thanks, help
    question_id      VARCHAR,
    body             VARCHAR NOT NULL,
    status           VARCHAR NOT NULL,   -- pending, sent, failed, cancelled
    attempts         INTEGER NOT NULL,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    last_error       VARCHAR,
    created_at       TIMESTAMPTZ NOT NULL,
    sent_at          TIMESTAMPTZ
);
