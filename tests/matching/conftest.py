"""A small multilingual fact-check store, built once per session (ingesting the ClaimReviews of
tests/fixtures/matching and embedding their 14 fact-checks costs a few seconds) and copied for
every test that writes to it."""

import shutil
from pathlib import Path

import orjson
import pytest

from tests.conftest import FIXTURES
from veille.app import Veille

MATCHING = FIXTURES / "matching"
URL = "https://factcheck.example.org/"


def labels() -> list[dict]:
    return [orjson.loads(line) for line in (MATCHING / "labels.jsonl").read_bytes().splitlines() if line.strip()]


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("matching") / "veille.duckdb"
    with Veille(db) as app:
        app.ingest([MATCHING / "fact-checks.json"], workers=1)
        app.matcher()  # builds the pool beside the database
    return db


@pytest.fixture
def store_copy(built_store, tmp_path) -> Path:
    """A copy of the built store (and its pool folder) that a test may change."""
    db = tmp_path / "veille.duckdb"
    shutil.copy(built_store, db)
    shutil.copytree(Path(f"{built_store}.matching"), Path(f"{db}.matching"))
    return db


@pytest.fixture(scope="session")
def matcher(built_store):
    """The default matcher over the built store (read only)."""
    app = Veille(built_store)
    yield app.matcher()
    app.close()


@pytest.fixture(scope="session")
def labelled(matcher) -> list[tuple[dict, object]]:
    """(label, the default matcher's result) for every query of the labelled set."""
    items = labels()
    vectors = matcher.embed([item["text"] for item in items])
    return [(item, matcher.match(item["text"], id=item["id"], vector=v)) for item, v in zip(items, vectors)]
