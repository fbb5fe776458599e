"""Near-duplicate families on real and hand-made text, in the real database."""

import json
from pathlib import Path

import orjson
import pytest

from tests.conftest import FIXTURES, run_veille, shared_data
from veille.app import Veille
from veille.detectors.content.families import FamilyParams

CONTENT = FIXTURES / "content"
# 24 words: long enough to compare as copies (8 words or more), too short for a skeleton (35).
SLOGAN = ("the count in the northern district was stopped at midnight and nobody has explained why "
          "the observers were sent home before the end")


def _write(path: Path, posts: list[dict]) -> Path:
    with open(path, "wb") as out:
        for i, post in enumerate(posts):
            record = {"platform": "x", "id": str(1000 + i), "account_id": post.get("account", f"a{i}"),
                      "created_at": f"2026-05-04T10:{i % 60:02d}:00Z", "text": post["text"]}
            if "lang" in post:
                record["lang"] = post["lang"]
            out.write(orjson.dumps(record) + b"\n")
    return path


def _families(tmp_path: Path, posts: list[dict], **params) -> tuple[list[dict], dict[str, dict]]:
    with Veille(tmp_path / "veille.duckdb") as app:
        app.ingest([_write(tmp_path / "posts.jsonl", posts)])
        found = [f.as_dict() for f in app.similar(FamilyParams(**params))]
    return found, {post: f for f in found for post in f["posts"]}


def _articles() -> dict[str, str]:
    folder = shared_data("articles")
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def test_spun_article_and_its_plain_wording_are_one_spin_family(tmp_path):
    """The real spun article (first four paragraphs) and the same paragraphs in the wording the
    spinner replaced share few word 3-grams (Jaccard 0.12) but most of their function-word
    skeleton (0.60); the other real articles share neither with them (0.11 at most)."""
    articles = _articles()
    spun = "\n".join(articles["en_spun_zuckerberg_brussels"].split("\n")[:4])
    plain = (CONTENT / "zuckerberg_brussels_original_wording.txt").read_text(encoding="utf-8")
    others = [text[:2500] for name, text in articles.items() if "spun" not in name]
    found, family_of = _families(tmp_path, [{"text": spun}, {"text": plain}] + [{"text": t} for t in others])
    assert family_of["x:1000"]["id"] == family_of["x:1001"]["id"]
    assert family_of["x:1000"]["kind"] == "spin"
    assert family_of["x:1000"]["posts"] == ["x:1000", "x:1001"]  # no other article joined it
    assert len(found) == 1


def test_exact_and_edited_copies_are_one_copy_family(tmp_path):
    """Three accounts paste the slogan (one shouting it), a fourth changes one word of its 24: a
    word is in three of the 22 word 3-grams, so 19 are shared and Jaccard is 19/25 = 0.76 >= 0.7."""
    edited = SLOGAN.replace("midnight", "dawn")
    posts = [{"text": SLOGAN}, {"text": SLOGAN.upper() + "!!!"}, {"text": SLOGAN}, {"text": edited},
             {"text": "a completely different message about queues at the school gym this morning in the rain"}]
    found, family_of = _families(tmp_path, posts)
    [family] = found
    assert family["kind"] == "copy"
    assert family["posts"] == ["x:1000", "x:1001", "x:1002", "x:1003"]
    assert family["accounts"] == ["x:a0", "x:a1", "x:a2", "x:a3"]
    assert family["first_account"] == "x:a0"
    assert family["first_seen"] == "2026-05-04T10:00:00+00:00"
    assert sum(h["posts"] for h in family["timeline"]) == 4
    assert "x:1004" not in family_of


def test_short_texts_are_not_families(tmp_path):
    """'Good morning everyone' posted by many accounts is a greeting, not a copy: texts under
    `min_tokens` words are left out."""
    found, _ = _families(tmp_path, [{"text": "Good morning everyone!"}] * 5)
    assert found == []


def test_families_are_stored_and_stable(tmp_path):
    posts = [{"text": SLOGAN}, {"text": SLOGAN}, {"text": SLOGAN.replace("midnight", "dawn")}]
    first, _ = _families(tmp_path, posts)
    with Veille(tmp_path / "veille.duckdb") as app:
        again = [f.as_dict() for f in app.similar()]
        stored = app.store.cursor().execute(
            "SELECT f.id, f.kind, f.posts, count(p.post_id) FROM families f JOIN family_posts p ON p.family_id = f.id "
            "GROUP BY ALL").fetchall()
    assert again == first
    assert stored == [(first[0]["id"], "copy", 3, 3)]


def test_similar_cli(tmp_path):
    db = tmp_path / "veille.duckdb"
    source = _write(tmp_path / "posts.jsonl", [{"text": SLOGAN}, {"text": SLOGAN}])
    assert run_veille("ingest", "--db", db, source).returncode == 0
    result = run_veille("similar", "--db", db, "--json")
    assert result.returncode == 0, result.stderr
    [family] = json.loads(result.stdout)["families"]
    assert set(family) >= {"id", "posts", "accounts", "languages", "kind", "first_seen", "last_seen"}
    text = run_veille("similar", "--db", db)
    assert "1 families of two posts or more: 1 copy, 0 spin, 0 translation" in text.stdout
    bad = run_veille("similar", "--db", db, "--spin-similarity", "1.5")
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == ["Error: --spin-similarity: Input should be less than or equal to 1"]


@pytest.mark.parametrize("value", [0.0, -0.2])
def test_bad_similarity_is_refused(value):
    from veille.errors import UsageError
    from veille.detectors.content.families import make_params

    with pytest.raises(UsageError, match="--copy-similarity"):
        make_params(copy_similarity=value)


@pytest.mark.slow
def test_translations_of_a_paragraph_are_one_translation_family(tmp_path):
    """A paragraph translated by hand into six languages, among paragraphs of the real articles
    (English, French, Indonesian, about platforms and elections: near in topic, not in meaning).
    Once embedded, the six are mutual near neighbours across languages and form one family;
    no article paragraph joins it."""
    translations = [orjson.loads(line) for line in (CONTENT / "translations.jsonl").read_bytes().splitlines()]
    paragraphs = [p.strip() for text in _articles().values() for p in text.split("\n") if len(p.split()) >= 20]
    posts = [{"text": t["text"], "lang": t["lang"]} for t in translations] + [{"text": p} for p in paragraphs[:40]]
    with Veille(tmp_path / "veille.duckdb") as app:
        app.ingest([_write(tmp_path / "posts.jsonl", posts)])
        app.embed()
        found = [f.as_dict() for f in app.similar()]
    family_of = {post: f for f in found for post in f["posts"]}
    family = family_of["x:1000"]
    assert family["kind"] == "translation"
    assert family["posts"] == [f"x:{1000 + i}" for i in range(6)]
    assert family["languages"] == ["de", "en", "es", "fr", "id", "pt"]
