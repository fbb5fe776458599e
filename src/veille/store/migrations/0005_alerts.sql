-- veille schema 5: alerts raised by detectors (bursts first; campaigns, claims and ads later).

-- The id is the alert's deduplication key, built by the detector from what the alert is about
-- (a burst: its item and the bin it started in), so that seeing the same event again, in the
-- next detection cycle or after a restart, updates one alert instead of raising another.
CREATE TABLE alerts (
    id            VARCHAR NOT NULL PRIMARY KEY,
    rule          VARCHAR NOT NULL,      -- burst, ...
    severity      VARCHAR NOT NULL,      -- low, medium, high
    title         VARCHAR NOT NULL,
    subject_kind  VARCHAR NOT NULL,      -- hashtag, url, domain, narrative, ...
    subject       VARCHAR NOT NULL,
    first_seen    TIMESTAMPTZ NOT NULL,  -- when the event began (for a burst, its first bin)
    last_seen     TIMESTAMPTZ NOT NULL,
    evidence      JSON NOT NULL,
    status        VARCHAR NOT NULL,      -- open, snoozed, closed
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
