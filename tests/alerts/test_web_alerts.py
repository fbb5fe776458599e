"""The alerts pages and API: list with filters, triage by form (CSRF) and by API, permissions,
rules and targets (admin), detection cycles, and the live feed over server-sent events."""

import re
import threading
import time
from datetime import UTC, datetime

import orjson
import pytest
from fastapi.testclient import TestClient

from veille.alerts import Alert, raise_alerts
from veille.web import create_app

PASSWORD = "correct horse battery"
T0 = datetime(2026, 5, 8, 14, tzinfo=UTC)
_HIDDEN = re.compile(r'name="csrf_token" value="([^"]*)"')
_META = re.compile(r'<meta name="csrf-token" content="([^"]*)"')


def raise_one(app, alert_id, severity="medium", rule="burst", title="a burst") -> None:
    with app.store.writing() as con:
        raise_alerts(con, [Alert(id=alert_id, rule=rule, severity=severity, title=title, subject_kind="url",
                                 subject="x", first_seen=T0, last_seen=T0, evidence={"posts": 3})])


@pytest.fixture
def site(app):
    for name, role in (("root", "admin"), ("ana", "analyst"), ("vera", "viewer")):
        app.add_user(name, role, PASSWORD)
    raise_one(app, "burst:url:https://example.org/a/b:2026-05-08T14:00:00+00:00", severity="high",
              title="link https://example.org/a/b taking off")
    raise_one(app, "campaign:new:c-1", severity="medium", rule="campaign", title="New coordinated campaign")
    return app, create_app(app)


def token(app, username) -> dict:
    return {"Authorization": f"Bearer {app.create_token(username, 't')[1]}"}


def browser(web, username) -> tuple[TestClient, str]:
    client = TestClient(web)
    form = client.get("/login")
    client.post("/login", data={"username": username, "password": PASSWORD,
                                "csrf_token": _HIDDEN.search(form.text).group(1), "next": "/alerts"})
    return client, _META.search(client.get("/alerts").text).group(1)


