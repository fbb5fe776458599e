"""On a small simulated election, every planted operation is found exactly (link ring,
copy-paste, amplifiers, hashtag campaign, the content farm's synonym-spun articles, and the
network posting one message in six languages, once 600 texts are embedded), and none of the
decoys (viral news, celebrity fans, greetings, trending hashtags) is mistaken for a campaign."""

import json

import pytest

from veille.app import Veille
from veille.detectors.coordination import make_params
from veille.detectors.coordination.output import detection_json
from veille.simulate.evaluate import evaluate_coordination


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    out = tmp_path_factory.mktemp("quality") / "sim"
    Veille.simulate(out, seed=3, posts=30_000)
    db = out / "veille.duckdb"
    with Veille(db) as app:
        app.ingest([out / "exports"])
        app.similar()  # families first: the embedding budget takes one text per family early
        app.embed(budget="600")  # about a minute here; fact-checks, then family representatives
        detection = app.detect(make_params())
        families = [f.as_dict() for f in app.similar()]
        app.narratives()
    return json.loads((out / "truth.json").read_text()), detection_json(detection), families, db


@pytest.mark.slow
@pytest.mark.parametrize("operation", ["link-ring", "copy-paste", "amplifiers", "hashtag-campaign", "content-farm",
                                       "translated"])
def test_planted_operations_are_found(simulated, operation):
    truth, detection, _, _ = simulated
    [score] = [s for s in evaluate_coordination(truth, detection)["operations"] if s.operation == operation]
    assert score.precision >= 0.95 and score.recall >= 0.95, score


@pytest.mark.slow
def test_decoys_are_not_campaigns(simulated):
    truth, detection, _, _ = simulated
    result = evaluate_coordination(truth, detection)
    assert result["organic_accounts_flagged"] == 0
    assert result["decoy_objects_in_evidence"] == []


@pytest.mark.slow
def test_campaigns_carry_the_json_contract(simulated):
    _, detection, _, _ = simulated
    assert set(detection) >= {"params", "campaigns"}
    assert detection["params"]["windows"]["co-link"] == 60
    for campaign in detection["campaigns"]:
        assert set(campaign) >= {"id", "accounts", "kinds", "score", "first_seen", "last_seen", "evidence"}
        assert campaign["first_seen"] <= campaign["last_seen"]
        for item in campaign["evidence"]:
            assert set(item) >= {"kind", "object", "accounts", "times"}
            assert len(item["accounts"]) == len(item["times"]) >= 2
            assert set(item["accounts"]) <= set(campaign["accounts"])


@pytest.mark.slow
def test_spun_articles_fall_into_one_family_per_seed_article(simulated):
    """The content farm spins its 6 seed articles (3 rounds each, 7-12 members per round): every
    one of its posts is in a spin family, the families hold nothing else, and there is at most
    one per seed article (a round whose spins miss the others would make a seventh)."""
    truth, _, families, _ = simulated
    [farm] = [op for op in truth["operations"] if op["id"] == "content-farm"]
    farm_posts = {f"{p['platform']}:{p['id']}" for p in farm["posts"]}
    family_of = {post: f for f in families for post in f["posts"]}
    assert farm_posts <= set(family_of)
    hit = {family_of[p]["id"]: family_of[p] for p in farm_posts}
    assert len(hit) <= 6
    for family in hit.values():
        assert family["kind"] == "spin"
        assert set(family["posts"]) <= farm_posts
        assert family["languages"] == ["en"]


@pytest.mark.slow
def test_translated_messages_are_translation_families(simulated):
    """The network posts 12 messages, each in six languages: nine in ten of its posts or more are
    in translation families of three languages or more, at most one per message. (Measured with
    600 texts embedded: 164 of 176 at the default centred cosine of 0.4, 141 at 0.5. Six of the
    messages are false claims that believers also post, so those families hold believers too.)"""
    truth, _, families, _ = simulated
    [network] = [op for op in truth["operations"] if op["id"] == "translated"]
    posts = {f"{p['platform']}:{p['id']}" for p in network["posts"]}
    translations = [f for f in families if f["kind"] == "translation" and len(f["languages"]) >= 3]
    held = {p: f["id"] for f in translations for p in f["posts"] if p in posts}
    assert len(held) >= 0.9 * len(posts)
    assert len(set(held.values())) <= 12


@pytest.mark.slow
def test_no_organic_spin_families(simulated):
    """Templated everyday posts share phrasing ("avec toute la famille"), but none of them is long
    enough to be compared by skeleton: every spin family belongs to the content farm."""
    truth, _, families, _ = simulated
    [farm] = [op for op in truth["operations"] if op["id"] == "content-farm"]
    farm_posts = {f"{p['platform']}:{p['id']}" for p in farm["posts"]}
    assert all(set(f["posts"]) <= farm_posts for f in families if f["kind"] == "spin")


@pytest.mark.slow
def test_the_surge_is_a_burst_within_one_cycle(simulated):
    """#RiverBallots goes from a trickle to hundreds of posts an hour at a planted time: the
    detection cycle that runs when that hour's bin is complete raises it, starting in that bin."""
    from datetime import datetime, timedelta

    from veille.detectors.bursts import make_params

    truth, _, _, db = simulated
    [surge] = truth["bursts"]
    start = datetime.fromisoformat(surge["start"].replace("Z", "+00:00"))
    with Veille(db) as app:
        found, _ = app.bursts(make_params(until=start + timedelta(hours=1), kinds=("hashtag",)))
    assert [(b.item, b.start) for b in found if b.item == surge["object"]] == [(surge["object"], start)]


@pytest.mark.slow
def test_viral_news_is_a_narrative_not_a_campaign(simulated):
    """Hundreds of people share the day's news articles within hours: no campaign holds them
    (test_decoys_are_not_campaigns), and with 600 texts embedded more than half of those posts
    are already in narratives (measured: 1,714 of 2,894), each article's posts in one."""
    truth, _, _, db = simulated
    urls = [u.replace("://www.", "://") for d in truth["decoys"] if d["id"] == "viral-news" for u in d["objects"]]
    with Veille(db, read_only=True) as app:
        rows = app.store.cursor().execute("""
            SELECT u.url, n.narrative_id
            FROM (SELECT platform, id, unnest(urls) AS url FROM posts) u
            LEFT JOIN narrative_posts n ON n.platform = u.platform AND n.post_id = u.id
            WHERE list_contains(?, u.url)
        """, [urls]).fetchall()
    placed = [(url, narrative) for url, narrative in rows if narrative is not None]
    assert len(placed) > 0.5 * len(rows)
    by_url: dict[str, set] = {}
    for url, narrative in placed:
        by_url.setdefault(url, set()).add(narrative)
    assert all(len(narratives) == 1 for narratives in by_url.values())
