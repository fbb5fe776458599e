"""Records streamed out of saved JSON API responses, however the responses were saved.

Shared by `meta-ads`, `factcheck-api` and `claimreview`. API responses keep their records in an
array (`data` in the Meta Ad Library, `claims` in the Fact Check Tools API, `@graph` in JSON-LD);
people save one response per file (often pretty-printed), one per line, or a JSON array of them.
The adapter names the arrays whose items are records by their ijson prefix (`data.item` for a
response on its own, `item.data.item` for responses inside a top-level array).

Two ways of reading, chosen from the file's first line:
- JSON lines (the first line is a whole JSON value and more lines follow): each line is parsed
  on its own, so a corrupt or oversized line is quarantined and the next line is read as usual.
- Otherwise the file is one document, or values one after another, streamed with ijson: records
  are built one at a time, so a response of any size is read in bounded memory; a syntax error
  ends the file there, with a quarantine entry that says so (everything before it is kept).

Each record comes out as it completes, then each top-level value without its records (to see
`error` objects, paging, or a value that is itself a record). Records are referred to as
`record N` (N counted from 1 in the file, or in the line), which keeps quarantine idempotent.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from veille.ingest.rejects import describe_json_error, quarantined
from veille.ingest.source import Source, iter_lines
from veille.schema import Quarantined

_STARTS = ("start_map", "start_array")
_ENDS = ("end_map", "end_array")


@dataclass(frozen=True)
class Found:
    value: Any
    line: int | None
    ref: str  # `record N`, or `value N` for a top-level value
    whole: bool  # a top-level value (less the records streamed out of it), not a record


def is_json_lines(head: bytes) -> bool:
    lines = [line for line in head.lstrip(b"\xef\xbb\xbf").split(b"\n") if line.strip()]
    if len(lines) < 2:
        return False
    try:
        orjson.loads(lines[0])
    except orjson.JSONDecodeError:
        return False
    return True


def read_json(source: Source, max_record_bytes: int, record_prefixes: set[str],
              format_name: str) -> Iterator[Found | Quarantined]:
    if is_json_lines(source.sample()):
        yield from _read_lines(source, max_record_bytes, record_prefixes, format_name)
        return
    with source.open() as stream:
        yield from _read_stream(stream, source, record_prefixes, format_name)


def _read_lines(source, max_record_bytes, record_prefixes, format_name):
    with source.open() as stream:
        for line in iter_lines(stream, max_record_bytes):
            if line.size > max_record_bytes:
                yield quarantined(source.name, format_name, f"record too large: {line.size} bytes > "
                                  f"{max_record_bytes}", line.data, line=line.number, size=line.size)
                continue
            try:
                value = orjson.loads(line.data)
            except orjson.JSONDecodeError as exc:
                yield quarantined(source.name, format_name, describe_json_error(exc, line.data), line.data,
                                  line=line.number)
                continue
            records, rest = _split(value, record_prefixes)
            for n, record in enumerate(records, 1):
                yield Found(record, line.number, f"record {n}", False)
            yield Found(rest, line.number, "value 1", True)


def _split(value, record_prefixes: set[str]) -> tuple[list, Any]:
    """The records of a parsed value (at the same prefixes ijson would give), and the rest of it."""
    records: list = []

    def visit(node, path: str):
        if isinstance(node, dict):
            return {key: visit(item, f"{path}.{key}" if path else key) for key, item in node.items()}
        if isinstance(node, list):
            inner = f"{path}.item" if path else "item"
            if inner in record_prefixes:
                records.extend(node)
                return []
            return [visit(item, inner) for item in node]
        return node

    return records, visit(value, "")


def _read_stream(stream, source, record_prefixes, format_name):
    import ijson  # only the JSON adapters need it

    count = 0
    try:
        for found in _walk(ijson.parse(stream, multiple_values=True, use_float=True), record_prefixes):
            count += not found.whole
            yield found
    except ijson.JSONError as exc:
        message = str(exc).removeprefix("b'").split("\\n")[0].split("\n")[0].strip()
        where = f"after record {count}" if count else "before any record"
        yield quarantined(source.name, format_name, f"invalid JSON {where}: {message}; the rest of the file "
                          "was not read", b"", ref="rest-of-file", size=0)


def _walk(events, record_prefixes: set[str]) -> Iterator[Found]:
    records = values = depth = 0
    record = top = None  # builders of the record and of the top-level value being read
    for prefix, event, value in events:
        if record is not None:
            record.event(event, value)
            depth += (event in _STARTS) - (event in _ENDS)
            if depth == 0:
                yield Found(record.value, None, f"record {records}", False)
                record = None
            continue
        if prefix in record_prefixes and event != "map_key" and event not in _ENDS:
            records += 1
            record, depth = _builder(), 1
            record.event(event, value)
            if event not in _STARTS:  # a scalar record
                yield Found(value, None, f"record {records}", False)
                record = None
            continue
        if prefix == "" and event not in ("map_key", *_ENDS) and top is None:
            values += 1
            top = _builder()
        top.event(event, value)
        if prefix == "" and (event in _ENDS or event not in ("map_key", *_STARTS)):
            yield Found(top.value, None, f"value {values}", True)
            top = None


def _builder():
    import ijson

    return ijson.ObjectBuilder()
