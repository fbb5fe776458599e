"""Coordination detection on small hand-made data whose answers can be counted by hand."""

import json
import random
import xml.etree.ElementTree as ET

import orjson
import pytest

from veille.app import Veille
from veille.detectors.coordination import make_params
from veille.errors import UsageError, VeilleError
from tests.conftest import run_veille

T0 = 1_777_900_000  # 2026-05-04, inside the simulated week


def _ingest(tmp_path, posts, name="posts.jsonl") -> Veille:
    path = tmp_path / name
    with open(path, "wb") as out:
        for p in posts:
            out.write(orjson.dumps({"platform": "x", "text": "", **p}) + b"\n")
    app = Veille(tmp_path / "veille.duckdb")
    app.ingest([path])
    return app


def _post(i, account, t, **fields):
    return {"id": str(i), "account_id": account, "created_at": T0 + t, **fields}


EVERY_PAIR = dict(method="coortweet", min_participation=1, edge_weight=0.0, min_accounts=2)


def _pairs(detection, kind=None):
    return {(e.a.split(":")[1], e.b.split(":")[1]): e for e in detection.edges if kind in (None, e.kind)}


def test_window_is_inclusive_and_slides(tmp_path):
    # One link shared at 0 s (A), 30 s (B), 60 s (C) and 61 s (D): within 60 s of each other are
    # A-B, A-C, B-C, B-D and C-D; A and D are 61 s apart. A fixed bin would split 0-59 from 60-119.
    url = "https://example.org/a"
    app = _ingest(tmp_path, [_post(1, "A", 0, urls=[url]), _post(2, "B", 30, urls=[url]),
                             _post(3, "C", 60, urls=[url]), _post(4, "D", 61, urls=[url])])
    with app:
        pairs = _pairs(app.detect(make_params(kinds=("co-link",), window=60, **EVERY_PAIR)))
    assert set(pairs) == {("A", "B"), ("A", "C"), ("B", "C"), ("B", "D"), ("C", "D")}
    assert all(e.co_actions == 1 for e in pairs.values())


def test_same_account_same_second_and_reposts(tmp_path):
    url = "https://example.org/b"
    app = _ingest(tmp_path, [
        _post(1, "A", 0, urls=[url]), _post(2, "A", 5, urls=[url]),  # A with itself: not a pair
        _post(3, "E", 100, urls=["https://example.org/c"]), _post(4, "F", 100, urls=["https://example.org/c"]),
        _post(5, "G", 101, urls=["https://example.org/c"], share_of_id="3"),  # a repost's link is not a share
    ])
    with app:
        detection = app.detect(make_params(kinds=("co-link", "co-share"), window=60, **EVERY_PAIR))
    assert set(_pairs(detection, "co-link")) == {("E", "F")}  # the tie at 100 s counted once
    assert _pairs(detection, "co-link")[("E", "F")].co_actions == 1


def test_text_and_hashtag_objects_are_folded(tmp_path):
    app = _ingest(tmp_path, [
        _post(1, "A", 0, text="They are STEALING the vote!!! @commission https://x.org/1 🗳️"),
        _post(2, "B", 20, text="they are stealing   the vote"),
        _post(3, "C", 40, text="They are stealing the count"),  # another text
        _post(4, "D", 0, text="x", hashtags=["#Fraud", "#Recount", "#Vote"]),
        _post(5, "E", 10, text="y", hashtags=["vote", "fraud", "recount"]),  # the same set, reordered
        _post(6, "F", 20, text="z", hashtags=["vote", "fraud"]),  # two tags are not a set worth tracking
    ])
    with app:
        detection = app.detect(make_params(kinds=("co-text", "co-hashtag"), window=60, **EVERY_PAIR))
    assert set(_pairs(detection, "co-text")) == {("A", "B")}
    assert set(_pairs(detection, "co-hashtag")) == {("D", "E")}


def _ring_in_a_crowd(seed=1):
    """300 ordinary accounts share 30 popular links at random over a day (each link by 60 of
    them), plus 200 rare links once each; a ring of 6 accounts shares 12 links of its own, all
    within 20 seconds, R0 always first."""
    rng = random.Random(seed)
    posts, i = [], 0
    crowd = [f"user{n}" for n in range(300)]
    for link in range(30):
        for account in rng.sample(crowd, 60):
            i += 1
            posts.append(_post(i, account, rng.uniform(0, 86400), urls=[f"https://news.example/{link}"]))
    for link in range(200):
        i += 1
        posts.append(_post(i, rng.choice(crowd), rng.uniform(0, 86400), urls=[f"https://blog.example/{link}"]))
    ring = [f"R{n}" for n in range(6)]
    for link in range(12):
        start = rng.uniform(0, 86000)
        for rank, account in enumerate(ring):
            i += 1
            delay = 0 if rank == 0 else rng.uniform(1, 20)
            posts.append(_post(i, account, start + delay, urls=[f"https://ring.example/{link}"]))
    return posts, ring


