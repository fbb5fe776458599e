"""Access control over every route of the app, found by walking `app.routes`, so that a route
added later is checked too: nothing answers without a login except the open list; a viewer is
refused every unsafe route; a browser session must send its CSRF token; scripts with an API token
need none. Also: login errors, password hashing and the session cookie's flags."""

import re

import pytest
from fastapi.testclient import TestClient

try:  # FastAPI 0.165 includes routers lazily: app.routes holds the included routers
    from fastapi.routing import iter_route_contexts
except ImportError:  # before, app.routes was the flat list of routes
    def iter_route_contexts(routes):
        return iter(routes)
from tests.web.login import login
from veille.app import Veille
from veille.web.app import create_app

PASSWORD = "access-password"
OPEN_PATHS = {"/login", "/logout", "/health", "/openapi.json", "/docs"}
OPEN_PREFIXES = ("/static/", "/webhooks/")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Unsafe routes a viewer may use (none so far): a new one is a decision, written here.
VIEWER_MAY_CHANGE: set[tuple[str, str]] = set()


def _routes(app) -> list[tuple[str, str]]:
    """(method, path) of every HTTP route (mounts such as /static are not routes)."""
    found = set()
    for route in iter_route_contexts(app.routes):
        if getattr(route, "methods", None) and route.path:
            found |= {(method, route.path) for method in route.methods - {"HEAD", "OPTIONS"}}
    return sorted(found, key=lambda r: (r[1], r[0]))


def _is_open(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


def _url(path: str) -> str:
    # Every path parameter as "1": it matches int and str converters alike.
    return re.sub(r"\{[^}]+\}", "1", path)


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    """(facade, ASGI app) with an admin (root), an analyst (alice) and a viewer (vera), shared by
    the tests of this module (none of them changes what another one checks)."""
    with Veille(tmp_path_factory.mktemp("access") / "veille.duckdb") as veille:
        for username, role in (("root", "admin"), ("alice", "analyst"), ("vera", "viewer")):
            veille.add_user(username, role, PASSWORD)
        yield veille, create_app(veille)


def _guarded(app) -> list[tuple[str, str]]:
    routes = [r for r in _routes(app) if not _is_open(r[1])]
    assert len(routes) > 20  # the walk sees the app's routes
    return routes


def test_nothing_answers_without_a_login_but_the_open_list(web):
    _, app = web
    with TestClient(app) as client:
        for method, path in _guarded(app):
            url = _url(path)
            if path.startswith("/api/"):
                answer = client.request(method, url)
                assert answer.status_code == 401, (method, path, answer.status_code)
                assert answer.json()["error"]["status"] == 401
            else:
                answer = client.request(method, url, headers={"accept": "text/html"}, follow_redirects=False)
                assert answer.status_code == 303, (method, path, answer.status_code)
                assert answer.headers["location"].startswith("/login?next="), (method, path)
        # The open list answers without a login.
        for url in ("/login", "/health", "/openapi.json", "/docs", "/static/veille.css"):
            assert client.get(url).status_code == 200, url


def test_a_viewer_is_refused_every_unsafe_route(web):
    veille, app = web
    _, secret = veille.create_token("vera", "viewer script")
    unsafe = [r for r in _guarded(app) if r[0] in UNSAFE and r not in VIEWER_MAY_CHANGE]
    assert any(p.startswith("/api/") for _, p in unsafe)
    with TestClient(app) as script, TestClient(app) as browser:
        csrf = login(browser, "vera", PASSWORD)
        for method, path in unsafe:
            answer = script.request(method, _url(path), headers={"Authorization": f"Bearer {secret}"})
            assert answer.status_code == 403, (method, path, answer.status_code)
            # The same through the browser, with a valid CSRF token.
            answer = browser.request(method, _url(path), headers={"X-CSRF-Token": csrf, "accept": "text/html"},
                                     follow_redirects=False)
            assert answer.status_code == 403, (method, path, answer.status_code)


def test_a_session_must_send_its_csrf_token_on_every_unsafe_route(web):
    _, app = web
    unsafe = [r for r in _guarded(app) if r[0] in UNSAFE]
    with TestClient(app) as browser:
        login(browser, "root", PASSWORD)  # an admin: refused for the token, not the role
        for method, path in unsafe:
            for headers in ({}, {"X-CSRF-Token": "forged"}):
                answer = browser.request(method, _url(path), headers=headers)
                assert answer.status_code == 403, (method, path, headers, answer.status_code)
                assert "CSRF" in answer.json()["error"]["message"]
        # A form field carries it as well as the header does.
        assert browser.post("/cases/new", data={"csrf_token": "forged", "title": "x"}).status_code == 403


def test_an_api_token_needs_no_csrf_token(web):
    veille, app = web
    _, secret = veille.create_token("alice", "analyst script")
    with TestClient(app) as script, TestClient(app) as browser:
        made = script.post("/api/cases", json={"title": "From a script"}, headers={"Authorization": f"Bearer {secret}"})
        assert made.status_code == 201
        csrf = login(browser, "alice", PASSWORD)
        made = browser.post("/api/cases", json={"title": "From a page"}, headers={"X-CSRF-Token": csrf})
        assert made.status_code == 201
        assert script.post("/api/cases", json={"title": "x"},
                           headers={"Authorization": "Bearer vl_forged_token"}).status_code == 401


def _login_error(client: TestClient, username: str, password: str):
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]*)"', form).group(1)
    answer = client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                         follow_redirects=False)
    message = re.search(r'<p class="error" role="alert">(.*?)</p>', answer.text)
    return answer.status_code, message.group(1) if message else None


def test_a_failed_login_does_not_say_whether_the_user_exists(web):
    _, app = web
    with TestClient(app) as client:
        wrong_password = _login_error(client, "alice", "not-her-password")
        unknown_user = _login_error(client, "mallory", "not-her-password")
    assert wrong_password == unknown_user == (401, "Wrong username or password.")


def test_passwords_are_stored_as_argon2id(web):
    veille, _ = web
    hashes = [row[0] for row in veille.store.cursor().execute("SELECT password_hash FROM users").fetchall()]
    assert len(hashes) == 3 and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(PASSWORD in h for h in hashes)


@pytest.mark.parametrize("secure", [False, True])
def test_the_session_cookie_is_httponly_and_samesite(web, secure):
    # Secure cookies travel over HTTPS only, so the client speaks HTTPS to the app.
    with TestClient(create_app(web[0], secure_cookies=secure), base_url="https://testserver") as client:
        form = client.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]*)"', form).group(1)
        answer = client.post("/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token},
                             follow_redirects=False)
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("veille_session="))
    flags = {part.strip().split("=")[0].lower(): part for part in cookie.split(";")}
    assert "httponly" in flags and flags["samesite"].strip().lower() == "samesite=lax"
    assert ("secure" in flags) == secure
