"""Logging a TestClient in through the real login form, as a browser does."""

import re

from fastapi.testclient import TestClient

_HIDDEN = re.compile(r'name="csrf_token" value="([^"]*)"')
_META = re.compile(r'<meta name="csrf-token" content="([^"]*)"')


def login(client: TestClient, username: str, password: str) -> str:
    """Log in with the form; returns the session's CSRF token (from the page's meta tag)."""
    form = client.get("/login")
    token = _HIDDEN.search(form.text).group(1)
    answer = client.post("/login", data={"username": username, "password": password, "csrf_token": token,
                                         "next": "/cases"}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    page = client.get("/cases")
    return _META.search(page.text).group(1)
