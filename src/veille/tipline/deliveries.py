"""Webhook bodies to tipline messages: signatures checked, messages read with the ingest adapters'
own parsers, and the address to answer kept apart (to be sealed).

WhatsApp Cloud API: a POST body is signed with the app secret, `X-Hub-Signature-256:
sha256=<hex HMAC-SHA256 of the raw body>`; its messages are read by
veille.ingest.adapters.whatsapp_webhook (text, image and video captions, button titles; statuses,
reactions and other changes are not messages). Telegram Bot API: the secret token given to
setWebhook comes back in `X-Telegram-Bot-Api-Secret-Token`; the update's `message` is read by
veille.ingest.adapters.telegram_bot (edited messages, channel posts and callbacks are not tips).
Both are compared in constant time.

A message that cannot be read (a field missing) is left out and counted; it never fails the
delivery, since the platform would only send it again.
"""

import hashlib
import hmac
from dataclasses import dataclass

from veille.errors import UsageError
from veille.ingest.adapters import telegram_bot, whatsapp_webhook
from veille.schema import Provenance, TiplineMessage

_FORWARD_KEYS = ("forward_origin", "forward_from", "forward_from_chat", "forward_sender_name", "forward_date")


@dataclass(frozen=True)
class Delivery:
    """One message as received: the canonical record (sender pseudonymised) and the platform
    address a reply must go to (sealed before it is stored)."""

    message: TiplineMessage
    address: dict
    forwarded: bool


@dataclass(frozen=True)
class Parsed:
    deliveries: list[Delivery]
    unreadable: int  # messages left out


def whatsapp_signature_ok(raw: bytes, header: str | None, app_secret: str) -> bool:
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header[7:].strip().lower().encode(), expected.encode())


def secret_token_ok(header: str | None, secret: str) -> bool:
    return header is not None and hmac.compare_digest(header.encode(), secret.encode())


def whatsapp_deliveries(body, key: bytes) -> Parsed:
    """The messages of a WhatsApp Business webhook body (statuses and other changes skipped)."""
    if not isinstance(body, dict) or body.get("object") != "whatsapp_business_account":
        raise UsageError("not a WhatsApp Business webhook body (object must be whatsapp_business_account)")
    found, unreadable = [], 0
    provenance = Provenance(source="webhook:whatsapp")
    for value in _message_values(body):
        business = (value.get("metadata") or {}).get("phone_number_id") if isinstance(value.get("metadata"), dict) \
            else None
        for message in value.get("messages") or ():
            if not isinstance(message, dict) or message.get("type") in whatsapp_webhook._SKIPPED_TYPES:
                continue
            try:
                record = whatsapp_webhook._tipline_message(message, key, provenance)
            except ValueError:
                unreadable += 1
                continue
            context = message.get("context") if isinstance(message.get("context"), dict) else {}
            forwarded = bool(context.get("forwarded") or context.get("frequently_forwarded"))
            address = {"to": str(message["from"]), "phone_number_id": str(business or "")}
            found.append(Delivery(record, address, forwarded))
    return Parsed(found, unreadable)


def _message_values(body: dict):
    for entry in body.get("entry") or ():
        for change in (entry.get("changes") or ()) if isinstance(entry, dict) else ():
            if isinstance(change, dict) and change.get("field", "messages") == "messages" \
                    and isinstance(change.get("value"), dict):
                yield change["value"]


def telegram_deliveries(update, key: bytes) -> Parsed:
    """The message of a Telegram Bot API update (other kinds of update carry no tip)."""
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        raise UsageError("not a Telegram Bot API update (no update_id)")
    message = update.get("message")
    if message is None:
        return Parsed([], 0)
    try:
        record = telegram_bot._tipline_message(message, key, Provenance(source="webhook:telegram"))
    except ValueError:
        return Parsed([], 1)
    forwarded = any(k in message for k in _FORWARD_KEYS)
    return Parsed([Delivery(record, {"chat_id": message["chat"]["id"]}, forwarded)], 0)
