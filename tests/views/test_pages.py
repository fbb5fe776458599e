"""The analyst pages and their API on a real small simulated election (20,000 posts, seed 3):
overview, campaigns (list, detail, network, timeline), narratives and claims, for an admin and a
viewer; account ids never leave raw; every chart is well-formed SVG."""

import re
import xml.etree.ElementTree as ET

import pytest

from tests.views.conftest import build_election, login
from veille.privacy import pseudonymise

pytestmark = pytest.mark.slow  # the election takes some 30 s to simulate and analyse

SVG_ELEMENT = re.compile(r"<svg\b.*?</svg>", re.S)


@pytest.fixture(scope="module")
def election(tmp_path_factory):
    found = build_election(tmp_path_factory.mktemp("views"))
    yield found
    found.veille.close()


@pytest.fixture(scope="module")
def admin(election):
    client, csrf = login(election.app, "admin")
    yield client, csrf
    client.close()


@pytest.fixture(scope="module")
def viewer(election):
    client, _ = login(election.app, "viewer")
    yield client
    client.close()


@pytest.fixture(scope="module")
def ids(election):
    """One campaign (the largest), narrative and spreading fact-check of the election."""
    v = election.veille
    return {"campaign": v.campaigns()[0].id, "narrative": v.narratives_list()[0].id,
            "factcheck": v.claims_spread()[0].factcheck_id}


@pytest.fixture(scope="module")
def responses(election, admin, viewer, ids):
    """Every page and API answer, for the admin and the viewer: {(who, url): response}."""
    c, n, f = ids["campaign"], ids["narrative"], ids["factcheck"]
    pages = ["/", "/campaigns", "/campaigns?sort=score", f"/campaigns/{c}", "/narratives", f"/narratives/{n}",
             "/claims", "/claims?language=en&q=vot", f"/claims/{f}"]
    apis = ["/api/overview", "/api/campaigns", f"/api/campaigns/{c}", f"/api/campaigns/{c}/network",
            f"/api/campaigns/{c}/timeline", "/api/narratives", f"/api/narratives/{n}", "/api/factchecks",
            f"/api/factchecks/{f}", "/api/claims/spread?debunked_only=false"]
    out = {}
    for who, client in (("admin", admin[0]), ("viewer", viewer)):
        for url in pages:
            out[who, url] = client.get(url, headers={"accept": "text/html"})
        for url in apis:
            out[who, url] = client.get(url)
    return out


def planted_pseudonyms(election) -> dict[str, set[str]]:
    key = election.veille.store.pseudonym_key()
    return {op["id"]: {pseudonymise(a["id"], key, prefix="acct:") for a in op["accounts"]}
            for op in election.truth["operations"]}


def test_every_page_and_api_answers_for_admin_and_viewer(responses, ids):
    headings = {"/": "<h1>Overview</h1>", "/campaigns": "<h1>Campaigns</h1>",
                f"/campaigns/{ids['campaign']}": f"<h1>Campaign {ids['campaign']}</h1>",
                "/narratives": "<h1>Narratives</h1>", f"/narratives/{ids['narrative']}": "<h1>Narrative ",
                "/claims": "<h1>Claims</h1>", f"/claims/{ids['factcheck']}": "<h1>Fact-check: "}
    for (who, url), r in responses.items():
        assert r.status_code == 200, (who, url, r.text[:500])
        if url in headings:
            assert headings[url] in r.text, (who, url)
        if url.startswith("/api/"):
            assert r.headers["content-type"].startswith("application/json")


def test_overview_numbers_are_the_stats(election, responses):
    stats = election.veille.stats()
    view = responses["admin", "/api/overview"].json()
    assert view["totals"] == stats.totals and view["by_platform"] == stats.by_platform
    assert view["by_language"] == stats.by_language and view["by_day"] == stats.by_day
    # Posts per hour by platform add up to the posts of each platform, and to all posts.
    volume = view["volume"]
    assert volume["step"] == "hour"  # a week of data is drawn per hour
    assert {p: sum(v) for p, v in volume["series"].items()} == stats.by_platform
    assert sum(map(sum, volume["series"].values())) == stats.totals["posts"]
    assert sum(view["open_alerts_by_severity"].values()) == len(election.veille.alerts(status="open", limit=10_000))
    page = responses["admin", "/"].text
    assert f'{stats.totals["posts"]:,}' in page
    for platform in stats.by_platform:
        assert f">{platform}</text>" in page  # a bar of the platform chart


