"""The analyst pages before anything was ingested or detected: every page answers with its empty
state, and unknown ids are 404."""

from tests.views.conftest import PASSWORD, login
from veille.web.app import create_app


def test_pages_of_an_empty_database(app):
    app.add_user("admin", "admin", PASSWORD)
    client, _ = login(create_app(app), "admin")
    with client:
        for url, empty in (("/", "No campaigns yet"), ("/campaigns", "No campaigns"),
                           ("/narratives", "No narratives yet"), ("/claims", "No fact-check matches")):
            page = client.get(url, headers={"accept": "text/html"})
            assert page.status_code == 200 and empty in page.text, url
        overview = client.get("/api/overview").json()
        assert overview["totals"]["posts"] == 0 and overview["volume"]["times"] == []
        assert overview["top_narratives"] == overview["latest_campaigns"] == overview["spreading_claims"] == []
        for url in ("/api/campaigns", "/api/narratives", "/api/claims/spread"):
            assert client.get(url).json() == []
        assert client.get("/api/factchecks").json() == {"fact_checks": [], "ratings": [], "languages": []}
        for url in ("/api/campaigns/campaign-x", "/api/campaigns/campaign-x/network",
                    "/api/campaigns/campaign-x/timeline", "/api/narratives/narrative:1", "/api/factchecks/f"):
            assert client.get(url).status_code == 404, url
