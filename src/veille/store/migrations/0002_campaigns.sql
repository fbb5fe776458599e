-- veille schema 2: what coordination detection finds.

CREATE TABLE detection_runs (
    run_id       VARCHAR NOT NULL PRIMARY KEY,
    detector     VARCHAR NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ NOT NULL,
    params       JSON NOT NULL,
    summary      JSON NOT NULL
);

-- A campaign id is derived from its members, kinds and parameters, so the same data and the same
-- parameters give the same ids run after run.
CREATE TABLE campaigns (
    run_id      VARCHAR NOT NULL,
    id          VARCHAR NOT NULL,
    kinds       VARCHAR[] NOT NULL,
    score       DOUBLE NOT NULL,
    first_seen  TIMESTAMPTZ NOT NULL,
    last_seen   TIMESTAMPTZ NOT NULL,
    size        INTEGER NOT NULL,
    PRIMARY KEY (run_id, id)
);

CREATE TABLE campaign_members (
    run_id       VARCHAR NOT NULL,
    campaign_id  VARCHAR NOT NULL,
    platform     VARCHAR NOT NULL,
    account_id   VARCHAR NOT NULL,
    role         VARCHAR NOT NULL,   -- leader, follower or peer
    lead_share   DOUBLE NOT NULL,    -- how often it acted first with another member
    co_actions   BIGINT NOT NULL
);

CREATE TABLE campaign_evidence (
    run_id       VARCHAR NOT NULL,
    campaign_id  VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    object       VARCHAR NOT NULL,
    accounts     VARCHAR[] NOT NULL,   -- platform:account, in order of action
    posts        VARCHAR[] NOT NULL,
    times        TIMESTAMPTZ[] NOT NULL
);

CREATE TABLE campaign_edges (
    run_id       VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    a            VARCHAR NOT NULL,     -- platform:account
    b            VARCHAR NOT NULL,
    objects      BIGINT NOT NULL,      -- distinct objects acted on together within the window
    co_actions   BIGINT NOT NULL,      -- pairs of actions within the window (CooRTweet's weight)
    a_first      BIGINT NOT NULL,
    mean_delay   DOUBLE NOT NULL,
    p_value      DOUBLE,
    q_value      DOUBLE,
    common       BIGINT,               -- objects both acted on at any time
    above_threshold BOOLEAN NOT NULL   -- kept as coordination (CooRTweet: above the weight quantile)
);
