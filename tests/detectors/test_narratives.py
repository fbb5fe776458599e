"""Narratives on hand-made translations among real news paragraphs, in the real database."""

import json

import orjson
import pytest

from tests.conftest import FIXTURES, run_veille, shared_data
from veille.app import Veille
from veille.detectors.narratives import make_params

STORY_URL = "https://example.org/2026/05/ballots-thrown-away-rumour"


def _post(i: int, text: str, account: str, lang: str | None = None, urls: list[str] | None = None) -> bytes:
    record = {"platform": "x", "id": str(i), "account_id": account, "text": text,
              "created_at": f"2026-05-04T{10 + i // 60:02d}:{i % 60:02d}:00Z"}
    if lang:
        record["lang"] = lang
    if urls is not None:
        record["urls"] = urls
    return orjson.dumps(record) + b"\n"


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    """Posts 0-5: one paragraph in six languages (the English one with a link). Posts 6-8: the
    English text pasted by three more accounts (one text: embedded once). Post 9: another text
    linking to the same article. Posts 10-49: paragraphs of the real articles (background)."""
    translations = [orjson.loads(line) for line in (FIXTURES / "content" / "translations.jsonl").read_bytes().splitlines()]
    english = next(t["text"] for t in translations if t["lang"] == "en")
    folder = shared_data("articles")
    paragraphs = [p.strip() for path in sorted(folder.glob("*.txt")) for p in path.read_text(encoding="utf-8").split("\n")
                  if len(p.split()) >= 20][:40]
    tmp = tmp_path_factory.mktemp("narratives")
    lines = [_post(i, t["text"], f"t{i}", t["lang"], [STORY_URL] if t["lang"] == "en" else []) for i, t in enumerate(translations)]
    lines += [_post(6 + i, english, f"copy{i}", "en", [STORY_URL]) for i in range(3)]
    lines += [_post(9, "Read this before you believe what they say about the northern district", "reader", "en",
                    [STORY_URL])]
    lines += [_post(10 + i, p, f"news{i}") for i, p in enumerate(paragraphs)]
    (tmp / "posts.jsonl").write_bytes(b"".join(lines))
    db = tmp / "veille.duckdb"
    with Veille(db) as app:
        app.ingest([tmp / "posts.jsonl"])
        app.embed(budget="6")  # fact-check-free store: the six most-shared texts, i.e. not all
        partial = app.narratives()
        app.embed()
        full = app.narratives()
    return db, partial, full


@pytest.mark.slow
def test_translations_copies_and_links_are_one_narrative(story):
    _, _, run = story
    by_post = _narrative_of_posts(story[0])
    story_narrative = by_post["x:0"]
    assert all(by_post[f"x:{i}"] == story_narrative for i in range(10))
    [narrative] = [n for n in run.narratives if n.id == story_narrative]
    assert narrative.languages == ["de", "en", "es", "fr", "id", "pt"]
    assert narrative.posts == 10
    assert set(narrative.representatives) == {"de", "en", "es", "fr", "id", "pt"}
    assert "northern" in narrative.top_terms or "district" in narrative.top_terms
    assert sum(n for _, n in narrative.timeline) == 10
    assert not any(by_post.get(f"x:{i}") == story_narrative for i in range(10, 50))


@pytest.mark.slow
def test_partial_embedding_covers_what_it_can(story):
    """With six texts embedded, only their units are in narratives; the next run adds the rest
    without moving what was placed."""
    _, partial, full = story
    assert 0 < partial.posts_in_narratives < full.posts_in_narratives == full.posts == 50
    assert full.placed_units > 0


@pytest.mark.slow
def test_a_new_translation_joins_the_existing_narrative(story, tmp_path):
    db, _, _ = story
    before = _narrative_of_posts(db)["x:0"]
    italian = ("I funzionari elettorali dicono che la voce sulle schede gettate via nel distretto settentrionale è "
               "falsa. Ogni urna è stata sigillata davanti agli osservatori di tutti i partiti, e lo spoglio sarà "
               "pubblicato online, seggio per seggio, lunedì sera.")
    (tmp_path / "more.jsonl").write_bytes(_post(50, italian, "t50", "it"))
    with Veille(db) as app:
        app.ingest([tmp_path / "more.jsonl"])
        app.embed()
        run = app.narratives()
    by_post = _narrative_of_posts(db)
    assert (run.placed_units, run.new_narratives) == (1, 0)
    assert by_post["x:50"] == by_post["x:0"] == before


@pytest.mark.slow
def test_narratives_cli(story):
    db, _, _ = story
    result = run_veille("narratives", "--db", db, "--json", "--limit", "3")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["placed_units"] == 0  # nothing new since the last run
    assert len(data["narratives"]) == 3
    assert set(data["narratives"][0]) >= {"id", "posts", "accounts", "platforms", "languages", "top_terms",
                                          "representatives", "timeline", "first_seen", "last_seen"}
    bad = run_veille("narratives", "--db", db, "--similarity", "3")
    assert bad.returncode == 2 and bad.stderr.startswith("Error: --similarity")


def test_bad_similarity():
    from veille.errors import UsageError

    with pytest.raises(UsageError, match="--similarity"):
        make_params(similarity=-2)


def _narrative_of_posts(db) -> dict[str, str]:
    with Veille(db, read_only=True) as app:
        rows = app.store.cursor().execute("SELECT platform || ':' || post_id, narrative_id FROM narrative_posts").fetchall()
    return dict(rows)
