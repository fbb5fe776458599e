"""Tipline fixtures: a database with the multilingual fact-checks of tests/fixtures/matching
(built once: ingesting and embedding them takes a few seconds) copied for each test, the web app
over it with tipline settings pointing at a fake send API on loopback, and helpers to post
signed webhooks and run the conversation and the outbox."""

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FIXTURES
from tests.tipline import payloads
from tests.tipline.fake_send import FakeSendApi
from veille.app import Veille
from veille.tipline import TiplineSettings
from veille.web import create_app


def settings_for(send_api: str, **changes) -> TiplineSettings:
    values = dict(
        whatsapp_app_secret=payloads.APP_SECRET, whatsapp_verify_token=payloads.VERIFY_TOKEN,
        whatsapp_token="wa-access-token", whatsapp_api=send_api,
        telegram_secret_token=payloads.TELEGRAM_SECRET, telegram_bot_token="123456:bot-token", telegram_api=send_api,
        retry_seconds=0.05, retry_max_seconds=0.2,
    )
    return TiplineSettings(**(values | changes))


@pytest.fixture(scope="session")
def factcheck_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("tipline-factchecks") / "veille.duckdb"
    with Veille(db) as app:
        app.ingest([FIXTURES / "matching" / "fact-checks.json"], workers=1)
        app.matcher()  # builds the pool beside the database
    return db


@pytest.fixture
def db(factcheck_db, tmp_path) -> Path:
    path = tmp_path / "veille.duckdb"
    shutil.copy(factcheck_db, path)
    shutil.copytree(Path(f"{factcheck_db}.matching"), Path(f"{path}.matching"))
    return path


@pytest.fixture
def send_api():
    with FakeSendApi() as fake:
        yield fake


class Tipline:
    """The web app of one database, and the conversation and outbox as `veille serve` runs them."""

    def __init__(self, veille: Veille, settings: TiplineSettings):
        self.veille = veille
        self.settings = settings
        app = create_app(veille)
        app.state.tipline_settings = settings
        self.client = TestClient(app)
        self.conversation = veille.tipline_conversation(settings)
        self.outbox = veille.tipline_outbox(settings)

    def whatsapp(self, *messages: dict) -> int:
        body = payloads.whatsapp_body(*messages)
        response = self.client.post("/webhooks/whatsapp", content=body,
                                    headers={"content-type": "application/json",
                                             "x-hub-signature-256": payloads.sign(body)})
        assert response.status_code == 200, response.text
        return response.json()["received"]

    def ask(self, sender: str, text: str, **kwargs) -> None:
        self.whatsapp(payloads.whatsapp_message(sender, text, **kwargs))

    def converse(self) -> int:
        """One conversation step as if the bundling window had passed."""
        return self.conversation.step(now=datetime.now(UTC) + timedelta(seconds=self.settings.bundle_seconds + 1))

    def outbox_rows(self, *columns: str) -> list[tuple]:
        cols = ", ".join(columns or ("kind", "body", "status"))
        return self.veille.store.cursor().execute(
            f"SELECT {cols} FROM tipline_outbox ORDER BY created_at, id").fetchall()

    def sql(self, query: str, params=None) -> list[tuple]:
        return self.veille.store.cursor().execute(query, params or []).fetchall()

    def close(self) -> None:
        self.outbox.close()
        self.client.close()


@pytest.fixture
def tipline(db, send_api):
    veille = Veille(db)
    tip = Tipline(veille, settings_for(send_api.url))
    yield tip
    tip.close()
    veille.close()