def test_the_largest_campaign_is_a_planted_operation(election, responses):
    planted = planted_pseudonyms(election)
    every_planted = set().union(*planted.values())
    campaigns = responses["admin", "/api/campaigns"].json()
    assert [c["size"] for c in campaigns] == sorted((c["size"] for c in campaigns), reverse=True)
    largest = responses["admin", f"/api/campaigns/{campaigns[0]['id']}"].json()
    members = {m["account"]["id"] for m in largest["members"]}
    assert len(members) == campaigns[0]["size"] and members <= every_planted
    # The link ring, the reshare amplifiers and the hashtag campaign each appear as a campaign
    # made mostly of their accounts.
    found = {}
    for c in campaigns:
        accounts = {m.account.id for m in election.veille.campaign(c["id"]).members}
        for op, planted_accounts in planted.items():
            if len(accounts & planted_accounts) > len(accounts) / 2:
                found.setdefault(op, c["id"])
    assert {"link-ring", "amplifiers", "hashtag-campaign"} <= set(found)
    page = responses["admin", "/campaigns"].text
    assert page.count('class="campaign-link"') == len(campaigns)


def test_campaign_kinds_come_from_the_data(election, admin):
    client = admin[0]
    kinds = election.veille.campaign_kinds()
    assert "co-link" in kinds and "co-share" in kinds
    for kind in kinds:
        listed = client.get(f"/api/campaigns?kind={kind}").json()
        assert listed and all(kind in c["kinds"] for c in listed)
    page = client.get("/campaigns", headers={"accept": "text/html"}).text
    assert all(f'<option value="{k}"' in page for k in kinds)
    assert client.get("/api/campaigns?sort=sideways").status_code == 422


def test_campaign_network_nodes_are_its_members_with_a_layout(election, admin, responses, ids):
    network = responses["admin", f"/api/campaigns/{ids['campaign']}/network"].json()
    detail = responses["admin", f"/api/campaigns/{ids['campaign']}"].json()
    members = {m["account"]["id"] for m in detail["members"]}
    nodes = {n["id"] for n in network["nodes"]}
    assert nodes == members and network["shown"] == network["members"] == len(members)
    assert all(0 <= n["x"] <= 1 and 0 <= n["y"] <= 1 for n in network["nodes"])
    assert network["edges"] and all(e["source"] in nodes and e["target"] in nodes for e in network["edges"])
    assert set(network["kinds"]) == {e["kind"] for e in network["edges"]} <= set(detail["summary"]["kinds"])
    # The same network is laid out the same way every time (a seeded layout).
    assert admin[0].get(f"/api/campaigns/{ids['campaign']}/network").json() == network
    # A cap keeps the most connected accounts, and says how many there were.
    capped = admin[0].get(f"/api/campaigns/{ids['campaign']}/network?cap=5").json()
    assert len(capped["nodes"]) == capped["shown"] == 5 and capped["members"] == len(members)
    top = sorted((n["degree"] for n in network["nodes"]), reverse=True)[:5]
    assert sorted((n["degree"] for n in capped["nodes"]), reverse=True) == top
    page = responses["admin", f"/campaigns/{ids['campaign']}"].text
    assert 'id="network"' in page and page.count('class="node ') == len(members)
    assert '<script src="/static/network.js"' in page
    assert admin[0].get("/static/network.js").status_code == 200


def test_campaign_timeline_counts_every_coordinated_action(election, responses, ids):
    timeline = responses["admin", f"/api/campaigns/{ids['campaign']}/timeline"].json()
    detail = responses["admin", f"/api/campaigns/{ids['campaign']}"].json()
    series = timeline["series"]
    assert all(len(v) == len(series["times"]) for v in series["series"].values())
    # Every action on a shared object is one coordinated action in the timeline.
    assert sum(series["series"]["coordinated actions"]) == sum(o["actions"] for o in detail["shared_objects"])
    assert timeline["bursts"] == [i for i, n in enumerate(series["series"]["coordinated actions"]) if n]
    assert timeline["examples"] and all(e["actions"] for e in timeline["examples"])
    assert 'class="burst"' in responses["admin", f"/campaigns/{ids['campaign']}"].text


def test_narratives_list_and_detail(election, responses, ids):
    listed = responses["admin", "/api/narratives"].json()
    assert listed and [n["posts"] for n in listed] == sorted((n["posts"] for n in listed), reverse=True)
    assert all(sum(n["daily"]) == n["posts"] for n in listed)
    detail = responses["admin", f"/api/narratives/{ids['narrative']}"].json()
    posts = detail["summary"]["posts"]
    assert sum(detail["by_language"].values()) == sum(detail["by_platform"].values()) == posts
    assert {lang["lang"] for lang in detail["languages"]} == set(detail["by_language"])
    assert all(lang["examples"] for lang in detail["languages"] if lang["representative"])
    page = responses["admin", f"/narratives/{ids['narrative']}"].text
    assert "Example posts by language" in page and detail["summary"]["top_terms"][0] in page