def test_alerts_page_lists_filters_and_triages(site):
    app, web = site
    client, csrf = browser(web, "ana")
    page = client.get("/alerts")
    assert page.status_code == 200 and page.text.count('class="alert-row"') == 2
    assert 'src="/static/alerts.js"' in page.text and 'id="live-alerts"' in page.text
    assert client.get("/alerts?rule=campaign").text.count('class="alert-row"') == 1
    assert client.get("/alerts?severity=low").text.count('class="alert-row"') == 0
    burst = "burst:url:https://example.org/a/b:2026-05-08T14:00:00+00:00"
    # Without the CSRF token the form is refused; with it, the alert is snoozed for 24 h.
    assert client.post(f"/alerts/{burst}/snooze", data={"hours": "24"}).status_code == 403
    done = client.post(f"/alerts/{burst}/snooze", data={"hours": "24", "csrf_token": csrf, "back": "/alerts?rule=burst"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/alerts?rule=burst"
    assert app.alert(burst)["status"] == "snoozed"
    client.post("/alerts/campaign:new:c-1/acknowledge", data={"csrf_token": csrf})
    client.post(f"/alerts/{burst}/close", data={"csrf_token": csrf})
    assert [app.alert(i)["status"] for i in ("campaign:new:c-1", burst)] == ["acknowledged", "closed"]
    assert client.get(f"/alerts/{burst}").status_code == 200  # the alert's own page, slashes in its id


def test_viewers_read_but_do_not_triage(site):
    app, web = site
    client, csrf = browser(web, "vera")
    page = client.get("/alerts")
    assert page.text.count('class="alert-row"') == 2 and "Snooze 1h" not in page.text
    assert client.post("/alerts/campaign:new:c-1/close", data={"csrf_token": csrf}).status_code == 403
    api = TestClient(web)
    assert api.post("/api/alerts/campaign:new:c-1/close", headers=token(app, "vera")).status_code == 403
    assert api.get("/api/alert-rules", headers=token(app, "vera")).status_code == 403
    assert client.get("/settings/alerts").status_code == 403
    assert TestClient(web).get("/api/alerts").status_code == 401


def test_alerts_api(site):
    app, web = site
    api, h = TestClient(web), token(app, "ana")
    listed = api.get("/api/alerts", headers=h).json()
    assert [a["id"] for a in listed][1] == "campaign:new:c-1"
    assert api.get("/api/alerts?status=open&severity=high", headers=h).json()[0]["rule"] == "burst"
    assert api.get("/api/alerts/campaign:new:c-1", headers=h).json()["evidence"] == {"posts": 3}
    assert api.get("/api/alerts/nope", headers=h).status_code == 404
    snoozed = api.post("/api/alerts/campaign:new:c-1/snooze", json={"hours": 1}, headers=h).json()
    assert snoozed["status"] == "snoozed" and snoozed["snoozed_until"]
    assert api.post("/api/alerts/campaign:new:c-1/snooze", json={"until": "2020-01-01T00:00:00Z"},
                    headers=h).status_code == 400
    assert api.post("/api/alerts/campaign:new:c-1/acknowledge", headers=h).json()["status"] == "acknowledged"
    assert api.post("/api/alerts/campaign:new:c-1/close", headers=h).json()["status"] == "closed"
    trail = app.audit_trail(subject_kind="alert", subject_id="campaign:new:c-1")
    assert [e["actor"] for e in trail] == ["ana"] * 3


def test_rules_targets_and_cycles_api(site):
    app, web = site
    api, h = TestClient(web), token(app, "root")
    assert {r["id"] for r in api.get("/api/alert-rules", headers=h).json()} >= {"campaign", "tipline-surge"}
    changed = api.put("/api/alert-rules/debunked-claim", json={"severity": "medium", "params": {"min_posts": 5}},
                      headers=h).json()
    assert changed["severity"] == "medium" and changed["params"]["min_posts"] == 5
    assert api.put("/api/alert-rules/debunked-claim", json={"params": {"min_posts": 0}}, headers=h).status_code == 400
    assert api.get("/api/alert-rules/nope", headers=h).status_code == 404
    made = api.post("/api/alert-targets", json={"name": "slack-ops", "kind": "slack",
                                                "config": {"url": "https://hooks.example.org/T1"},
                                                "min_severity": "high"}, headers=h)
    assert made.status_code == 201
    tid = made.json()["id"]
    assert api.put(f"/api/alert-targets/{tid}", json={"enabled": False}, headers=h).json()["enabled"] is False
    assert api.get("/api/alert-targets/slack-ops", headers=h).json()["id"] == tid
    assert api.get("/api/alert-deliveries", headers=h).json() == []
    assert api.delete(f"/api/alert-targets/{tid}", headers=h).status_code == 204
    assert api.get("/api/alert-targets", headers=h).json() == []
    assert api.get("/api/cycles", headers=h).json() == []


def test_settings_page_edits_rules_and_targets(site):
    app, web = site
    client, csrf = browser(web, "root")
    page = client.get("/settings/alerts")
    assert page.status_code == 200 and 'data-rule-id="campaign"' in page.text
    client.post("/settings/alerts/rules/campaign", data={"csrf_token": csrf, "severity": "low",
                                                          "params": '{"growth_percent": 50}'})
    rule = app.alert_rule("campaign")
    assert not rule.enabled and rule.severity == "low" and rule.params["growth_percent"] == 50
    client.post("/settings/alerts/targets", data={"csrf_token": csrf, "name": "desk", "kind": "email",
                                                  "smtp_host": "mail.example.org", "smtp_port": "587",
                                                  "sender": "veille@example.org", "recipients": "a@x.org, b@x.org",
                                                  "starttls": "1", "password_env": "SMTP_PASSWORD"})
    target = app.alert_target("desk")
    assert target.config["recipients"] == ["a@x.org", "b@x.org"] and target.config["starttls"]
    client.post(f"/settings/alerts/targets/{target.id}/remove", data={"csrf_token": csrf})
    assert app.alert_targets() == []


def test_live_feed_streams_a_newly_raised_alert(site):
    app, web = site
    client = TestClient(web)
    events = []
    # Raised a moment after the stream opened (the feed starts at the current revision).
    timer = threading.Timer(0.5, raise_one, [app, "burst:hashtag:riverballots:1"], {"severity": "high"})
    with client.stream("GET", "/api/alerts/stream", headers=token(app, "vera")) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        timer.start()
        event = {}
        deadline = time.monotonic() + 15
        for line in stream.iter_lines():
            if line.startswith("event: "):
                event["event"] = line[7:]
            elif line.startswith("id: "):
                event["id"] = int(line[4:])
            elif line.startswith("data: ") and event.get("event") == "alert":
                events.append(event | {"data": orjson.loads(line[6:])})
                break
            assert time.monotonic() < deadline
    timer.join()
    assert events[0]["data"]["id"] == "burst:hashtag:riverballots:1"
    assert events[0]["data"]["severity"] == "high" and events[0]["id"] == app.alert_revision()


def test_live_feed_resumes_from_last_event_id(site):
    app, web = site
    client = TestClient(web)
    headers = token(app, "vera") | {"Last-Event-ID": "0"}  # everything since the beginning
    with client.stream("GET", "/api/alerts/stream", headers=headers) as stream:
        ids = []
        for line in stream.iter_lines():
            if line.startswith("data: "):
                ids.append(orjson.loads(line[6:])["id"])
            if len(ids) == 2:
                break
    assert set(ids) == {"campaign:new:c-1", "burst:url:https://example.org/a/b:2026-05-08T14:00:00+00:00"}
