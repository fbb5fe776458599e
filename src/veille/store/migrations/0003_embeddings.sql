-- veille schema 3: multilingual embeddings, computed once per unique text and model.

-- The key is the xxh64 of the folded text (posts.text_hash; veille.enrich.text.text_key for
-- fact-check claims and tipline messages), so a text repeated by a thousand posts is embedded once.
-- `model` is the backend's name: vectors of two models are never mixed.
CREATE TABLE embeddings (
    model        VARCHAR NOT NULL,
    text_hash    UBIGINT NOT NULL,
    vector       FLOAT[] NOT NULL,   -- L2-normalised
    embedded_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (model, text_hash)
);