def test_claims_fact_checks_and_their_spread(election, admin, responses, ids):
    client = admin[0]
    english = client.get("/api/factchecks?language=en").json()
    assert english["fact_checks"] and all(f["language"] == "en" for f in english["fact_checks"])
    assert "en" in english["languages"] and english["ratings"]
    rated = client.get("/api/factchecks", params={"rating": english["ratings"][0]}).json()["fact_checks"]
    assert rated and all(f["rating"] == english["ratings"][0] for f in rated)
    spread = client.get("/api/claims/spread").json()
    assert spread and all(s["debunked"] for s in spread)
    every = responses["admin", "/api/claims/spread?debunked_only=false"].json()
    linked = election.veille.store.cursor().execute("SELECT count(*) FROM claim_matches").fetchone()[0]
    assert sum(s["posts"] for s in every) == linked  # every linked post counted once
    detail = responses["admin", f"/api/factchecks/{ids['factcheck']}"].json()
    assert detail["spread"]["posts"] == sum(map(sum, detail["volume"]["series"].values()))
    assert detail["examples"] and all(e["decision"] in ("reply", "review") for e in detail["examples"])


def test_viewer_cannot_open_a_case_or_match_posts(responses, viewer, ids):
    for url, kind, subject in ((f"/campaigns/{ids['campaign']}", "campaign", ids["campaign"]),
                               (f"/narratives/{ids['narrative']}", "narrative", ids["narrative"])):
        page = responses["admin", url].text
        form = re.search(r'<form method="post" action="/cases/new".*?</form>', page, re.S).group(0)
        assert 'name="csrf_token" value="' in form and "Open a case</button>" in form
        assert f'name="subject_kind" value="{kind}"' in form and f'name="subject_id" value="{subject}"' in form
        assert "Open a case" not in responses["viewer", url].text
    assert "Match new posts" in responses["admin", "/claims"].text
    assert "Match new posts" not in responses["viewer", "/claims"].text
    assert viewer.post("/api/claims/match", headers={"x-csrf-token": "x"}).status_code == 403


def test_match_new_posts_runs_and_is_audited(election, admin):
    client, csrf = admin
    answer = client.post("/claims/match", data={"csrf_token": csrf}, headers={"accept": "text/html"},
                         follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/claims?matched=0")  # nothing new
    assert "Matched 0 new post texts" in client.get(answer.headers["location"], headers={"accept": "text/html"}).text
    trail = election.veille.audit_trail(subject_kind="claims")
    assert trail[0]["action"] == "claims.match" and trail[0]["actor"] == "admin"


def test_unknown_ids_and_anonymous_callers(election, admin):
    client = admin[0]
    assert client.get("/api/campaigns/campaign-nope").status_code == 404
    assert client.get("/api/campaigns/campaign-nope/network").status_code == 404
    assert client.get("/api/narratives/narrative:1").status_code == 404
    assert client.get("/api/factchecks/nope").status_code == 404
    assert client.get("/campaigns/nope", headers={"accept": "text/html"}).status_code == 404
    from fastapi.testclient import TestClient

    with TestClient(election.app) as anonymous:
        assert anonymous.get("/api/overview").status_code == 401
        assert anonymous.get("/campaigns", headers={"accept": "text/html"}, follow_redirects=False).status_code == 303


def test_account_ids_never_leave_raw(election, responses):
    # Accounts whose handle is not their id (X and Facebook ids are numbers), among those the
    # pages show: campaign members, narrative posters and posters of debunked claims.
    con = election.veille.store.cursor()
    shown = con.execute("""
        SELECT DISTINCT a.id FROM accounts a
        WHERE a.platform IN ('x', 'facebook') AND a.id <> coalesce(a.handle, '') AND (
            a.id IN (SELECT account_id FROM campaign_members)
            OR a.id IN (SELECT p.account_id FROM posts p
                        JOIN narrative_posts n ON n.platform = p.platform AND n.post_id = p.id)
            OR a.id IN (SELECT p.account_id FROM posts p
                        JOIN claim_matches c ON c.platform = p.platform AND c.post_id = p.id))
        ORDER BY a.id""").fetchall()
    ids = [i for (i,) in shown]
    assert len(ids) > 50
    everything = "\n".join(r.text for r in responses.values())
    leaked = [i for i in ids if i in everything]
    assert not leaked, leaked[:5]
    key = election.veille.store.pseudonym_key()
    assert any(pseudonymise(i, key, prefix="acct:") in everything for i in ids)  # they appear, pseudonymised


def test_every_chart_is_well_formed_accessible_svg(responses):
    charts = 0
    for (who, url), r in responses.items():
        if url.startswith("/api/"):
            continue
        assert "style=" not in r.text  # the Content-Security-Policy allows no inline style
        for markup in SVG_ELEMENT.findall(r.text):
            root = ET.fromstring(markup)
            if root.get("aria-hidden") == "true":  # legend swatches
                continue
            assert root.get("role") == "img" and root.get("aria-label"), (url, markup[:200])
            assert root.find("{http://www.w3.org/2000/svg}title") is not None
            charts += 1
    assert charts > 20
