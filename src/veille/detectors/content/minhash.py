"""MinHash and LSH in SQL: links between documents whose shingle sets are alike, and the
connected components of links.

Each document (a distinct folded text) gets a MinHash signature of 16 values (one per seeded hash
of its shingles), cut into 4 bands of 4 values: two documents whose shingle sets have Jaccard
similarity J share at least one band with probability 1 - (1 - J^4)^4 (0.93 at J = 0.8, 0.66 at
0.7, 0.34 at 0.55, 0.03 at 0.3). To avoid comparing every pair within a band bucket (a per-object
cartesian join), each document is compared once per band with the smallest document of its
bucket (its anchor), and linked to it when the two signatures agree on at least `similarity` of
their 16 values (the MinHash estimate of J). Everything but the connected components of the links
is set-based SQL, so that another engine can run the same statements (see `components`).
"""

SIGNATURE = 16
BANDS = 4
ROWS = SIGNATURE // BANDS

_SEEDS = [(0x9E3779B97F4A7C15 * (i + 1)) & 0x7FFFFFFFFFFFFFFF for i in range(SIGNATURE)]
# One aggregate per seed over the unnested shingles: faster than a lambda per seed over each list.
_MINIMA = ", ".join(f"min(hash(xor(h, {s}::UBIGINT)))" for s in _SEEDS)


def link_similar(con, shingled: str, similarity: float, out: str, kind: str) -> None:
    """Create temp table `out`(doc, anchor, kind) from `shingled`, a query or table of
    (doc VARCHAR, shingles UBIGINT[]), linking documents of estimated Jaccard >= similarity."""
    # Shingles are materialised first: unnesting them straight from the query that makes them
    # took twice as long.
    con.execute(f"CREATE OR REPLACE TEMP TABLE minhash_shingles AS {shingled}")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE minhash_sigs AS
        SELECT doc, [{_MINIMA}] AS sig
        FROM (SELECT doc, unnest(shingles) AS h FROM minhash_shingles WHERE len(shingles) > 0)
        GROUP BY doc
    """)
    con.execute("DROP TABLE minhash_shingles")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {out} AS
        WITH banded AS (
            SELECT doc, band, hash(sig[band * {ROWS} + 1 : (band + 1) * {ROWS}]) AS bucket
            FROM minhash_sigs, range({BANDS}) AS b(band)
        ), anchors AS (
            SELECT band, bucket, min(doc) AS anchor FROM banded GROUP BY band, bucket HAVING count(*) > 1
        )
        SELECT DISTINCT b.doc, a.anchor, '{kind}' AS kind
        FROM banded b
        JOIN anchors a ON a.band = b.band AND a.bucket = b.bucket AND a.anchor <> b.doc
        JOIN minhash_sigs d ON d.doc = b.doc
        JOIN minhash_sigs x ON x.doc = a.anchor
        WHERE len(list_filter(range(1, {SIGNATURE} + 1), lambda i: d.sig[i] = x.sig[i])) >= {float(similarity) * SIGNATURE}
    """)
    con.execute("DROP TABLE IF EXISTS minhash_sigs")


def components(con, links: str, out: str) -> None:
    """Create temp table `out`(doc, label): every linked document labelled with the smallest
    document of its connected component in `links`(doc, anchor).

    The one step not in SQL: label propagation needs as many rounds as the longest chain of links
    (a hundred and more at 10M posts, two seconds a round), so the links go to SciPy's connected
    components (linear time, in C) and the labels come back as a table. On Spark, GraphFrames'
    connectedComponents does the same."""
    import numpy as np
    import pyarrow as pa
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    pairs = con.execute(f"SELECT doc, anchor FROM {links}").fetchnumpy()
    docs, anchors = np.asarray(pairs["doc"]), np.asarray(pairs["anchor"])
    ids, index = np.unique(np.concatenate([docs, anchors]), return_inverse=True)
    graph = coo_matrix((np.ones(len(docs), dtype=np.int8), (index[: len(docs)], index[len(docs):])),
                       shape=(len(ids), len(ids)))
    _, component = connected_components(graph, directed=False)
    _, first = np.unique(component, return_index=True)  # ids are sorted: the first is the smallest
    labels = pa.table({"doc": ids, "label": ids[first[component]]})
    con.register("minhash_labels_arrow", labels)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {out} AS SELECT * FROM minhash_labels_arrow")
    finally:
        con.unregister("minhash_labels_arrow")
