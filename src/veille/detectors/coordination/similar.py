"""Families of near-identical texts for co-similar coordination: MinHash and LSH, in SQL.

Texts are folded as for co-text (case, links, mentions, emoji, punctuation) and cut into word
3-gram shingles; texts shorter than `min_text_tokens` + 4 words are left out (too few shingles
to tell a rewrite from a coincidence). Each distinct text (by its folded hash, so a text posted a
thousand times is hashed once) gets a MinHash signature of 16 values (one per seeded hash of its
shingles), cut into 4 bands of 4 values: two texts whose shingle sets have Jaccard similarity J
share at least one band with probability 1 - (1 - J^4)^4 (0.66 at J = 0.7, 0.93 at J = 0.8,
0.03 at J = 0.3).

To avoid comparing every pair within a band bucket (a per-object cartesian join), each text is
compared once per band with the first text of its bucket (its anchor), and linked to it when the
two signatures agree on at least `similarity` of their 16 values (the MinHash estimate of J).
Families are the connected components of those links, found by iterating min-label propagation
until nothing changes; a text linked to no other is a family of its own copies. Synonym-spun rewrites change too many shingles for this to catch; the
near-duplicate families of the content detectors are meant for them.
"""

SIGNATURE = 16
BANDS = 4
ROWS = SIGNATURE // BANDS
MAX_ROUNDS = 30

_SEEDS = [(0x9E3779B97F4A7C15 * (i + 1)) & 0x7FFFFFFFFFFFFFFF for i in range(SIGNATURE)]


def build_families(con, params) -> None:
    """Create the temporary table coord_families(platform, post, family)."""
    from veille.detectors.coordination.sql import TEXT_KEY

    folded = TEXT_KEY.format()
    seeds = "[" + ", ".join(f"{s}::UBIGINT" for s in _SEEDS) + "]"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE sim_docs AS
        WITH texts AS (
            SELECT text_hash AS doc, any_value(string_split({folded}, ' ')) AS tokens
            FROM posts
            WHERE share_of_id IS NULL AND text_tokens >= {int(params.min_text_tokens) + 4}
            GROUP BY text_hash
        ), shingled AS (
            SELECT doc, list_distinct(list_transform(range(1, len(tokens) - 1),
                       lambda i: hash(tokens[i] || ' ' || tokens[i + 1] || ' ' || tokens[i + 2]))) AS shingles
            FROM texts
        )
        SELECT doc::VARCHAR AS doc,
               list_transform({seeds}, lambda s: list_min(list_transform(shingles, lambda h: hash(xor(h, s))))) AS sig
        FROM shingled
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE sim_links AS
        WITH banded AS (
            SELECT doc, sig, band, hash(sig[band * {ROWS} + 1 : (band + 1) * {ROWS}]) AS bucket
            FROM sim_docs, range({BANDS}) AS b(band)
        ), anchored AS (
            SELECT *, first_value(doc) OVER w AS anchor, first_value(sig) OVER w AS anchor_sig
            FROM banded
            WINDOW w AS (PARTITION BY band, bucket ORDER BY doc)
        )
        SELECT DISTINCT doc, anchor
        FROM anchored
        WHERE anchor <> doc
          AND len(list_filter(range(1, {SIGNATURE} + 1), lambda i: sig[i] = anchor_sig[i])) >= {params.similarity * SIGNATURE}
    """)
    # Connected components of the links: every document takes the smallest label it can reach.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE sim_labels AS
        SELECT doc, min(label) AS label FROM (
            SELECT doc, least(doc, anchor) AS label FROM sim_links
            UNION ALL SELECT anchor, anchor FROM sim_links
        ) GROUP BY doc
    """)
    for _ in range(MAX_ROUNDS):
        con.execute("""
            CREATE OR REPLACE TEMP TABLE sim_next AS
            WITH edges AS (SELECT doc, anchor AS other FROM sim_links UNION ALL SELECT anchor, doc FROM sim_links)
            SELECT l.doc, least(l.label, min(o.label)) AS label
            FROM sim_labels l JOIN edges e ON e.doc = l.doc JOIN sim_labels o ON o.doc = e.other
            GROUP BY l.doc, l.label
        """)
        moved = con.execute(
            "SELECT count(*) FROM sim_next n JOIN sim_labels l USING (doc) WHERE n.label <> l.label").fetchone()[0]
        con.execute("CREATE OR REPLACE TEMP TABLE sim_labels AS SELECT * FROM sim_next")
        if moved == 0:
            break
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE coord_families AS
        SELECT p.platform, p.id AS post, 'family:' || coalesce(l.label, d.doc) AS family
        FROM sim_docs d LEFT JOIN sim_labels l USING (doc) JOIN posts p ON p.text_hash::VARCHAR = d.doc
        WHERE p.share_of_id IS NULL AND p.text_tokens >= {int(params.min_text_tokens) + 4}
    """)
    for table in ("sim_docs", "sim_links", "sim_labels", "sim_next"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
