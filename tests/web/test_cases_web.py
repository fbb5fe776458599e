"""The case pages and API on the simulated election: an analyst opens a case from a campaign with
the form other pages carry, works it, and a viewer can read it but change nothing."""

import re

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.slow  # the election is built once per session (about 15 s)


def _co_share_campaign(veille) -> str:
    return veille.store.cursor().execute(
        "SELECT id FROM campaigns WHERE list_contains(kinds, 'co-share') ORDER BY size DESC LIMIT 1").fetchone()[0]


def _token(veille, username: str) -> dict:
    return {"Authorization": f"Bearer {veille.create_token(username, 'tests')[1]}"}


def test_an_analyst_opens_a_case_from_a_campaign_and_works_it(site, browse):
    veille, _ = site
    campaign_id = _co_share_campaign(veille)
    alice = browse("alice")

    # The form campaign, narrative and alert pages carry: hidden subject fields and a button.
    opened = alice.form("/cases/new", {"subject_kind": "campaign", "subject_id": campaign_id})
    assert opened.status_code == 303
    case_url = opened.headers["location"]
    case_id = int(re.fullmatch(r"/cases/(\d+)", case_url).group(1))

    page = alice.client.get(case_url).text
    assert re.search(rf"<h1>Campaign {campaign_id}: co-share, 36 accounts</h1>", page)
    # 10 member accounts and 10 reshared posts, pre-filled; accounts shown by handle and pseudonym.
    assert page.count('class="evidence-item"') == 20
    assert page.count('<div class="muted">acct:') == 10
    for name in ('name="body"', ">Add note<", 'name="status"', ">Update status<", 'name="assignee"'):
        assert name in page
    raw_ids = [row[0] for row in veille.store.cursor().execute(
        "SELECT account_id FROM campaign_members WHERE campaign_id = ?", [campaign_id]).fetchall()]
    assert not any(raw in page for raw in raw_ids)

    assert alice.form(f"{case_url}/notes", {"body": "Principals reshared within seconds."}).status_code == 303
    assert alice.form(f"{case_url}/assignee", {"assignee": "bob"}).status_code == 303
    assert alice.form(f"{case_url}/status", {"status": "investigating"}).status_code == 303
    assert alice.form(f"{case_url}/evidence", {"kind": "link", "ref": "https://example.org/report"}).status_code == 303
    first_evidence = veille.case(case_id).evidence[0].id
    assert alice.form(f"{case_url}/evidence/{first_evidence}/remove").status_code == 303

    page = alice.client.get(case_url).text
    assert re.findall(r'<article class="case-note">.*?<div class="body">(.*?)</div>', page, re.S) == \
        ["Principals reshared within seconds."]
    assert '<option value="investigating" selected>' in page
    assert '<option value="bob" selected>' in page
    for line in ("changed the status from new to investigating", "assigned the case to bob", "added a note",
                 f"removed evidence #{first_evidence}", "added evidence #21: link https://example.org/report"):
        assert line in page
    # A refused move answers with a page that says why.
    refused = alice.form(f"{case_url}/status", {"status": "new"})
    assert refused.status_code == 409 and "cannot become new" in refused.text

    # Opening a second case about the same campaign is allowed, and its page warns of the first.
    second = alice.form("/cases/new", {"subject_kind": "campaign", "subject_id": campaign_id, "title": "Again"})
    assert f'href="/cases/{case_id}"' in alice.client.get(second.headers["location"]).text.split("Other open cases")[1]

    listing = alice.client.get("/cases?status=investigating").text
    assert f'href="/cases/{case_id}"' in listing and ">Again<" not in listing


