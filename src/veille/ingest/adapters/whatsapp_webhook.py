"""WhatsApp Cloud API webhook bodies, one JSON POST body per line, as a tipline logs them.

A body is `{"object": "whatsapp_business_account", "entry": [{"id", "changes": [{"field":
"messages", "value": {"messaging_product", "metadata", "contacts": [{"profile": {"name"},
"wa_id"}], "messages": [...], "statuses": [...]}}]}]}`. Each message has `from` (the sender's
phone number), `id` (`wamid.…`), `timestamp` (epoch seconds, as a string) and `type` with a
matching object: `text.body`; `image`, `video`, `document`, `audio`, `sticker` with `sha256`,
`id`, `mime_type` and, for the first three, `caption`; `context.forwarded` and
`context.frequently_forwarded` on forwards.

Every message becomes a TiplineMessage of channel `whatsapp`: the text is the body or the
caption (or a button's title); the media's sha256 goes to media_hashes. Statuses (sent,
delivered, read receipts), reactions and other fields' changes are not messages and are skipped.
The forwarded flags have no place in TiplineMessage yet and are dropped.

Privacy: the sender is stored only as its keyed pseudonym, and so is the message id, because a
`wamid` is base64 that spells out the sender's phone number (`wamid.HBgLMTY1MDU1NTEyMzQV…`
decodes to `…16505551234…`). Quarantined lines are redacted the same way (see `_tipline`).
"""

from collections.abc import Iterator

import orjson
from pydantic import ValidationError

from veille.enrich.timestamps import parse_time
from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.adapters._tipline import reject, require_key
from veille.ingest.rejects import describe_json_error, describe_validation
from veille.ingest.source import Source, iter_lines
from veille.privacy import pseudonymise
from veille.schema import Provenance, TiplineMessage

_IDENTIFYING = {"from", "wa_id", "recipient_id", "id", "phone", "user_id"}
_PEOPLE = {"profile"}
_MEDIA = ("image", "video", "document", "audio", "sticker")
_SKIPPED_TYPES = {"reaction", "system", "request_welcome"}


class WhatsAppWebhookAdapter:
    name = "whatsapp-webhook"
    description = "WhatsApp Cloud API webhook bodies (JSON lines), as tipline messages"
    priority = 60

    def sniff(self, sample: Sample) -> bool:
        first = sample.text.split("\n", 1)[0]
        return first.startswith("{") and '"whatsapp_business_account"' in first

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        key = require_key(options)

        def bad(reason: str, raw, line: int, ref: str | None = None, size: int | None = None):
            return reject(source.name, self.name, reason, raw, key, _IDENTIFYING, _PEOPLE, line=line, ref=ref,
                          size=size)

        limit = options.max_record_bytes
        with source.open() as stream:
            for line in iter_lines(stream, limit):
                if line.size > limit:
                    yield bad(f"record too large: {line.size} bytes > {limit}", line.data, line.number, size=line.size)
                    continue
                try:
                    body = orjson.loads(line.data)
                except orjson.JSONDecodeError as exc:
                    yield bad(describe_json_error(exc, line.data), line.data, line.number)
                    continue
                if not isinstance(body, dict) or body.get("object") != "whatsapp_business_account":
                    yield bad("not a WhatsApp Business webhook body", line.data, line.number)
                    continue
                for n, message in enumerate(_messages(body), 1):
                    if not isinstance(message, dict) or message.get("type") in _SKIPPED_TYPES:
                        continue
                    provenance = Provenance(source=source.name, line=line.number, ref=f"message {n}")
                    try:
                        yield _tipline_message(message, key, provenance)
                    except ValueError as exc:
                        yield bad(_reason(exc), message, line.number, provenance.ref)


def _messages(body: dict) -> Iterator:
    for entry in body.get("entry") or ():
        for change in (entry.get("changes") or ()) if isinstance(entry, dict) else ():
            value = change.get("value") if isinstance(change, dict) else None
            if isinstance(value, dict) and change.get("field", "messages") == "messages":
                yield from value.get("messages") or ()


def _tipline_message(message: dict, key: bytes, provenance: Provenance) -> TiplineMessage:
    for field in ("from", "id", "timestamp"):
        if not message.get(field):
            raise ValueError(f"missing field: {field}")
    kind = str(message.get("type"))
    text = (
        _inner(message, "text", "body")
        or _inner(message, kind, "caption")
        or _inner(message, "button", "text")
        or _inner(message.get("interactive") or {}, "button_reply", "title")
        or _inner(message.get("interactive") or {}, "list_reply", "title")
        or ""
    )
    media = [message[m]["sha256"] for m in _MEDIA if isinstance(message.get(m), dict) and message[m].get("sha256")]
    try:
        received_at = parse_time(message["timestamp"])
    except ValueError as exc:
        raise ValueError(f"bad timestamp: {exc}") from None
    return TiplineMessage(
        channel="whatsapp",
        id=pseudonymise(str(message["id"]), key, prefix="wa:"),
        sender_hash=pseudonymise(str(message["from"]), key),
        text=text,
        media_hashes=tuple(media),
        received_at=received_at,
        provenance=provenance,
    )


def _inner(obj, kind: str, field: str) -> str | None:
    value = obj.get(kind) if isinstance(obj, dict) else None
    value = value.get(field) if isinstance(value, dict) else None
    return value if isinstance(value, str) else None


def _reason(exc: ValueError) -> str:
    return describe_validation(exc) if isinstance(exc, ValidationError) else str(exc)


ADAPTER = WhatsAppWebhookAdapter()
