"""Settings: users, roles, API tokens and the audit log, through the pages and the API."""

import re

import pytest
from fastapi.testclient import TestClient

from tests.web.login import login
from veille.web.app import create_app

PASSWORD = "settings-password"


@pytest.fixture
def admin(app):
    """(facade, TestClient logged in as the admin root, its CSRF token)."""
    app.add_user("root", "admin", PASSWORD)
    app.add_user("alice", "analyst", PASSWORD)
    with TestClient(create_app(app)) as client:
        yield app, client, login(client, "root", PASSWORD)


def _form(client, csrf, url, data=None):
    return client.post(url, data={"csrf_token": csrf, **(data or {})}, headers={"accept": "text/html"},
                       follow_redirects=False)


def test_an_admin_manages_users_from_the_settings_page(admin):
    veille, client, csrf = admin
    page = client.get("/settings").text
    assert 'href="/settings/alerts"' in page and 'href="/settings/audit"' in page

    assert _form(client, csrf, "/settings/users", {"username": "carol", "role": "viewer",
                                                     "password": "carol-password"}).headers["location"] == \
        "/settings?done=user-added"
    assert "User added." in client.get("/settings?done=user-added").text
    assert _form(client, csrf, "/settings/users/carol/role", {"role": "fact-checker"}).status_code == 303
    assert _form(client, csrf, "/settings/users/carol/disabled", {"disabled": "1"}).status_code == 303
    assert {u["username"]: (u["role"], u["disabled"]) for u in veille.users()}["carol"] == ("fact-checker", True)
    with TestClient(client.app) as other, pytest.raises(AssertionError):
        login(other, "carol", "carol-password")  # disabled: cannot log in
    assert _form(client, csrf, "/settings/users/carol/disabled", {"disabled": "0"}).status_code == 303
    assert _form(client, csrf, "/settings/users/carol/password", {"password": "a-new-password"}).status_code == 303
    with TestClient(client.app) as other:
        login(other, "carol", "a-new-password")

    # Bad input answers with a page saying why.
    short = _form(client, csrf, "/settings/users", {"username": "dave", "role": "viewer", "password": "short"})
    assert short.status_code == 400 and "password too short" in short.text
    assert _form(client, csrf, "/settings/users/nobody/role", {"role": "viewer"}).status_code == 404

    audit = client.get("/settings/audit").text
    for action in ("user.add", "user.role", "user.disable", "user.enable", "user.password"):
        assert f"<td>{action}</td>" in audit


def test_a_token_secret_is_shown_once_and_revoking_stops_it(admin):
    veille, client, csrf = admin
    created = _form(client, csrf, "/settings/tokens", {"username": "alice", "name": "nightly"})
    assert created.status_code == 200 and created.headers["cache-control"] == "no-store"
    secret = re.search(r'<code class="token-secret">([^<]+)</code>', created.text).group(1)
    token_id = veille.tokens()[0].id
    assert secret.startswith(f"vl_{token_id}_")
    assert secret not in client.get("/settings").text  # shown once
    with TestClient(client.app) as script:
        assert script.get("/api/cases", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
        revoked = _form(client, csrf, f"/settings/tokens/{token_id}/revoke")
        assert revoked.headers["location"] == "/settings?done=revoked"
        assert script.get("/api/cases", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert _form(client, csrf, f"/settings/tokens/{token_id}/revoke").status_code == 404  # already revoked


def test_the_settings_api(admin):
    veille, client, _ = admin
    _, secret = veille.create_token("root", "admin script")
    headers = {"Authorization": f"Bearer {secret}"}
    added = client.post("/api/users", json={"username": "erin", "role": "analyst", "password": "erin-password"},
                        headers=headers)
    assert added.status_code == 201 and added.json()["role"] == "analyst"
    assert client.post("/api/users", json={"username": "erin", "role": "analyst", "password": "erin-password"},
                       headers=headers).status_code == 400  # exists
    assert client.patch("/api/users/erin", json={"role": "viewer", "disabled": True}, headers=headers).json() \
        | {"created_at": None} == {"username": "erin", "role": "viewer", "disabled": True, "created_at": None}
    assert client.patch("/api/users/nobody", json={"role": "viewer"}, headers=headers).status_code == 404
    assert [u["username"] for u in client.get("/api/users", headers=headers).json()] == ["alice", "erin", "root"]

    made = client.post("/api/tokens", json={"name": "for erin", "username": "alice"}, headers=headers)
    assert made.status_code == 201 and made.json()["secret"].startswith("vl_")
    listed = client.get("/api/tokens", headers=headers).json()
    assert {t["id"] for t in listed} >= {made.json()["id"]} and not any("secret" in t for t in listed)
    assert client.delete(f"/api/tokens/{made.json()['id']}", headers=headers).status_code == 204
    assert client.delete(f"/api/tokens/{made.json()['id']}", headers=headers).status_code == 404

    audit = client.get("/api/audit", params={"limit": 5}, headers=headers).json()
    assert [a["action"] for a in audit][:2] == ["token.revoke", "token.create"]  # newest first
    assert client.get("/api/audit", params={"subject_kind": "user", "subject_id": "erin"},
                      headers=headers).json()[0]["action"] == "user.disable"


def test_the_last_admin_cannot_be_demoted_or_disabled(admin):
    veille, client, csrf = admin
    _, secret = veille.create_token("root", "admin script")
    headers = {"Authorization": f"Bearer {secret}"}
    for body in ({"role": "analyst"}, {"disabled": True}):
        refused = client.patch("/api/users/root", json=body, headers=headers)
        assert refused.status_code == 409 and "last admin" in refused.json()["error"]["message"]
    assert _form(client, csrf, "/settings/users/root/role", {"role": "viewer"}).status_code == 409
    # With a second admin, the first may step down.
    client.patch("/api/users/alice", json={"role": "admin"}, headers=headers)
    assert client.patch("/api/users/root", json={"role": "analyst"}, headers=headers).status_code == 200
    assert {u["username"]: u["role"] for u in veille.users()} == {"alice": "admin", "root": "analyst"}


def test_settings_are_for_admins_only(admin):
    veille, client, _ = admin
    _, secret = veille.create_token("alice", "analyst script")
    headers = {"Authorization": f"Bearer {secret}", "accept": "text/html"}
    for url in ("/settings", "/settings/audit", "/api/users", "/api/tokens", "/api/audit"):
        assert client.get(url, headers=headers).status_code == 403, url
    assert client.post("/api/users", json={"username": "x1", "role": "admin", "password": "0123456789"},
                       headers=headers).status_code == 403


def test_text_that_is_not_unicode_is_refused_not_a_server_error(admin):
    # JSON can carry a lone surrogate, which no UTF-8 text (nor the database) can hold.
    veille, client, _ = admin
    _, secret = veille.create_token("root", "admin script")
    headers = {"Authorization": f"Bearer {secret}", "content-type": "application/json"}
    for url, body in [("/api/users", '{"username": "x\\ud800", "role": "viewer", "password": "0123456789"}'),
                      ("/api/tokens", '{"name": "\\ud800"}'), ("/api/cases", '{"title": "\\ud800"}')]:
        answer = client.post(url, content=body, headers=headers)
        assert answer.status_code == 400 and "Unicode" in answer.json()["error"]["message"], url
