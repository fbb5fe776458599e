"""Telegram Desktop exports (`result.json`): one chat, or a whole account's chats.

A single-chat export is `{"name", "type", "id", "messages": [...]}`; a full account export has
`chats.list[...]` and `left_chats.list[...]`, each chat with the same keys. Exports of big
channels run to gigabytes, so the file is read as a stream of ijson events and only one message
is built at a time; the chat's `name`, `type` and `id` come before its `messages` in every
export, so each message knows its chat. A file cut mid-document keeps every message read
before the cut and adds one quarantine entry that says where the document ends.

Messages:
- `type` is `message`; `service` messages (joins, pins, calls) and the `unsupported` ones that
  the exporter could not write are skipped, not quarantined: there is nothing to store.
- Post id is `{chat id}/{message id}`; provenance ref is the same, so that two chats' message 7
  never share a quarantine key. `reply_to_message_id` becomes `reply_to_id` in the same chat, or
  in `reply_to_peer_id`'s chat when the reply crosses chats.
- `date_unixtime` (a string of epoch seconds) is the time; `date` is the exporting computer's
  local time without an offset, used (as UTC) only by old exports that lack `date_unixtime`.
  A message with neither is quarantined.
- `from_id` (`user123`, `channel123`, `chat123`) is the account; without it (anonymous group
  admins, very old exports) the chat itself is, in the same form: channels and supergroups
  `channel{id}`, basic groups `chat{id}`, private chats `user{id}`.
- `text` is a string, or a list of strings and entity objects (`link`, `text_link` with `href`,
  `hashtag`, `mention`, `bold`, ...). The text is their concatenation; urls come from `link`
  and `text_link` entities, hashtags and mentions from theirs, all set on the post (a plain
  string means the message has no entities, so empty lists are right).
- `forwarded_from` is only the original sender's display name (or null when hidden); no export
  version has the original chat's id or message id, so it cannot name the original post and
  `share_of_id` is left empty. Forwards keep their original text, where co-text detection finds
  them. `saved_from` is likewise a name only.
- `photo`/`file` are paths to files beside `result.json` (or a "not included" note), not hashes,
  so `media_hashes` stays empty. `reactions` counts are summed into the `reactions` metric.

Accounts: each chat (display name = its `name`) and each `from_id` (display name = `from`).
Telegram exports carry no usernames for senders, so handles stay empty.
"""

from collections.abc import Iterator

import ijson
from pydantic import ValidationError

from veille.enrich.timestamps import parse_time
from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.adapters.json_events import START, TooLarge, first_line, parts
from veille.ingest.rejects import describe_validation, quarantined
from veille.ingest.source import Source
from veille.schema import Account, Post, Provenance

_CHATS = ("", "chats.list.item", "left_chats.list.item")  # "" is the root of a single-chat export
_MESSAGES = {"messages.item", "chats.list.item.messages.item", "left_chats.list.item.messages.item"}
_CHAT_FIELDS = {f"{chat}.{key}".lstrip(".") for chat in _CHATS for key in ("id", "name", "type")}
_STARTS = {"chats.list.item", "left_chats.list.item"}
_CHAT_TYPES = {
    "personal_chat", "bot_chat", "saved_messages", "replies", "private_group", "private_supergroup",
    "public_supergroup", "private_channel", "public_channel",
}
_PEER_PREFIX = {
    "personal_chat": "user", "bot_chat": "user", "saved_messages": "user", "private_group": "chat",
    "private_supergroup": "channel", "public_supergroup": "channel", "private_channel": "channel",
    "public_channel": "channel",
}


