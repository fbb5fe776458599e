"""The webhooks: signatures, sizes, shapes and retries, with real-shaped payloads."""

import json

from tests.tipline import payloads
from tests.tipline.conftest import Tipline, settings_for
from veille.app import Veille

PHONE = "16505551234"


def stored(tip) -> tuple[int, int]:
    """(tipline_messages rows, tipline_inbox rows)."""
    return (tip.sql("SELECT count(*) FROM tipline_messages")[0][0],
            tip.sql("SELECT count(*) FROM tipline_inbox")[0][0])


def post_whatsapp(tip, body: bytes, signature: str | None):
    headers = {"content-type": "application/json"}
    if signature is not None:
        headers["x-hub-signature-256"] = signature
    return tip.client.post("/webhooks/whatsapp", content=body, headers=headers)


def test_a_signed_whatsapp_message_is_stored_before_the_200(tipline):
    body = payloads.whatsapp_body(payloads.whatsapp_message(PHONE, "Is it true we can vote by SMS?"))
    response = post_whatsapp(tipline, body, payloads.sign(body))
    assert response.status_code == 200
    assert response.json() == {"received": 1}
    assert stored(tipline) == (1, 1)  # committed before the answer: no step, no wait
    sender, text, channel = tipline.sql("SELECT sender_hash, text, channel FROM tipline_messages")[0]
    assert (text, channel) == ("Is it true we can vote by SMS?", "whatsapp")
    assert PHONE not in sender  # a keyed hash, never the number
    address, forwarded = tipline.sql("SELECT address, forwarded FROM tipline_inbox")[0]
    assert PHONE.encode() not in bytes(address) and forwarded is False  # sealed


def test_image_captions_and_forwards_are_messages_and_statuses_are_not(tipline):
    body = payloads.whatsapp_body(
        payloads.whatsapp_message(PHONE, caption="Look: ballots in the river!"),
        payloads.whatsapp_message(PHONE, "Forwarded many times", forwarded=True),
    )
    assert post_whatsapp(tipline, body, payloads.sign(body)).json() == {"received": 2}
    assert sorted(tipline.sql("SELECT m.text, i.forwarded, len(m.media_hashes) FROM tipline_messages m "
                              "JOIN tipline_inbox i ON i.message_id = m.id")) == [
        ("Forwarded many times", True, 0), ("Look: ballots in the river!", False, 1)]
    statuses = payloads.whatsapp_statuses(PHONE)
    response = post_whatsapp(tipline, statuses, payloads.sign(statuses))
    assert response.status_code == 200 and response.json() == {"received": 0}
    assert stored(tipline) == (2, 2)


def test_a_retried_delivery_is_stored_once(tipline):
    body = payloads.whatsapp_body(payloads.whatsapp_message(PHONE, "Same message, delivered twice"))
    for _ in range(3):  # Meta retries when it did not see our 200 in time
        assert post_whatsapp(tipline, body, payloads.sign(body)).status_code == 200
    assert stored(tipline) == (1, 1)


def test_bad_or_missing_signatures_store_nothing(tipline):
    body = payloads.whatsapp_body(payloads.whatsapp_message(PHONE, "Forged"))
    assert post_whatsapp(tipline, body, None).status_code == 401
    assert post_whatsapp(tipline, body, payloads.sign(body, "another-secret")).status_code == 403
    assert post_whatsapp(tipline, body, "sha1=" + payloads.sign(body)[7:]).status_code == 403
    tampered = body.replace(b"Forged", b"Forgex")
    assert post_whatsapp(tipline, tampered, payloads.sign(body)).status_code == 403
    assert stored(tipline) == (0, 0)


def test_malformed_and_oversized_bodies_get_a_clear_4xx(tipline):
    garbage = b'{"object": "whatsapp_business_account", "entry": ['
    response = post_whatsapp(tipline, garbage, payloads.sign(garbage))
    assert response.status_code == 400 and "not JSON" in response.json()["error"]["message"]
    wrong_shape = json.dumps({"object": "page", "entry": []}).encode()
    response = post_whatsapp(tipline, wrong_shape, payloads.sign(wrong_shape))
    assert response.status_code == 400 and "WhatsApp" in response.json()["error"]["message"]
    # 300 KiB of text in one message: over the 256 KiB limit, refused before the signature is checked.
    huge = payloads.whatsapp_body(payloads.whatsapp_message(PHONE, "x" * 300 * 1024))
    response = post_whatsapp(tipline, huge, payloads.sign(huge))
    assert response.status_code == 413 and "larger than" in response.json()["error"]["message"]
    assert stored(tipline) == (0, 0)


