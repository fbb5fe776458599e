"""The simulated election: deterministic, shaped as documented, and ingestible without loss."""

import filecmp
import json

import pytest

from veille.app import Veille
from veille.errors import UsageError


def _same_tree(a, b) -> bool:
    cmp = filecmp.dircmp(a, b)
    stack = [cmp]
    while stack:
        c = stack.pop()
        if c.left_only or c.right_only or c.diff_files or c.funny_files:
            return False
        stack.extend(c.subdirs.values())
    return True


@pytest.fixture(scope="module")
def election(tmp_path_factory):
    out = tmp_path_factory.mktemp("sim") / "election"
    result = Veille.simulate(out, seed=11, posts=20000)
    return out, result, json.loads((out / "truth.json").read_text())


def test_same_seed_same_files(election, tmp_path):
    out, _, _ = election
    again = Veille.simulate(tmp_path / "again", seed=11, posts=20000)
    assert _same_tree(out, again.outdir)
    other = Veille.simulate(tmp_path / "other", seed=12, posts=20000)
    assert not _same_tree(out, other.outdir)


def test_scale_and_formats(election):
    out, result, truth = election
    assert 18000 <= result.posts <= 23000  # "about" the requested number
    assert set(result.by_platform) == {"x", "facebook", "instagram", "telegram", "news"}
    exports = out / "exports"
    for expected in ["x-api/search-election2026.jsonl", "x-io-archive/copy_paste_network_tweets_csv_unhashed.csv",
                     "crowdtangle/facebook-pages.csv", "crowdtangle/instagram.csv", "telegram/result.json",
                     "news/lemonde.fr.xml", "news/daily-truth-report.com.xml", "ads/meta-ad-library.jsonl",
                     "ads/google-political-ads-creative-stats.csv", "factchecks/claimreview.json",
                     "factchecks/factcheck-api.json", "tipline/whatsapp-webhooks.jsonl",
                     "tipline/telegram-bot-updates.jsonl"]:
        assert (exports / expected).is_file(), expected
    assert list((exports / "x").glob("*.jsonl.gz")), "one day of X arrives gzipped"


def test_truth_names_every_operation_and_decoy(election):
    _, _, truth = election
    ops = {op["id"]: op for op in truth["operations"]}
    assert set(ops) == {"link-ring", "copy-paste", "amplifiers", "hashtag-campaign", "content-farm", "translated"}
    # sizes as planted in veille/simulate/operations.py
    assert {k: len(v["accounts"]) for k, v in ops.items()} == {
        "link-ring": 24, "copy-paste": 30, "amplifiers": 36, "hashtag-campaign": 28, "content-farm": 18,
        "translated": 18,
    }
    assert len(ops["amplifiers"]["principals"]) == 3
    all_accounts = [a["id"] for op in ops.values() for a in op["accounts"] + op["principals"]]
    assert len(all_accounts) == len(set(all_accounts)), "no account is in two operations"
    assert {d["id"] for d in truth["decoys"]} == {"viral-news", "celebrity-reshares", "greetings"}
    assert len(truth["fact_checks"]) == 20 and sum(1 for f in truth["fact_checks"] if f["claim_id"]) == 10
    assert truth["ads"]["foreign"] and truth["bursts"][0]["object"] == "riverballots"
    assert any(t["claim_id"] is None for t in truth["tipline"]) and any(t["fact_check"] for t in truth["tipline"])


def test_bad_parameters(tmp_path):
    with pytest.raises(UsageError, match="--posts"):
        Veille.simulate(tmp_path / "a", posts=10)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "precious.txt").write_text("keep me")
    with pytest.raises(UsageError, match="not an earlier simulation"):
        Veille.simulate(tmp_path / "b", posts=20000)
    assert (tmp_path / "b" / "precious.txt").read_text() == "keep me"


def test_everything_ingests_with_nothing_quarantined(election, tmp_path):
    out, result, truth = election
    with Veille(tmp_path / "sim.duckdb") as app:
        report = app.ingest([out / "exports"])
        assert report.total("quarantined") == 0, app.quarantine()[:3]
        con = app.store.con
        posts = con.execute("SELECT count(*) FROM posts").fetchone()[0]
        # every simulated post is stored once, although the v2 search and the IO archive repeat X posts
        assert posts == result.posts
        stored = {tuple(r) for r in con.execute("SELECT platform, id FROM posts").fetchall()}
        for op in truth["operations"]:
            missing = [p for p in op["posts"] if (p["platform"], p["id"]) not in stored]
            assert not missing, (op["id"], missing[:3])
        authors = {tuple(r) for r in con.execute("SELECT DISTINCT platform, account_id FROM posts").fetchall()}
        for op in truth["operations"]:
            for account in op["accounts"]:
                assert (account["platform"], account["id"]) in authors, (op["id"], account)
        langs = dict(con.execute("SELECT lang, count(*) FROM posts GROUP BY lang").fetchall())
        assert {"en", "fr", "id", "es", "de", "pt"} <= set(langs)
        assert con.execute("SELECT count(*) FROM fact_checks").fetchone()[0] == 20
        assert con.execute("SELECT count(*) FROM ads").fetchone()[0] == len(truth["ads"]["foreign"]) + truth["ads"]["local"]
        assert con.execute("SELECT count(*) FROM tipline_messages").fetchone()[0] == len(truth["tipline"])
        again = app.ingest([out / "exports"])
        assert again.total("inserted") == 0


def test_tipline_messages_get_their_language(election, tmp_path):
    out, _, _ = election
    with Veille(tmp_path / "tip.duckdb") as app:
        app.ingest([out / "exports" / "tipline"])
        langs = dict(app.store.con.execute(
            "SELECT coalesce(lang, 'none'), count(*) FROM tipline_messages GROUP BY ALL").fetchall())
    # forwarded claims are long enough to identify; "hi" and "👍" are not
    assert {"en", "fr", "es", "de", "pt", "id"} <= set(langs)
    assert langs.get("none", 0) < sum(langs.values()) / 3
