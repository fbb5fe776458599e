-- veille schema 12: the posts' text compressed with zstd.
--
-- DuckDB picks a string column's compression by itself, and for the posts' text it picked its
-- dictionary-and-FSST scheme, whose analysis of each row group was the largest single cost of
-- writing posts: 0.86 s of CPU for 1M posts, against 0.33 s with zstd, for a column of 21 MB
-- instead of 54 (and scans of it as fast). The other text columns are short (ids, handles,
-- languages, file names), where the dictionary is both smaller and quicker. DuckDB cannot change a
-- column's compression in place, so the table is made anew with the same columns, key and rows;
-- in a database that already holds posts this rewrites them once (a few seconds a million).

CREATE TABLE posts_zstd (
    platform      VARCHAR NOT NULL,
    id            VARCHAR NOT NULL,
    account_id    VARCHAR NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    text          VARCHAR NOT NULL USING COMPRESSION ZSTD,
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
INSERT INTO posts_zstd SELECT * FROM posts;
DROP TABLE posts;
ALTER TABLE posts_zstd RENAME TO posts;
