-- veille schema 1: the canonical records, quarantine and ingest bookkeeping.

CREATE TABLE accounts (
    platform      VARCHAR NOT NULL,
    id            VARCHAR NOT NULL,
    handle        VARCHAR,
    display_name  VARCHAR,
    created_at    TIMESTAMPTZ,
    followers     BIGINT,
    source_file   VARCHAR NOT NULL,
    source_line   BIGINT,
    source_ref    VARCHAR,
    PRIMARY KEY (platform, id)
);

CREATE TABLE posts (
    platform      VARCHAR NOT NULL,
    id            VARCHAR NOT NULL,
    account_id    VARCHAR NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    text          VARCHAR NOT NULL,
    text_hash     UBIGINT,            -- xxh64 of the folded text (see veille.enrich.text.fold)
    text_tokens   INTEGER NOT NULL,   -- words in the folded text
    lang          VARCHAR,
    urls          VARCHAR[] NOT NULL,
    hashtags      VARCHAR[] NOT NULL,
    mentions      VARCHAR[] NOT NULL,
    share_of_id   VARCHAR,
    reply_to_id   VARCHAR,
    media_hashes  VARCHAR[] NOT NULL,
    metrics       JSON,
    source_file   VARCHAR NOT NULL,
    source_line   BIGINT,
    source_ref    VARCHAR,
    PRIMARY KEY (platform, id)
);

CREATE TABLE ads (
    platform          VARCHAR NOT NULL,
    id                VARCHAR NOT NULL,
    page_id           VARCHAR,
    page_name         VARCHAR,
    funding_entity    VARCHAR,
    payer             VARCHAR,
    beneficiary       VARCHAR,
    payer_country     VARCHAR,
    currency          VARCHAR,
    spend_lower       DOUBLE,
    spend_upper       DOUBLE,
    impressions_lower BIGINT,
    impressions_upper BIGINT,
    delivery_regions  STRUCT(region VARCHAR, share DOUBLE)[] NOT NULL,
    target_countries  VARCHAR[] NOT NULL,
    languages         VARCHAR[] NOT NULL,
    creative_bodies   VARCHAR[] NOT NULL,
    urls              VARCHAR[] NOT NULL,
    start_time        TIMESTAMPTZ,
    end_time          TIMESTAMPTZ,
    source_file       VARCHAR NOT NULL,
    source_line       BIGINT,
    source_ref        VARCHAR,
    PRIMARY KEY (platform, id)
);

CREATE TABLE fact_checks (
    id              VARCHAR NOT NULL PRIMARY KEY,
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
    source_ref      VARCHAR
);

CREATE TABLE tipline_messages (
    channel       VARCHAR NOT NULL,
    id            VARCHAR NOT NULL,
    sender_hash   VARCHAR NOT NULL,
    text          VARCHAR NOT NULL,
    media_hashes  VARCHAR[] NOT NULL,
    lang          VARCHAR,
    received_at   TIMESTAMPTZ NOT NULL,
    answer        VARCHAR,
    source_file   VARCHAR NOT NULL,
    source_line   BIGINT,
    source_ref    VARCHAR,
    PRIMARY KEY (channel, id)
);

-- A bad record keeps its raw bytes (up to a limit) and the reason; the key makes re-runs
-- idempotent: the same bad line of the same source is quarantined once.
CREATE TABLE quarantine (
    source_file     VARCHAR NOT NULL,
    source_line     BIGINT NOT NULL,
    source_ref      VARCHAR NOT NULL,
    format          VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL,
    raw             BLOB NOT NULL,
    raw_size        BIGINT NOT NULL,
    quarantined_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source_file, source_line, source_ref)
);

-- One row per ingest of one file, updated as batches commit: what a killed run had finished.
CREATE TABLE ingest_runs (
    run_id        VARCHAR NOT NULL PRIMARY KEY,
    source_file   VARCHAR NOT NULL,
    format        VARCHAR NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    records_read  BIGINT NOT NULL,
    inserted      BIGINT NOT NULL,
    duplicates    BIGINT NOT NULL,
    quarantined   BIGINT NOT NULL
);
