-- veille schema 6: narratives, stories followed across platforms and languages.

-- A narrative is a centroid in an embedding model's space, grown one text at a time.
CREATE TABLE narratives (
    id          VARCHAR NOT NULL PRIMARY KEY,
    model       VARCHAR NOT NULL,
    centroid    FLOAT[] NOT NULL,      -- mean of its texts' vectors (not normalised)
    texts       INTEGER NOT NULL,      -- texts that joined it
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- The texts that joined a narrative: kept, so that later runs add to narratives, never redo them.
CREATE TABLE narrative_texts (
    text_hash     UBIGINT NOT NULL PRIMARY KEY,
    narrative_id  VARCHAR NOT NULL,
    assigned_at   TIMESTAMPTZ NOT NULL
);

-- Every post's narrative, derived from the above at each run.
CREATE TABLE narrative_posts (
    platform      VARCHAR NOT NULL,
    post_id       VARCHAR NOT NULL,
    narrative_id  VARCHAR NOT NULL,
    PRIMARY KEY (platform, post_id)
);
