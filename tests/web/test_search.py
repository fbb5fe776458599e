"""Search on the simulated election: a planted hashtag, a planted account's handle, links to
campaigns and narratives, pseudonymised account ids, and the time it takes."""

import time

import pytest
from fastapi.testclient import TestClient

from veille.privacy import pseudonymise

pytestmark = pytest.mark.slow  # the election is built once per session (about 15 s)


@pytest.fixture
def api(site):
    veille, app = site
    headers = {"Authorization": f"Bearer {veille.create_token('vera', 'search')[1]}"}  # a viewer may search
    with TestClient(app, headers=headers) as client:
        yield veille, client


def test_a_planted_hashtag_is_found(api, election):
    veille, client = api
    # The simulation plants one burst: a hashtag pushed by ~200 posts in a few hours.
    tag = election.truth["bursts"][0]["object"]
    expected = veille.store.cursor().execute(
        "SELECT count(*) FROM posts WHERE list_contains(hashtags, ?) OR text ILIKE ?", [tag, f"%#{tag}%"]).fetchone()[0]
    assert expected > 100
    found = client.get("/api/search", params={"q": f"#{tag}", "kind": "posts", "limit": 200}).json()
    assert len(found["posts"]) == min(expected, 200) and found["accounts"] == []
    assert all(tag in p["hashtags"] or f"#{tag}" in p["text"].lower() for p in found["posts"])
    times = [p["created_at"] for p in found["posts"]]
    assert times == sorted(times, reverse=True)  # newest first


def test_a_planted_accounts_handle_is_found_with_its_campaign(api, election):
    veille, client = api
    member = election.operation("amplifiers")["accounts"][0]
    con = veille.store.cursor()
    handle = con.execute("SELECT handle FROM accounts WHERE platform = ? AND id = ?",
                         [member["platform"], member["id"]]).fetchone()[0]
    campaign = con.execute("SELECT campaign_id FROM campaign_members WHERE account_id = ?",
                           [member["id"]]).fetchone()[0]

    answer = client.get("/api/search", params={"q": f"@{handle}", "kind": "accounts"})
    assert answer.status_code == 200
    first = answer.json()["accounts"][0]  # the exact handle comes first
    assert (first["handle"], first["campaigns"]) == (handle, [campaign])
    assert first["account"] == pseudonymise(member["id"], veille.store.pseudonym_key(), prefix="acct:")
    assert member["id"] not in answer.text  # the platform id never leaves

    # The page links the account to its campaign.
    page = client.get("/search", params={"q": handle}, headers={"accept": "text/html"}).text
    assert f'href="/campaigns/{campaign}"' in page and member["id"] not in page


def test_posts_link_to_their_narrative(api):
    veille, client = api
    platform, post_id, text = veille.store.cursor().execute(
        "SELECT platform, id, text FROM posts WHERE platform = 'telegram' ORDER BY id LIMIT 1").fetchone()
    with veille.store.writing() as con:
        con.execute("INSERT INTO narrative_posts VALUES (?, ?, 'narrative:42')", [platform, post_id])
    words = " ".join(text.split()[:4])
    hits = client.get("/api/search", params={"q": words, "kind": "posts", "limit": 200}).json()["posts"]
    assert [h["narrative"] for h in hits if h["id"] == post_id] == ["narrative:42"]
    page = client.get("/search", params={"q": words, "kind": "posts"}, headers={"accept": "text/html"}).text
    assert 'href="/narratives/narrative:42"' in page


def test_bad_queries_are_refused_clearly(api):
    _, client = api
    assert client.get("/api/search", params={"q": ""}).status_code == 422
    assert client.get("/api/search", params={"q": "x", "kind": "ads"}).status_code == 422
    many = client.get("/api/search", params={"q": "a b c d e f g h i"})
    assert many.status_code == 400 and "too many words" in many.json()["error"]["message"]
    # Wildcards are searched for literally.
    assert client.get("/api/search", params={"q": "%_%"}).json() == {"query": "%_%", "posts": [], "accounts": []}
    assert client.get("/search", headers={"accept": "text/html"}).status_code == 200  # the empty form


def test_search_answers_well_under_a_second(api):
    # A scan with ILIKE: 70-115 ms (median) per query on the 51,318-post election of `make demo`,
    # less on this 20,000-post one. The best of three runs is compared with 0.5 s, so that other
    # work on a shared test machine does not count against the query.
    _, client = api
    for q in ("vote", "#protectourballots", "https://", "manon", "nothing-like-this-anywhere"):
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            assert client.get("/api/search", params={"q": q, "limit": 50}).status_code == 200
            runs.append(time.perf_counter() - started)
        assert min(runs) < 0.5, (q, runs)
