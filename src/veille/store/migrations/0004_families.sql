-- veille schema 4: near-duplicate families (copies, spins, translations), as `veille similar`
-- last found them. Derived data: each run replaces the previous one.

CREATE TABLE families (
    id             VARCHAR NOT NULL PRIMARY KEY,
    kind           VARCHAR NOT NULL,      -- copy, spin or translation
    posts          INTEGER NOT NULL,
    accounts       INTEGER NOT NULL,
    languages      VARCHAR[],
    first_seen     TIMESTAMPTZ NOT NULL,
    last_seen      TIMESTAMPTZ NOT NULL,
    first_account  VARCHAR NOT NULL,      -- platform:account_id of the first poster
    computed_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE family_posts (
    family_id  VARCHAR NOT NULL,
    platform   VARCHAR NOT NULL,
    post_id    VARCHAR NOT NULL,
    PRIMARY KEY (platform, post_id)
);
