"""Killed between receipt and reply: the question and its reply survive in the database, and the
reply is sent exactly once after restart. A real `veille serve` in a subprocess, killed with
SIGKILL, and the fake send API on loopback."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.tipline import payloads
from tests.tipline.fake_send import FakeSendApi
from tests.tipline.test_outbox import free_port
from veille.app import Veille

pytestmark = pytest.mark.slow

SENDER = "5511987654321"


class Server:
    def __init__(self, db: Path, send_api: str, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ,
               "VEILLE_WHATSAPP_APP_SECRET": payloads.APP_SECRET, "VEILLE_WHATSAPP_TOKEN": "wa-access-token",
               "VEILLE_WHATSAPP_API": send_api, "VEILLE_TIPLINE_BUNDLE_SECONDS": "1",
               "VEILLE_TIPLINE_RETRY_SECONDS": "0.2", "VEILLE_TIPLINE_RETRY_MAX_SECONDS": "0.5"}
        self.log = open(log, "a")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "veille", "serve", "--db", str(db), "--port", str(self.port), "--cycle", "3600"],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)  # no shutdown, no flush: as a crash
        self.process.wait(10)
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()


def wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline
        time.sleep(0.1)


def counts(db: Path) -> tuple[int, int, int]:
    """(inbox messages, handled messages, sent replies), read between two runs of the server."""
    with Veille(db) as veille:
        con = veille.store.cursor()
        return tuple(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] for table in (
            "tipline_inbox", "tipline_handled", "tipline_outbox WHERE status = 'sent'"))


def test_a_reply_survives_two_kills_and_is_sent_once(db, tmp_path):
    log = tmp_path / "serve.log"
    with FakeSendApi() as send_api:
        # 1. Killed right after acknowledging the message, before the conversation handled it.
        server = Server(db, send_api.url, log)
        body = payloads.whatsapp_body(payloads.whatsapp_message(SENDER, "Thousands of dead people voted in "
                                                                        "Riverside County, is it true?"))
        response = httpx.post(server.url + "/webhooks/whatsapp", content=body, timeout=10,
                              headers={"content-type": "application/json", "x-hub-signature-256": payloads.sign(body)})
        assert response.status_code == 200
        server.kill()
        assert counts(db) == (1, 0, 0)  # acknowledged means stored; nothing handled yet

        # 2. Restarted while the platform fails: the reply is made and tried, then killed again.
        send_api.status = 500
        server = Server(db, send_api.url, log)
        wait_for(lambda: len(send_api.requests) >= 1)
        server.kill()
        assert not send_api.delivered
        assert counts(db) == (1, 1, 0)  # handled, reply still pending in the outbox

        # 3. Restarted with the platform back: the reply goes out, once.
        send_api.status = 200
        server = Server(db, send_api.url, log)
        try:
            wait_for(lambda: send_api.delivered)
            time.sleep(1.5)  # several outbox periods and retry delays: nothing more may go out
            assert len(send_api.delivered) == 1
            [(path, sent)] = send_api.delivered
            assert path == f"/{payloads.PHONE_NUMBER_ID}/messages" and sent["to"] == SENDER
        finally:
            server.stop()
        assert counts(db) == (1, 1, 1)
