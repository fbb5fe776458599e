import pytest

from tests.cases.election import build_election
from veille.app import Veille


@pytest.fixture(scope="session")
def election(tmp_path_factory):
    return build_election(tmp_path_factory)


@pytest.fixture
def veille(election, tmp_path):
    """The facade over a fresh copy of the election (users root, alice, bob and vera)."""
    with Veille(election.copy(tmp_path)) as app:
        yield app