def test_ring_found_in_a_crowd_with_its_leader(tmp_path):
    posts, ring = _ring_in_a_crowd()
    with _ingest(tmp_path, posts) as app:
        detection = app.detect(make_params(kinds=("co-link",)))
        again = app.detect(make_params(kinds=("co-link",)))
    [campaign] = detection.campaigns
    assert sorted(m.account_id for m in campaign.members) == ring
    assert [m.account_id for m in campaign.leaders] == ["R0"]
    assert len(campaign.evidence) == 12  # every ring link, with all six accounts on it
    assert all(len(e.accounts) == 6 for e in campaign.evidence)
    # the crowd met by chance, many times, on popular links: tested, and not kept
    crowd_pairs = [e for e in detection.edges if "user" in e.a]
    assert not any(e.kept for e in crowd_pairs)
    assert [c.id for c in again.campaigns] == [campaign.id]  # same data, same parameters, same id


def test_automatic_window_follows_the_quickest_objects(tmp_path):
    posts, _ = _ring_in_a_crowd()
    with _ingest(tmp_path, posts) as app:
        detection = app.detect(make_params(kinds=("co-link",), window="auto"))
    # The quickest 10% of links are the ring's 12 (of 242 shared more than once): they gather half
    # of their six shares within 20 seconds, so the estimate is well under a minute.
    assert 1 <= detection.windows["co-link"] <= 20


def test_network_files_carry_evidence(tmp_path):
    posts, ring = _ring_in_a_crowd()
    with _ingest(tmp_path, posts) as app:
        app.detect(make_params(kinds=("co-link",)), graphml=tmp_path / "net.graphml", gexf=tmp_path / "net.gexf")
    graphml = ET.parse(tmp_path / "net.graphml").getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    edges = graphml.findall(".//g:edge", ns)
    assert len(edges) == 15  # the 6 ring accounts pairwise
    evidence = [d.text for e in edges for d in e.findall("g:data", ns) if d.get("key") == "evidence"]
    assert all(text.count("https://ring.example/") == 12 for text in evidence)
    gexf = ET.parse(tmp_path / "net.gexf").getroot()
    assert len(gexf.findall(".//{http://gexf.net/1.3}edge")) == 15


def test_bad_parameters_and_empty_database(tmp_path):
    with pytest.raises(UsageError, match="window must be a positive"):
        make_params(window=-5)
    with pytest.raises(UsageError, match="unknown kind 'co-nothing'"):
        make_params(kinds=("co-nothing",))
    for values, message in [({"min_repeat": 0}, "--min-repeat: should be at least 1"),
                            ({"alpha": 1}, "--alpha: should be less than 1"),
                            ({"similarity": 0.0}, "--similarity: should be greater than 0"),
                            ({"min_accounts": 2.5}, "--min-accounts: should be a whole number"),
                            ({"method": "louvain"}, "--method: should be one of veille, coortweet"),
                            ({"kinds": ()}, "--kinds: no kinds given")]:
        with pytest.raises(UsageError, match=message):
            make_params(**values)
    # A request is recorded the same way however its numbers were typed (campaign ids hash it).
    assert make_params(window=60, min_consistency=1).record() == make_params(window=60.0, min_consistency=1.0).record()
    assert make_params(window=60).record()["window"] == 60.0 and make_params().record()["kinds"] is None
    with Veille(tmp_path / "empty.duckdb") as app, pytest.raises(VeilleError, match="no posts"):
        app.detect(make_params())
    for args, message in [(["--window", "-5"], "window must be a positive"),
                          (["--min-repeat", "0"], "--min-repeat: should be at least 1"),
                          (["--window", "soon"], "neither a number"),
                          (["--kinds", "co-link,co-nothing"], "unknown kind"),
                          ([], "no posts")]:
        result = run_veille("detect", "--db", tmp_path / "empty.duckdb", *args)
        assert result.returncode != 0
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.stderr


def test_cli_json(tmp_path):
    posts, ring = _ring_in_a_crowd()
    with _ingest(tmp_path, posts):
        pass
    result = run_veille("detect", "--db", tmp_path / "veille.duckdb", "--kinds", "co-link", "--json", check=True)
    data = json.loads(result.stdout)
    assert data["params"]["windows"] == {"co-link": 60.0}
    [campaign] = data["campaigns"]
    assert sorted(campaign["accounts"]) == ring and campaign["kinds"] == ["co-link"]