def test_an_oversized_body_without_content_length_is_cut_off(tipline):
    chunks = (b"x" * 65536 for _ in range(8))  # 512 KiB sent chunked: no Content-Length to trust
    response = tipline.client.post("/webhooks/whatsapp", content=chunks,
                                   headers={"content-type": "application/json", "x-hub-signature-256": "sha256=00"})
    assert response.status_code == 413


def test_whatsapp_verification(tipline):
    params = {"hub.mode": "subscribe", "hub.verify_token": payloads.VERIFY_TOKEN, "hub.challenge": "1158201444"}
    response = tipline.client.get("/webhooks/whatsapp", params=params)
    assert response.status_code == 200 and response.text == "1158201444"
    wrong = tipline.client.get("/webhooks/whatsapp", params=params | {"hub.verify_token": "guess"})
    assert wrong.status_code == 403
    assert tipline.client.get("/webhooks/whatsapp", params=params | {"hub.mode": "unsubscribe"}).status_code == 403


def test_telegram_updates(tipline):
    def post(body: bytes, token: str | None):
        headers = {"content-type": "application/json"}
        if token is not None:
            headers["x-telegram-bot-api-secret-token"] = token
        return tipline.client.post("/webhooks/telegram", content=body, headers=headers)

    update = payloads.telegram_update(987654321, "¿Es verdad que las máquinas cambian los votos?", forwarded=True)
    assert post(update, None).status_code == 401
    assert post(update, "wrong").status_code == 403
    assert stored(tipline) == (0, 0)
    assert post(update, payloads.TELEGRAM_SECRET).json() == {"received": 1}
    assert post(update, payloads.TELEGRAM_SECRET).json() == {"received": 1}  # retried: stored once
    assert stored(tipline) == (1, 1)
    assert tipline.sql("SELECT forwarded FROM tipline_inbox") == [(True,)]
    edited = payloads.telegram_update(987654321, "edited text", kind="edited_message")
    assert post(edited, payloads.TELEGRAM_SECRET).json() == {"received": 0}
    assert post(b"[1, 2", payloads.TELEGRAM_SECRET).status_code == 400
    assert post(b'{"message": {}}', payloads.TELEGRAM_SECRET).status_code == 400  # no update_id
    assert stored(tipline) == (1, 1)


def test_unconfigured_webhooks_answer_503(db, send_api):
    with Veille(db) as veille:
        tip = Tipline(veille, settings_for(send_api.url, whatsapp_app_secret=None, whatsapp_verify_token=None,
                                           telegram_secret_token=None))
        body = payloads.whatsapp_body(payloads.whatsapp_message(PHONE, "hello"))
        response = post_whatsapp(tip, body, payloads.sign(body))
        assert response.status_code == 503 and "VEILLE_WHATSAPP_APP_SECRET" in response.json()["error"]["message"]
        assert tip.client.get("/webhooks/whatsapp").status_code == 503
        response = tip.client.post("/webhooks/telegram", content=b"{}")
        assert response.status_code == 503 and "VEILLE_TELEGRAM_SECRET_TOKEN" in response.text
        tip.close()


def test_no_phone_number_reaches_the_database_file(db, send_api):
    with Veille(db) as veille:
        tip = Tipline(veille, settings_for(send_api.url))
        tip.ask(PHONE, "Thousands of dead people voted in Riverside County")
        tip.converse()
        tip.outbox.deliver_due()
        tip.close()
    assert send_api.delivered and send_api.delivered[0][1]["to"] == PHONE  # it was sent to the number...
    for path in db.parent.glob("veille.duckdb*"):  # ...which is nowhere in the files
        if path.is_file():
            assert PHONE.encode() not in path.read_bytes(), path
