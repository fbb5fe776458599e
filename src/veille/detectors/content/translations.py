"""Translation links: texts in different languages that say the same thing.

Multilingual embeddings put a text and its translations close together, but not alone: the
vectors of a model such as multilingual-e5 share a strong common direction, so that any two short
texts have a cosine of 0.75 or more (measured: translations of one sentence 0.83-0.94, unrelated
sentences 0.77-0.85). Subtracting the mean vector of the texts compared and normalising again
removes that direction (measured on the same sentences: translations 0.22-0.70, unrelated 0.21
at most). Two texts are linked when their centred cosine is at least `translation_similarity`,
their languages differ (same-language near-duplicates are copies or spins, found lexically),
and each is among the other's `translation_neighbours` (5) nearest neighbours in languages other
than its own (mutual neighbours: a generic text near everything is near nothing in particular;
other languages only, so that paraphrases in a text's own language do not crowd out its
translations). The mean needs enough texts to be
a mean: with fewer than `MIN_TEXTS` embedded texts, no translation links are made.

Only texts already embedded by `veille embed` take part; nothing is embedded here.
"""

import numpy as np

from veille.embeddings.backends import model_key

MIN_TEXTS = 30

_EMPTY = "CREATE OR REPLACE TEMP TABLE content_translation_links (doc UBIGINT, anchor UBIGINT, kind VARCHAR)"


def link(con, params) -> None:
    """Create temp table content_translation_links(doc, anchor, kind) for the docs of content_docs."""
    con.execute(_EMPTY)
    docs, langs, vectors = _embedded_docs(con, params.model)
    if len(docs) < MIN_TEXTS:
        return
    centred = vectors - vectors.mean(axis=0)
    centred /= np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12)
    k = params.translation_neighbours
    neighbours, similarity = _nearest(centred, min(8 * k + 1, len(docs)))
    # Each text's k nearest in other languages (its own language's paraphrases are not candidates).
    foreign = [
        [(int(j), float(sim)) for j, sim in zip(neighbours[i], similarity[i])
         if 0 <= j != i and langs[j] and langs[i] and langs[j] != langs[i]][:k]
        for i in range(len(docs))
    ]
    near = {(i, j) for i in range(len(docs)) for j, _ in foreign[i]}
    pairs = [
        (int(docs[i]), int(docs[j]), "translation")
        for i in range(len(docs)) for j, sim in foreign[i]
        if j > i and (j, i) in near and sim >= params.translation_similarity
    ]
    if pairs:
        con.execute("INSERT INTO content_translation_links SELECT unnest(?), unnest(?), unnest(?)",
                    [[p[0] for p in pairs], [p[1] for p in pairs], [p[2] for p in pairs]])


def _embedded_docs(con, model: str | None) -> tuple[np.ndarray, list, np.ndarray]:
    has_table = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'embeddings'").fetchone()[0]
    if not has_table:
        return np.zeros(0, np.uint64), [], np.zeros((0, 0), np.float32)
    rows = con.execute("""
        SELECT d.doc, d.lang, e.vector FROM content_docs d JOIN embeddings e ON e.text_hash = d.doc
        WHERE e.model = ? ORDER BY d.doc
    """, [model_key(model)]).fetchnumpy()
    if len(rows["doc"]) == 0:
        return np.zeros(0, np.uint64), [], np.zeros((0, 0), np.float32)
    matrix = np.stack([np.asarray(v, dtype=np.float32) for v in rows["vector"]])
    return np.asarray(rows["doc"]), list(rows["lang"]), matrix


def _nearest(vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and cosine similarities of each vector's k nearest (itself included)."""
    if len(vectors) <= 20_000:  # exact, in blocks
        indices = np.empty((len(vectors), k), np.int64)
        sims = np.empty((len(vectors), k), np.float32)
        for start in range(0, len(vectors), 2048):
            block = vectors[start:start + 2048] @ vectors.T
            top = np.argpartition(-block, k - 1, axis=1)[:, :k]
            order = np.take_along_axis(block, top, axis=1).argsort(axis=1)[:, ::-1]
            indices[start:start + 2048] = np.take_along_axis(top, order, axis=1)
            sims[start:start + 2048] = np.take_along_axis(block, indices[start:start + 2048], axis=1)
        return indices, sims
    from usearch.index import Index

    index = Index(ndim=vectors.shape[1], metric="cos")
    index.add(np.arange(len(vectors), dtype=np.uint64), vectors)
    matches = index.search(vectors, k)
    return matches.keys.astype(np.int64), 1.0 - matches.distances
