"""What the tipline webhooks do with a POST, free of any web framework: check, parse, store.

Order of checks: the platform is configured (else 503 naming the variable to set), the
signature or token is right (401 when missing, 403 when wrong: nothing is read or stored), the
body is JSON (400) of the platform's shape (400). Then the messages are committed by the intake
(veille.tipline.intake) before the 200 goes out; a failed commit answers 503 so that the
platform delivers again. The body size limit (413) is enforced by the caller while it reads.
Nothing here logs a body, a sender or a secret.
"""

import logging

import orjson

from veille.errors import StoreError, UsageError
from veille.tipline.deliveries import (
    secret_token_ok,
    telegram_deliveries,
    whatsapp_deliveries,
    whatsapp_signature_ok,
)
from veille.tipline.settings import TiplineSettings

log = logging.getLogger("veille.tipline")

PATHS = {"/webhooks/whatsapp": "whatsapp", "/webhooks/telegram": "telegram"}


def error(status: int, message: str) -> tuple[int, dict]:
    return status, {"error": {"status": status, "message": message}}


async def receive(veille, settings: TiplineSettings, platform: str, headers: dict[str, str],
                  raw: bytes) -> tuple[int, dict]:
    """(HTTP status, JSON body) for one webhook POST of `platform`; `headers` lower-cased."""
    if platform == "whatsapp":
        if not settings.whatsapp_app_secret:
            return error(503, "the WhatsApp webhook is not configured: set VEILLE_WHATSAPP_APP_SECRET")
        signature = headers.get("x-hub-signature-256")
        if not signature:
            return error(401, "missing X-Hub-Signature-256")
        if not whatsapp_signature_ok(raw, signature, settings.whatsapp_app_secret):
            return error(403, "X-Hub-Signature-256 does not match the body")
        parse = whatsapp_deliveries
    else:
        if not settings.telegram_secret_token:
            return error(503, "the Telegram webhook is not configured: set VEILLE_TELEGRAM_SECRET_TOKEN")
        token = headers.get("x-telegram-bot-api-secret-token")
        if token is None:
            return error(401, "missing X-Telegram-Bot-Api-Secret-Token")
        if not secret_token_ok(token, settings.telegram_secret_token):
            return error(403, "wrong X-Telegram-Bot-Api-Secret-Token")
        parse = telegram_deliveries
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return error(400, "the body is not JSON")
    intake = veille.tipline_intake()
    try:
        parsed = parse(body, intake.pseudonym_key)
    except UsageError as exc:
        return error(400, str(exc))
    try:
        await intake.submit(parsed.deliveries)
    except StoreError:
        return error(503, "the message could not be stored; deliver it again later")
    if parsed.unreadable:
        log.info("tipline webhook: %d message(s) without the fields a tip needs were left out", parsed.unreadable)
    return 200, {"received": len(parsed.deliveries)}
