from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from tests.cases.election import PASSWORD, build_election
from tests.web.login import login
from veille.app import Veille
from veille.web.app import create_app


@pytest.fixture(scope="session")
def election(tmp_path_factory):
    return build_election(tmp_path_factory)


@dataclass
class Browser:
    """A TestClient logged in as one user, with its session's CSRF token."""

    client: TestClient
    csrf: str

    def form(self, url: str, data: dict | None = None, **kwargs):
        return self.client.post(url, data={"csrf_token": self.csrf, **(data or {})},
                                headers={"accept": "text/html"}, follow_redirects=False, **kwargs)


@pytest.fixture
def site(election, tmp_path):
    """(facade, app) over a fresh copy of the election; users root, alice, bob, vera."""
    with Veille(election.copy(tmp_path)) as veille:
        yield veille, create_app(veille)


@pytest.fixture
def browse(site):
    """browse(username) -> a Browser logged in as that user of the election."""
    clients = []

    def open_as(username: str) -> Browser:
        client = TestClient(site[1])
        clients.append(client)
        return Browser(client, login(client, username, PASSWORD))

    yield open_as
    for client in clients:
        client.close()