def test_a_viewer_reads_cases_but_every_change_is_refused(site, browse):
    veille, app = site
    case = veille.open_case(actor="alice", title="Read only")
    vera = browse("vera")
    page = vera.client.get(f"/cases/{case.id}")
    assert page.status_code == 200 and "<h1>Read only</h1>" in page.text
    assert "Add note" not in page.text and 'name="status"' not in page.text and "Open a case" not in page.text
    for url, data in [("/cases/new", {"title": "x"}), (f"/cases/{case.id}/notes", {"body": "x"}),
                      (f"/cases/{case.id}/status", {"status": "closed"}),
                      (f"/cases/{case.id}/assignee", {"assignee": ""})]:
        assert vera.form(url, data).status_code == 403

    headers = _token(veille, "vera")
    with TestClient(app) as api:
        assert api.get(f"/api/cases/{case.id}", headers=headers).status_code == 200
        assert api.get(f"/api/cases/{case.id}/history", headers=headers).status_code == 200
        for method, url, body in [
            ("POST", "/api/cases", {"title": "x"}), ("PATCH", f"/api/cases/{case.id}", {"status": "closed"}),
            ("POST", f"/api/cases/{case.id}/notes", {"body": "x"}),
            ("POST", f"/api/cases/{case.id}/evidence", {"kind": "link", "id": "https://example.org"}),
            ("DELETE", f"/api/cases/{case.id}/evidence/1", None),
        ]:
            answer = api.request(method, url, json=body, headers=headers)
            assert answer.status_code == 403, (method, url)
            assert "viewer" in answer.json()["error"]["message"]
    assert veille.case_history(case.id)[-1]["action"] == "case.open"  # nothing changed


def test_the_cases_api(site):
    veille, app = site
    headers = _token(veille, "alice")
    alert_id = veille.alerts(rule="burst", limit=1)[0]["id"]
    with TestClient(app) as api:
        created = api.post("/api/cases", json={"subject_kind": "alert", "subject_id": alert_id}, headers=headers)
        assert created.status_code == 201
        case_id = created.json()["case"]["id"]
        assert created.json()["evidence"]  # the alert's first posts and their accounts

        patched = api.patch(f"/api/cases/{case_id}", json={"status": "escalated", "assignee": "alice"}, headers=headers)
        assert (patched.json()["case"]["status"], patched.json()["case"]["assignee"]) == ("escalated", "alice")
        unassigned = api.patch(f"/api/cases/{case_id}", json={"assignee": None}, headers=headers)
        assert unassigned.json()["case"]["assignee"] is None
        assert api.post(f"/api/cases/{case_id}/notes", json={"body": "noted"}, headers=headers).status_code == 201
        evidence = api.post(f"/api/cases/{case_id}/evidence", json={"kind": "post", "platform": "x", "id": "42",
                                                                    "comment": "not ingested"}, headers=headers)
        assert evidence.status_code == 201
        assert api.delete(f"/api/cases/{case_id}/evidence/{evidence.json()['id']}", headers=headers).status_code == 204

        history = api.get(f"/api/cases/{case_id}/history", headers=headers).json()
        actions = [h["action"] for h in history if not h["details"].get("prefilled")]
        assert actions == ["case.open", "case.status", "case.assign", "case.assign", "case.note",
                           "case.evidence.add", "case.evidence.remove"]
        assert {h["actor"] for h in history} == {"alice"}
        assert history[-1]["summary"] == f"removed evidence #{evidence.json()['id']}: post x 42"

        listed = api.get("/api/cases", params={"status": "escalated"}, headers=headers).json()
        assert [c["id"] for c in listed] == [case_id]
        # Errors: unknown case 404, refused move 409, bad input 400 or 422.
        assert api.get("/api/cases/999999", headers=headers).status_code == 404
        assert api.patch(f"/api/cases/{case_id}", json={"status": "new"}, headers=headers).status_code == 409
        assert api.post(f"/api/cases/{case_id}/evidence", json={"kind": "link", "id": "ftp://x"},
                        headers=headers).status_code == 400
        assert api.patch(f"/api/cases/{case_id}", json={"colour": "red"}, headers=headers).status_code == 422
        assert api.post("/api/cases", json={"subject_kind": "campaign", "subject_id": "nope"},
                        headers=headers).status_code == 404
