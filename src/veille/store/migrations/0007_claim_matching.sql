-- veille schema 7: fact-check versions, and matching claims to fact-checks.

-- Every earlier version of a fact-check that a newer one replaced (same id: same URL and claim,
-- with another rating, title, publisher, date, language, claimant or appearances). Version 1 is
-- the first one stored; `fact_checks` always holds the current one.
CREATE TABLE fact_check_history (
    id              VARCHAR NOT NULL,
    version         INTEGER NOT NULL,
    claim_reviewed  VARCHAR NOT NULL,
    rating          VARCHAR,
    title           VARCHAR,
    publisher       VARCHAR,
    url             VARCHAR NOT NULL,
    date_published  TIMESTAMPTZ,
    language        VARCHAR,
    claimant        VARCHAR,
    appearances     VARCHAR[] NOT NULL,
    source_file     VARCHAR NOT NULL,
    source_line     BIGINT,
    source_ref      VARCHAR,
    replaced_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (id, version)
);

-- Decision thresholds of the matcher, per scorer and query language ('*': any language without
-- its own), written by `veille match calibrate` from a labelled set. The scorer is the embedding
-- model's name, with '#query' appended for texts embedded as queries rather than passages.
CREATE TABLE match_thresholds (
    model            VARCHAR NOT NULL,   -- the scorer
    language         VARCHAR NOT NULL,
    reply            DOUBLE NOT NULL,
    review           DOUBLE NOT NULL,
    labels           INTEGER NOT NULL,   -- labelled queries the thresholds were chosen on
    reply_precision  DOUBLE,             -- measured on those labels
    reply_recall     DOUBLE,
    calibrated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (model, language)
);

-- What the stream matcher found for each distinct post text (posts.text_hash), 'none' included,
-- so that a text is looked at once whatever the number of posts repeating it.
CREATE TABLE claim_text_matches (
    model         VARCHAR NOT NULL,
    text_hash     UBIGINT NOT NULL,
    factcheck_id  VARCHAR,
    score         DOUBLE,
    decision      VARCHAR NOT NULL,   -- reply, review or none
    matched_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (model, text_hash)
);

-- Fact-checks whose near neighbours among already matched texts have been looked at again
-- (a fact-check published after a claim spread still finds the posts that spread it).
CREATE TABLE claim_match_swept (
    model         VARCHAR NOT NULL,
    factcheck_id  VARCHAR NOT NULL,
    swept_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (model, factcheck_id)
);

-- Posts that repeat a fact-checked claim: how far a debunked claim still spreads.
CREATE TABLE claim_matches (
    platform      VARCHAR NOT NULL,
    post_id       VARCHAR NOT NULL,
    factcheck_id  VARCHAR NOT NULL,
    score         DOUBLE NOT NULL,
    decision      VARCHAR NOT NULL,   -- reply (confident) or review (plausible)
    matched_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (platform, post_id)
);
