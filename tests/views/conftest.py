"""A small simulated election analysed as an analyst would (simulate, ingest, similar, detect,
embed a little, narratives, match posts, bursts), with one user per role, and TestClients logged
in through the real login form."""

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from veille.app import Veille
from veille.web.app import create_app

PASSWORD = "correct horse battery staple"
_HIDDEN = re.compile(r'name="csrf_token" value="([^"]*)"')
_META = re.compile(r'<meta name="csrf-token" content="([^"]*)"')


@dataclass
class Election:
    veille: Veille
    truth: dict
    app: object


def build_election(folder: Path) -> Election:
    from veille.detectors.coordination import make_params

    sim = folder / "election"
    Veille.simulate(sim, seed=3, posts=20_000)
    veille = Veille(folder / "veille.duckdb")
    veille.ingest([sim / "exports"], workers=1)
    veille.similar()
    veille.detect(make_params())
    veille.embed(budget=100)  # fact-check claims first, then the largest families: enough for narratives
    veille.narratives()
    veille.match_posts()
    veille.bursts()
    for role in ("admin", "analyst", "viewer"):
        veille.add_user(role, role, PASSWORD)
    return Election(veille, json.loads((sim / "truth.json").read_text()), create_app(veille))


def login(app, username: str) -> tuple[TestClient, str]:
    """A TestClient logged in with the login form, and its session's CSRF token."""
    client = TestClient(app)
    form = client.get("/login")
    token = _HIDDEN.search(form.text).group(1)
    answer = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token,
                                         "next": "/"}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return client, _META.search(client.get("/").text).group(1)
