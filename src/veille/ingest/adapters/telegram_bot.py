"""Telegram Bot API updates, one JSON update per line, as a tipline bot logs them.

An update is `{"update_id", "message": {...}}`; a message has `message_id`, `from` (the sender:
`id`, `is_bot`, `first_name`, `username`, `language_code`), `chat` (`id`, `type`), `date` (epoch
seconds), `text` or, under a photo, video or document, `caption`; `photo` (the same picture in
several sizes, each with its own `file_unique_id`), `video`, `document`, `audio`, `voice`,
`animation`, `sticker` (each with a `file_unique_id`); forwards carry `forward_origin` (Bot API 7
and later) or the older `forward_from`, `forward_from_chat`, `forward_date`.

Every `message` becomes a TiplineMessage of channel `telegram`, with the text or caption and the
`file_unique_id` of the media (of the largest photo size, which is the last), which stays the
same across bots and time. Other updates (`edited_message`, `channel_post`, `callback_query`,
`my_chat_member`, ...) are not tips and are skipped. Forward origins have no place in
TiplineMessage yet and are dropped.

Privacy: the sender (`from.id`, or the chat when there is no `from`) is stored only as its keyed
pseudonym. The id is `{chat}/{message_id}` where the chat is pseudonymised too, since a private
chat's id is the sender's own id. Quarantined lines are redacted the same way (see `_tipline`).
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

_IDENTIFYING = {"phone_number", "user_id"}
_PEOPLE = {"from", "chat", "forward_from", "sender_user", "contact", "user"}
_MEDIA = ("video", "document", "audio", "voice", "animation", "sticker", "video_note")


class TelegramBotAdapter:
    name = "telegram-bot"
    description = "Telegram Bot API updates (JSON lines), as tipline messages"
    priority = 60

    def sniff(self, sample: Sample) -> bool:
        first = sample.text.split("\n", 1)[0]
        if not first.startswith("{") or '"update_id"' not in first:
            return False
        try:
            return isinstance(orjson.loads(first).get("update_id"), int)
        except (orjson.JSONDecodeError, AttributeError):
            return len(first) >= len(sample.head) - 1  # a first line longer than the sample

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        key = require_key(options)

        def bad(reason: str, raw, line: int, size: int | None = None):
            return reject(source.name, self.name, reason, raw, key, _IDENTIFYING, _PEOPLE, line=line, size=size)

        limit = options.max_record_bytes
        with source.open() as stream:
            for line in iter_lines(stream, limit):
                if line.size > limit:
                    yield bad(f"record too large: {line.size} bytes > {limit}", line.data, line.number, line.size)
                    continue
                try:
                    update = orjson.loads(line.data)
                except orjson.JSONDecodeError as exc:
                    yield bad(describe_json_error(exc, line.data), line.data, line.number)
                    continue
                if not isinstance(update, dict) or "update_id" not in update:
                    yield bad("not a Bot API update: no update_id", line.data, line.number)
                    continue
                message = update.get("message")
                if message is None:
                    continue
                provenance = Provenance(source=source.name, line=line.number, ref=f"update {update['update_id']}")
                try:
                    yield _tipline_message(message, key, provenance)
                except ValueError as exc:
                    reason = describe_validation(exc) if isinstance(exc, ValidationError) else str(exc)
                    yield bad(reason, line.data, line.number)


def _tipline_message(message, key: bytes, provenance: Provenance) -> TiplineMessage:
    if not isinstance(message, dict):
        raise ValueError("message is not a JSON object")
    chat = message.get("chat") if isinstance(message.get("chat"), dict) else {}
    sender = message.get("from") if isinstance(message.get("from"), dict) else chat
    for field, value in (("message_id", message.get("message_id")), ("chat.id", chat.get("id")),
                         ("date", message.get("date")), ("from.id", sender.get("id"))):
        if value is None or value == "":
            raise ValueError(f"missing field: {field}")
    try:
        received_at = parse_time(message["date"])
    except ValueError as exc:
        raise ValueError(f"bad date: {exc}") from None
    return TiplineMessage(
        channel="telegram",
        id=f"{pseudonymise(str(chat['id']), key)}/{message['message_id']}",
        sender_hash=pseudonymise(str(sender["id"]), key),
        text=message.get("text") or message.get("caption") or "",
        media_hashes=_media(message),
        received_at=received_at,
        provenance=provenance,
    )


def _media(message: dict) -> tuple[str, ...]:
    found = []
    photo = message.get("photo")
    if isinstance(photo, list) and photo and isinstance(photo[-1], dict) and photo[-1].get("file_unique_id"):
        found.append(photo[-1]["file_unique_id"])
    for kind in _MEDIA:
        item = message.get(kind)
        if isinstance(item, dict) and item.get("file_unique_id"):
            found.append(item["file_unique_id"])
    return tuple(found)


ADAPTER = TelegramBotAdapter()