class TelegramAdapter:
    name = "telegram"
    description = "Telegram Desktop export result.json (one chat or a whole account)"
    priority = 20

    def sniff(self, sample: Sample) -> bool:
        text = sample.text
        if not text.startswith("{"):
            return False
        head = text[:4096]
        if '"about"' in head and ('"personal_information"' in text or '"chats"' in text or "Telegram" in head):
            return True
        return '"messages"' in text and any(f'"type": "{t}"' in head for t in _CHAT_TYPES)

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        chat: dict = {}
        senders: set[str] = set()
        kept, last = 0, None
        with source.open() as stream:
            try:
                for path, value in parts(stream, build=_MESSAGES, scalars=_CHAT_FIELDS, starts=_STARTS,
                                         max_bytes=options.max_record_bytes):
                    if value is START:
                        chat = {}
                    elif path in _CHAT_FIELDS:
                        chat[path.rsplit(".", 1)[-1]] = value
                    else:
                        for item in self._message(value, chat, source, options, senders):
                            kept += isinstance(item, Post)
                            last = item.provenance.ref if isinstance(item, Post) else last
                            yield item
            except ijson.JSONError as exc:
                where = f"after message {last}" if last else "before the first message"
                cut = "document cut" if "premature EOF" in str(exc) else f"invalid JSON ({first_line(exc)})"
                yield quarantined(source.name, self.name, f"{cut} {where} (messages kept: {kept})",
                                  b"", ref="end-of-document", size=0)

    def _message(self, message, chat: dict, source: Source, options: IngestOptions,
                 senders: set[str]) -> Iterator[Item]:
        chat_id = chat.get("id")
        if isinstance(message, TooLarge):
            ref = f"{chat_id}/{message.id}"
            yield quarantined(source.name, self.name, f"record too large: about {message.size} bytes > "
                              f"{options.max_record_bytes}", b"", ref=ref, size=message.size)
            return
        if message.get("type") != "message":
            return
        ref = f"{chat_id}/{message.get('id')}"
        try:
            post = _post(message, chat, Provenance(source=source.name, ref=ref))
        except ValueError as exc:
            reason = describe_validation(exc) if isinstance(exc, ValidationError) else str(exc)
            yield quarantined(source.name, self.name, reason, message, ref=ref)
            return
        chat_account = _peer(chat)
        if chat_account and chat_account not in senders:
            senders.add(chat_account)
            yield Account(platform="telegram", id=chat_account, display_name=chat.get("name"),
                          provenance=post.provenance)
        if post.account_id not in senders:
            senders.add(post.account_id)
            yield Account(platform="telegram", id=post.account_id, display_name=message.get("from"),
                          provenance=post.provenance)
        yield post


def _peer(chat: dict) -> str | None:
    """The chat as a Telegram peer id, in the form `from_id` uses."""
    if chat.get("id") is None:
        return None
    return f"{_PEER_PREFIX.get(chat.get('type'), '')}{chat['id']}"


def _post(message: dict, chat: dict, provenance: Provenance) -> Post:
    if chat.get("id") is None:
        raise ValueError("message outside a chat with an id")
    if message.get("id") is None:
        raise ValueError("missing field: id")
    when = message.get("date_unixtime") or message.get("date")
    if not when:
        raise ValueError("missing field: date")
    try:
        created_at = parse_time(when)
    except ValueError:
        raise ValueError(f"bad date: {when!r}") from None
    text, urls, hashtags, mentions = _text(message.get("text"))
    reply_to = message.get("reply_to_message_id")
    reply_chat = _bare_id(message.get("reply_to_peer_id")) or chat["id"]
    reactions = [r.get("count") for r in message.get("reactions") or [] if isinstance(r, dict)]
    return Post(
        platform="telegram", id=f"{chat['id']}/{message['id']}",
        account_id=str(message.get("from_id") or _peer(chat)), created_at=created_at, text=text,
        urls=urls, hashtags=hashtags, mentions=mentions,
        reply_to_id=f"{reply_chat}/{reply_to}" if reply_to is not None else None,
        metrics={"reactions": float(sum(c for c in reactions if isinstance(c, int | float)))} if reactions else {},
        provenance=provenance,
    )


def _bare_id(peer) -> str | None:
    """`channel123` -> `123`, the form chat ids take in post ids."""
    if not isinstance(peer, str):
        return None
    return peer.removeprefix("channel").removeprefix("chat").removeprefix("user") or None


def _text(value) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    if isinstance(value, str):
        return value, (), (), ()
    pieces, urls, hashtags, mentions = [], [], [], []
    for part in value if isinstance(value, list) else []:
        if isinstance(part, str):
            pieces.append(part)
            continue
        if not isinstance(part, dict):
            continue
        shown = part.get("text") if isinstance(part.get("text"), str) else ""
        pieces.append(shown)
        kind = part.get("type")
        if kind == "link" and shown:
            urls.append(shown if "://" in shown else f"http://{shown}")
        elif kind == "text_link" and part.get("href"):
            urls.append(part["href"])
        elif kind == "hashtag" and shown:
            hashtags.append(shown)
        elif kind == "mention" and shown:
            mentions.append(shown)
    return "".join(pieces), tuple(urls), tuple(hashtags), tuple(mentions)


ADAPTER = TelegramAdapter()
