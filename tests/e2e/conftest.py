"""End-to-end fixtures: one simulated election served by a real `veille serve` for the whole
session, and Chromium from Debian's package driven by Playwright (never a downloaded browser)."""

import os
import uuid
from pathlib import Path

import pytest

from tests.e2e.live import PASSWORD, FakeSendServer, LiveServer, prepare_election, send_whatsapp

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("VEILLE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# A question sent to the tipline by webhook once the server runs (the simulated exports hold
# more, ingested as files).
TIP_QUESTION = "Is it true that ballots marked in pencil are thrown away at the count?"


@pytest.fixture(scope="session")
def election(tmp_path_factory):
    return prepare_election(tmp_path_factory.mktemp("election"))


@pytest.fixture(scope="session")
def send_api():
    with FakeSendServer() as fake:
        yield fake


@pytest.fixture(scope="session")
def live(election, send_api, tmp_path_factory):
    """The running server's base URL (an object with .url, .log, .tip_status)."""
    server = LiveServer(election.db, tmp_path_factory.mktemp("serve") / "serve.log", send_api=send_api.url)
    with server:
        # 404 while the tipline webhook does not exist; 200 once it does.
        server.tip_status = send_whatsapp(server.url, f"wamid.e2e{uuid.uuid4().hex}", "33612345678",
                                          TIP_QUESTION).status_code
        yield server
        if server.process.poll() is not None:
            raise AssertionError(f"veille serve died during the tests:\n{server.tail()}")


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package with apt-get "
                    "(as root); install it or set VEILLE_CHROMIUM")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:  # noqa: BLE001 - any launch failure is a reason to skip, told
            pytest.skip(f"Chromium at {CHROMIUM} did not start: {exc}")
        yield browser
        browser.close()


class Tab:
    """One logged-in browser page that remembers console errors, page errors and failed
    requests: a CSP violation is reported as a console error, and fails the test."""

    def __init__(self, page, server):
        self.page = page
        self.server = server
        self.base = server.url
        self.errors: list[str] = []
        self.expected_statuses: set[int] = set()
        self.responses: list[str] = []  # failed loads, to name what a console error is about
        page.on("console", self._console)
        page.on("response", lambda r: r.status >= 400 and self.responses.append(f"{r.status} {r.url}"))
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def _console(self, msg) -> None:
        if msg.type != "error":
            return
        # Chromium logs a navigation we expect to be refused (403) as a failed resource load.
        if any(f"status of {status} " in msg.text for status in self.expected_statuses):
            return
        self.errors.append(f"console: {msg.text}")

    def goto(self, path: str, *, status: int | None = 200):
        if status is not None and status >= 400:
            self.expected_statuses.add(status)
        response = self.page.goto(self.base + path)
        if status is not None:
            got = response.status if response else None
            # A server error: its traceback is in the server's log.
            log = f"\nserver log:\n{self.server.tail()}" if got and got >= 500 else ""
            assert got == status, f"GET {path}: {got} (expected {status}){log}"
        return response

    def login(self, username: str, password: str = PASSWORD) -> "Tab":
        self.goto("/login")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_load_state()
        assert "/login" not in self.page.url, f"login as {username} failed: {self.page.content()[:500]}"
        return self

    def csrf(self) -> str:
        return self.page.locator("meta[name=csrf-token]").get_attribute("content") or ""

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_no_errors(self) -> None:
        # Give late scripts (charts, the live feed) a moment to report.
        self.page.wait_for_timeout(200)
        assert not self.errors, "browser errors:\n" + "\n".join(self.errors + self.responses)


@pytest.fixture
def tab_as(chromium, live):
    """tab_as("analyst") -> a Tab logged in as that user in a fresh browser context."""
    contexts = []

    def open_tab(username: str) -> Tab:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return Tab(context.new_page(), live).login(username)

    yield open_tab
    for context in contexts:
        context.close()

