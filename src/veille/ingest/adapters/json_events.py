"""Streaming the parts of a big JSON document that an adapter wants, one part at a time.

Shared by the JSON adapters whose files are one document rather than one record a line (a
Telegram `result.json`, a pretty-printed X API response). ijson turns the document into events;
`parts` rebuilds only the values found at the wanted paths (one message, one tweet), never the
document around them, so a 10 GB export is read with the memory of its largest message. A value
larger than the record limit is not built: it comes back as `TooLarge`, with its approximate size
and its `id` when that came early, and reading goes on. Concatenated documents are read one after
the other. A document that is cut or broken raises `ijson.JSONError` after every earlier part has
been yielded; the adapter says where in its own terms.

This module defines no ADAPTER: it is a part of the adapters, not a format.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

import ijson

START = object()  # yielded for a wanted start: a new chat begins here


@dataclass(frozen=True)
class TooLarge:
    size: int  # approximate bytes: characters of keys and strings, plus a few per value
    id: object = None


def parts(stream: BinaryIO, *, build: set[str], scalars: set[str] = frozenset(), starts: set[str] = frozenset(),
          max_bytes: int) -> Iterator[tuple[str, object]]:
    """(path, object) for each JSON object at a `build` path, each scalar at a `scalars` path, and
    (path, START) where an object at a `starts` path opens. Paths are ijson prefixes, such as
    `chats.list.item.messages.item`."""
    events = ijson.parse(stream, use_float=True, multiple_values=True)
    for prefix, event, value in events:
        if event == "start_map":
            if prefix in build:
                yield prefix, _build(events, max_bytes)
            elif prefix in starts:
                yield prefix, START
        elif event not in ("map_key", "end_map", "end_array") and prefix in scalars:
            yield prefix, value


def _build(events: Iterator, max_bytes: int) -> object:
    builder: ijson.ObjectBuilder | None = ijson.ObjectBuilder()
    builder.event("start_map", None)
    depth, size, key, ident = 1, 2, None, None
    while depth:
        try:
            _, event, value = next(events)
        except StopIteration:
            raise ijson.IncompleteJSONError("premature EOF inside a value") from None
        if event in ("start_map", "start_array"):
            depth += 1
        elif event in ("end_map", "end_array"):
            depth -= 1
        elif event == "map_key":
            key = value
        elif depth == 1 and key == "id":
            ident = value
        size += len(value) + 3 if isinstance(value, str) else 4
        if builder is not None:
            if size > max_bytes:
                builder = None  # stop building; keep reading past the rest of this value
            else:
                builder.event(event, value)
    return builder.value if builder is not None else TooLarge(size, ident)


def first_line(error: Exception) -> str:
    """yajl's messages run over several lines with an ASCII-art pointer; the first says it all."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
