"""The outbox against a fake send API on loopback: retries with backoff through an outage,
a message marked sent only after a 2xx, permanent errors given up, and the wire formats."""

import socket
import time

from tests.tipline.conftest import Tipline, settings_for
from tests.tipline.fake_send import FakeSendApi
from tests.tipline.payloads import PHONE_NUMBER_ID, TELEGRAM_SECRET, telegram_update
from veille.app import Veille

QUESTION = "Thousands of dead people voted in Riverside County, share before they delete it"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def deliver_until(tip: Tipline, predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, tip.sql("SELECT status, attempts, last_error FROM tipline_outbox")
        tip.outbox.deliver_due()
        time.sleep(0.02)


def statuses(tip) -> list[tuple]:
    return tip.sql("SELECT status, attempts, address IS NULL FROM tipline_outbox")


def test_a_reply_is_retried_through_an_outage_and_sent_once(tipline, send_api):
    tipline.ask("447700900001", QUESTION)
    tipline.converse()
    send_api.status = 500  # the platform is failing
    tipline.outbox.deliver_due()
    tipline.outbox.deliver_due()  # too soon: the retry waits for its backoff
    assert len(send_api.requests) == 1 and not send_api.delivered
    [(status, attempts, erased)] = statuses(tipline)
    assert (status, attempts, erased) == ("pending", 1, False)
    send_api.status = 503
    deliver_until(tipline, lambda: len(send_api.requests) == 2)  # retried after 0.05 s
    send_api.status = 200  # back up
    deliver_until(tipline, lambda: send_api.delivered)
    assert statuses(tipline) == [("sent", 3, True)]  # third attempt; the sealed address is erased
    tipline.outbox.deliver_due()
    assert len(send_api.delivered) == 1  # sent exactly once
    path, headers, body, _ = send_api.requests[-1]
    assert path == f"/{PHONE_NUMBER_ID}/messages" and headers["Authorization"] == "Bearer wa-access-token"
    assert body["messaging_product"] == "whatsapp" and body["to"] == "447700900001" and body["type"] == "text"
    assert "Riverside" in body["text"]["body"] or "fact-checker" in body["text"]["body"]


def test_connection_refused_then_the_api_comes_up(db):
    port = free_port()  # nothing listens there yet: connections are refused
    with Veille(db) as veille:
        tip = Tipline(veille, settings_for(f"http://127.0.0.1:{port}"))
        tip.ask("447700900002", QUESTION)
        tip.converse()
        tip.outbox.deliver_due()
        assert tip.sql("SELECT status, attempts, last_error FROM tipline_outbox") == [("pending", 1, "ConnectError")]
        with FakeSendApi(port) as send_api:
            deliver_until(tip, lambda: send_api.delivered)
            assert statuses(tip) == [("sent", 2, True)]
        tip.close()


def test_a_permanent_refusal_is_given_up_and_too_many_failures_too(db, send_api):
    with Veille(db) as veille:
        tip = Tipline(veille, settings_for(send_api.url, max_attempts=3))
        send_api.status = 400  # e.g. the number is not on WhatsApp: retrying cannot help
        tip.ask("447700900003", QUESTION)
        tip.converse()
        tip.outbox.deliver_due()
        assert tip.sql("SELECT status, attempts, last_error, address IS NULL FROM tipline_outbox") == [
            ("failed", 1, "HTTP 400", True)]
        send_api.status = 500
        tip.ask("447700900004", QUESTION + "!")
        tip.converse()
        deliver_until(tip, lambda: tip.sql("SELECT count(*) FROM tipline_outbox WHERE status = 'failed'")[0][0] == 2)
        assert tip.sql("SELECT attempts, last_error FROM tipline_outbox WHERE attempts > 1") == [
            (3, "HTTP 500 (after 3 attempts)")]
        assert tip.veille.tipline_stats().outbox_failed == 2
        tip.close()


def test_telegram_replies_go_to_the_chat(tipline, send_api):
    update = telegram_update(555000111, "Miles de personas muertas votaron en el condado de Riverside")
    response = tipline.client.post("/webhooks/telegram", content=update,
                                   headers={"x-telegram-bot-api-secret-token": TELEGRAM_SECRET})
    assert response.status_code == 200
    tipline.converse()
    tipline.outbox.deliver_due()
    [(path, body)] = send_api.delivered
    assert path == "/bot123456:bot-token/sendMessage"
    assert body["chat_id"] == 555000111 and body["text"].startswith(("Encontramos", "Gracias"))


def test_replies_wait_for_a_send_token(db, send_api):
    with Veille(db) as veille:
        tip = Tipline(veille, settings_for(send_api.url, whatsapp_token=None))
        tip.ask("447700900005", QUESTION)
        tip.converse()
        tip.outbox.deliver_due()
        assert tip.sql("SELECT status, last_error FROM tipline_outbox") == [
            ("pending", "set VEILLE_WHATSAPP_TOKEN to send WhatsApp replies")]
        assert not send_api.requests
        tip.close()
