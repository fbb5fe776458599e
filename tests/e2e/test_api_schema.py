"""The REST API, tested from its own OpenAPI document: schemathesis generates requests for every
operation of the live server's /openapi.json (as an admin, by API token) and fails on any 5xx.

It runs against its own `veille serve` over a copy of the election database, since generated
POSTs and DELETEs change state the browser tests rely on. The tipline webhooks are in the run
too: unsigned or badly signed bodies must get a 4xx, never a 5xx. Streams (server-sent events)
are left out: a generated GET on one would wait for the next alert.
"""

import httpx
import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from tests.e2e.live import LiveServer  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

EXAMPLES_PER_OPERATION = 20


def is_stream(operation: dict) -> bool:
    return any("text/event-stream" in response.get("content", {})
               for response in operation.get("responses", {}).values())


@pytest.fixture(scope="session")
def api_server(election, send_api, tmp_path_factory):
    server = LiveServer(election.api_db, tmp_path_factory.mktemp("serve-api") / "serve.log", send_api=send_api.url)
    with server:
        yield server


def api_document() -> dict:
    """The OpenAPI document of the web app, built in-process at collection time without streams
    (pytest 9 broke schemathesis's lazy `from_fixture` loader, so the schema cannot wait for the
    live server; test_the_live_server_serves_this_document checks that it is the same)."""
    from veille.web import create_app

    document = create_app(None).openapi()
    for operations in document["paths"].values():
        for method in [m for m, op in operations.items() if isinstance(op, dict) and is_stream(op)]:
            del operations[method]
    document["paths"] = {path: ops for path, ops in document["paths"].items() if ops}
    return document


DOCUMENT = api_document()
schema = schemathesis.openapi.from_dict(DOCUMENT)


def test_the_live_server_serves_this_document(api_server):
    served = httpx.get(api_server.url + "/openapi.json", timeout=10).json()
    assert set(served["paths"]) >= set(DOCUMENT["paths"])
    for path, operations in DOCUMENT["paths"].items():
        for method, operation in operations.items():
            assert served["paths"][path][method] == operation, f"{method.upper()} {path}"


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_without_server_errors(case, election, api_server):
    response = case.call_and_validate(base_url=api_server.url, headers={"Authorization": f"Bearer {election.token}"},
                                      checks=[not_a_server_error], timeout=15)
    # The admin token opens every API route: a 401 would mean the run tested only the login wall.
    # (The webhooks take no token: unsigned calls get 401 there.)
    if not case.operation.path.startswith("/webhooks/"):
        assert response.status_code != 401, response.text[:300]
    assert api_server.process.poll() is None, f"the server died:\n{api_server.tail()}"
