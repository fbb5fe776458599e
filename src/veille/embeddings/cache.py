"""The embedding cache: one vector per (model, folded text), in the `embeddings` table.

A text is keyed by the xxh64 of its folded form (veille.enrich.text.fold), the same key as
`posts.text_hash`, so every post whose text folds the same way shares one vector, whatever its
links, mentions, emoji, case or spacing. Coverage says how much of what was posted, and of how far
it travelled, has a vector.
"""

from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from veille.embeddings import sql
from veille.store import Store


@dataclass(frozen=True)
class Coverage:
    """How much is embedded for one model.

    Posts without words (empty once folded) have nothing to embed and are not counted. Reach of a
    post is 1 plus its reposts (or shares) where the platform reports them.
    """

    posts: int
    posts_embedded: int
    reach: float
    reach_embedded: float
    texts: int  # distinct folded post texts
    texts_embedded: int

    @property
    def post_share(self) -> float:
        return self.posts_embedded / self.posts if self.posts else 1.0

    @property
    def reach_share(self) -> float:
        return self.reach_embedded / self.reach if self.reach else 1.0

    def as_dict(self) -> dict:
        return {**self.__dict__, "post_share": self.post_share, "reach_share": self.reach_share}


def write_vectors(store: Store, model: str, text_hashes: np.ndarray, vectors: np.ndarray) -> None:
    """Store vectors in one transaction; a text already stored for the model keeps its vector."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n, dim = vectors.shape
    offsets = pa.array(np.arange(0, (n + 1) * dim, dim, dtype=np.int32))
    batch = pa.table({
        "text_hash": pa.array(np.asarray(text_hashes, dtype=np.uint64)),
        "vector": pa.ListArray.from_arrays(offsets, pa.array(vectors.reshape(-1))),
    })
    with store.writing() as con:
        con.register("batch", batch)
        try:
            con.execute(sql.INSERT_VECTORS, {"model": model})
        finally:
            con.unregister("batch")


def load_vectors(con: duckdb.DuckDBPyConnection, model: str,
                 text_hashes: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(text hashes as uint64, float32 matrix with one L2-normalised row each), sorted by hash.

    Every vector of `model`, or only those of `text_hashes` (those not embedded are left out).
    """
    if text_hashes is None:
        table = con.sql(sql.LOAD_VECTORS, params={"model": model}).to_arrow_table()
    else:
        con.register("wanted", pa.table({"text_hash": pa.array(np.asarray(text_hashes, dtype=np.uint64))}))
        try:
            table = con.sql(sql.LOAD_VECTORS_FOR, params={"model": model}).to_arrow_table()
        finally:
            con.unregister("wanted")
    keys = table.column("text_hash").to_numpy().astype(np.uint64, copy=False)
    if not len(keys):
        return keys, np.zeros((0, 0), np.float32)
    vectors = table.column("vector").combine_chunks()
    flat = vectors.flatten().to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
    return keys, flat.reshape(len(keys), -1)


def coverage(con: duckdb.DuckDBPyConnection, model: str) -> Coverage:
    row = con.execute(sql.COVERAGE, {"model": model}).fetchall()[0]
    return Coverage(posts=int(row[0]), posts_embedded=int(row[1]), reach=float(row[2]),
                    reach_embedded=float(row[3]), texts=int(row[4]), texts_embedded=int(row[5]))
