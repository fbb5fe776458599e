"""A persisted approximate-nearest-neighbour index of one model's vectors (usearch HNSW, cosine).

The `embeddings` table is the truth; the index is a derived file beside the database,
`<database>.<model slug>.usearch`, keyed by text hash. Opening compares it with the table (count
and XOR of the keys): when vectors were added it is extended with just those, when it holds
anything the table does not (another database, another model's dimension) it is rebuilt, and it
is saved again (written to a temporary file, then renamed, so a crash never leaves half an index).
Indexes up to EXACT_UP_TO vectors are searched exhaustively, which is exact and still fast; larger
ones through the HNSW graph.
"""

import os
import re
from pathlib import Path

import duckdb
import numpy as np
from usearch.index import Index

from veille.embeddings import sql
from veille.embeddings.cache import load_vectors
from veille.store import Store

EXACT_UP_TO = 50_000


def index_path(db_path: str | os.PathLike, model: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", model).strip("-.")
    return Path(f"{db_path}.{slug}.usearch")


class VectorIndex:
    """Nearest texts by cosine similarity among the embedded texts of one model."""

    def __init__(self, path: Path, model: str, index: Index | None):
        self.path = path
        self.model = model
        self._index = index

    def __len__(self) -> int:
        return 0 if self._index is None else len(self._index)

    @classmethod
    def open(cls, store: Store, model: str) -> "VectorIndex":
        """The index of `model`'s vectors in `store`, brought up to date with the table."""
        path = index_path(store.path, model)
        try:
            index = Index.restore(str(path)) if path.exists() else None
        except (ValueError, RuntimeError, OSError):
            index = None  # unreadable: rebuilt from the table below
        found = cls(path, model, index)
        found.refresh(store.cursor())
        return found

    def refresh(self, con: duckdb.DuckDBPyConnection) -> int:
        """Add the table's vectors that the index lacks (or rebuild); returns how many were added."""
        count, xor = con.execute(sql.COUNT_VECTORS, {"model": self.model}).fetchall()[0]
        have = self._keys()
        if len(have) == count and _xor(have) == (xor or 0):
            return 0
        if count == 0:
            self._index = None
            try:
                self.path.unlink(missing_ok=True)
            except OSError:
                pass
            return 0
        keys = con.execute(sql.LOAD_KEYS, {"model": self.model}).fetchnumpy()["text_hash"].astype(np.uint64)
        known = self._index.contains(keys) if self._index is not None else np.zeros(len(keys), bool)
        if int(known.sum()) != len(have):  # the index holds texts the table does not: rebuild
            self._index, known = None, np.zeros(len(keys), bool)
        keys, vectors = load_vectors(con, self.model, keys[~known])
        if self._index is not None and self._index.ndim != vectors.shape[1]:
            self._index = None
            keys, vectors = load_vectors(con, self.model)
        if self._index is None:
            self._index = Index(ndim=vectors.shape[1], metric="cos", dtype="f32")
        self._index.add(keys, vectors)
        self._save()
        return len(keys)

    def nearest(self, vectors: np.ndarray, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest embedded texts of each vector: (text hashes, cosine distances = 1 - cos).

        One vector (dim,) gives arrays of shape (k,), a matrix (n, dim) gives (n, k); k is capped at
        the index size, and a neighbour the graph search did not reach has distance inf.
        """
        vectors = np.asarray(vectors, dtype=np.float32)
        single = vectors.ndim == 1
        matrix = vectors.reshape(1, -1) if single else vectors
        k = min(k, len(self))
        if k == 0 or not len(matrix):
            keys, distances = np.zeros((len(matrix), 0), np.uint64), np.zeros((len(matrix), 0), np.float32)
        else:
            found = self._index.search(matrix, k, exact=len(self) <= EXACT_UP_TO)
            # One query comes back as Matches (only what was found), several as BatchMatches
            # (k columns, with `counts` saying how many are real).
            if len(matrix) == 1:
                n = len(found.keys)
                keys, distances = np.zeros((1, k), np.uint64), np.full((1, k), np.inf, np.float32)
                keys[0, :n], distances[0, :n] = found.keys, found.distances
            else:
                keys = np.array(found.keys, dtype=np.uint64)
                distances = np.array(found.distances, dtype=np.float32)
                missing = np.arange(k)[None, :] >= np.asarray(found.counts).reshape(-1, 1)
                keys[missing], distances[missing] = 0, np.inf
        return (keys[0], distances[0]) if single else (keys, distances)

    def _keys(self) -> np.ndarray:
        if self._index is None or not len(self._index):
            return np.zeros(0, np.uint64)
        return np.asarray(self._index.keys[:], dtype=np.uint64)

    def _save(self) -> None:
        if self._index is None:
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            self._index.save(str(tmp))
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only folder: the index still serves from memory


def _xor(keys: np.ndarray) -> int:
    return int(np.bitwise_xor.reduce(keys)) if len(keys) else 0
