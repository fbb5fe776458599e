"""Tiny stores for the embedding tests: posts, fact-checks and tipline messages written as the real
formats in tmp_path and ingested by the real pipeline. Each embedded text costs ~18 ms, so every
fixture holds a handful of distinct texts."""

import csv
from pathlib import Path

import orjson
import pytest

from veille.app import Veille
from veille.enrich.text import text_key

T0 = 1_777_900_000  # 2026-05-04, inside the simulated week


def post(i, account: str, t: int, text: str, **fields) -> dict:
    return {"platform": "x", "id": str(i), "account_id": account, "created_at": T0 + t, "text": text, **fields}


def write_posts(path: Path, posts: list[dict]) -> Path:
    with open(path, "wb") as out:
        for p in posts:
            out.write(orjson.dumps(p) + b"\n")
    return path


def write_fact_checks(path: Path, claims: list[str]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["claim", "rating", "title", "url", "language", "published"])
        for i, claim in enumerate(claims):
            writer.writerow([claim, "False", f"Fact-check {i}", f"https://factcheck.example.org/{i}", "en",
                             "2026-05-01"])
    return path


def write_tipline(path: Path, texts: list[str]) -> Path:
    """Telegram Bot API updates, one private message each."""
    with open(path, "wb") as out:
        for i, text in enumerate(texts, 1):
            out.write(orjson.dumps({"update_id": 900 + i, "message": {
                "message_id": i, "from": {"id": 555000 + i, "is_bot": False, "first_name": "Tip"},
                "chat": {"id": 555000 + i, "type": "private"}, "date": T0 + i, "text": text}}) + b"\n")
    return path


def key(text: str) -> int:
    return text_key(text)[0]


def embedded_keys(app: Veille) -> set[int]:
    return {h for (h,) in app.store.cursor().execute("SELECT text_hash FROM embeddings").fetchall()}


@pytest.fixture
def store_with(tmp_path):
    """Ingest posts (and optionally fact-checks and tipline texts) into a new database."""
    opened = []

    def make(posts: list[dict], *, claims: list[str] = (), tips: list[str] = ()) -> Veille:
        paths = [write_posts(tmp_path / "posts.jsonl", posts)]
        if claims:
            paths.append(write_fact_checks(tmp_path / "fact-checks.csv", list(claims)))
        if tips:
            paths.append(write_tipline(tmp_path / "tips.jsonl", list(tips)))
        app = Veille(tmp_path / "veille.duckdb")
        opened.append(app)
        app.ingest(paths, workers=1)
        return app

    yield make
    for app in opened:
        app.close()
