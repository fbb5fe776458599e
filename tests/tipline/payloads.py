"""Real-shaped webhook bodies: WhatsApp Cloud API (`entry[].changes[].value` with `metadata`,
`contacts`, `messages` or `statuses`, as Meta documents them) and Telegram Bot API updates."""

import hashlib
import hmac
import itertools
import json
import time

APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
TELEGRAM_SECRET = "test-telegram-secret"
PHONE_NUMBER_ID = "106540352242922"
_ids = itertools.count(1)


def wamid() -> str:
    # Real ids are base64 of the sender's number and a random part; any unique string does here.
    return f"wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA{next(_ids):06d}="


def whatsapp_message(sender: str, text: str | None = None, *, message_id: str | None = None,
                     caption: str | None = None, forwarded: bool = False) -> dict:
    message = {"from": sender, "id": message_id or wamid(), "timestamp": str(int(time.time()))}
    if caption is not None:
        image = {"caption": caption, "mime_type": "image/jpeg", "id": "1479537139650973",
                 "sha256": "2977a9f0dbd94a0c2fa2a55b1aa5f7f5b4e3b9e0bd3f5bfe9e1d7a2d1c3f8a21"}
        message |= {"type": "image", "image": image}
    else:
        message |= {"type": "text", "text": {"body": text}}
    if forwarded:
        message["context"] = {"forwarded": True}
    return message


def whatsapp_body(*messages: dict, name: str = "Sheena Nelson") -> bytes:
    contacts = [{"profile": {"name": name}, "wa_id": m["from"]} for m in messages]
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
        "field": "messages",
        "value": {"messaging_product": "whatsapp",
                  "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID},
                  "contacts": contacts, "messages": list(messages)}}]}]}).encode()


def whatsapp_statuses(recipient: str) -> bytes:
    """A delivery receipt: statuses only, no message."""
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
        "field": "messages",
        "value": {"messaging_product": "whatsapp",
                  "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID},
                  "statuses": [{"id": wamid(), "status": "delivered", "timestamp": str(int(time.time())),
                                "recipient_id": recipient,
                                "conversation": {"id": "a2b7f3c8e2d6", "origin": {"type": "service"}},
                                "pricing": {"billable": True, "pricing_model": "CBP", "category": "service"}}]}}]}],
    }).encode()


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def telegram_update(user_id: int, text: str, *, update_id: int | None = None, message_id: int | None = None,
                    kind: str = "message", forwarded: bool = False) -> bytes:
    n = next(_ids)
    message = {"message_id": message_id or n,
               "from": {"id": user_id, "is_bot": False, "first_name": "Ana", "username": "ana_p",
                        "language_code": "es"},
               "chat": {"id": user_id, "first_name": "Ana", "username": "ana_p", "type": "private"},
               "date": int(time.time()), "text": text}
    if forwarded:
        message["forward_origin"] = {"type": "channel", "chat": {"id": -1001234567890, "title": "Noticias",
                                                                 "type": "channel"}, "message_id": 77,
                                     "date": int(time.time()) - 3600}
    return json.dumps({"update_id": update_id or 700_000 + n, kind: message}).encode()
