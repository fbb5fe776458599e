"""The platforms' send APIs: what a reply looks like on the wire.

WhatsApp Cloud API: `POST {base}/{phone_number_id}/messages` with `Authorization: Bearer
<token>` and `{"messaging_product": "whatsapp", "to": <wa_id>, "type": "text", "text": {"body":
...}}`, from the business number the question came to. Telegram Bot API: `POST
{base}/bot<token>/sendMessage` with `{"chat_id": ..., "text": ...}`. The base URLs are settings,
so tests (and a deployment behind a proxy) point them elsewhere.
"""

from dataclasses import dataclass

from veille.errors import VeilleError
from veille.tipline.settings import TiplineSettings

WHATSAPP_MAX_CHARS = 4096
TELEGRAM_MAX_CHARS = 4096


class NotConfigured(VeilleError):
    """The send API of a channel has no token: replies wait until one is set."""


@dataclass(frozen=True)
class SendRequest:
    url: str
    headers: dict
    json: dict


def send_request(channel: str, address: dict, body: str, settings: TiplineSettings) -> SendRequest:
    if channel == "whatsapp":
        if not settings.whatsapp_token:
            raise NotConfigured("set VEILLE_WHATSAPP_TOKEN to send WhatsApp replies")
        business = address.get("phone_number_id") or settings.whatsapp_phone_number_id
        if not business:
            raise NotConfigured("no business phone number id to answer from: set VEILLE_WHATSAPP_PHONE_NUMBER_ID")
        return SendRequest(
            url=f"{settings.whatsapp_api}/{business}/messages",
            headers={"Authorization": f"Bearer {settings.whatsapp_token}"},
            json={"messaging_product": "whatsapp", "recipient_type": "individual", "to": address["to"],
                  "type": "text", "text": {"preview_url": True, "body": body[:WHATSAPP_MAX_CHARS]}},
        )
    if channel == "telegram":
        if not settings.telegram_bot_token:
            raise NotConfigured("set VEILLE_TELEGRAM_BOT_TOKEN to send Telegram replies")
        return SendRequest(
            url=f"{settings.telegram_api}/bot{settings.telegram_bot_token}/sendMessage",
            headers={},
            json={"chat_id": address["chat_id"], "text": body[:TELEGRAM_MAX_CHARS]},
        )
    raise NotConfigured(f"no send API for channel {channel!r}")
