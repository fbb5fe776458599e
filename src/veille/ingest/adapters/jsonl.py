"""Canonical JSON lines: one post per line, veille's own interchange format.

Fields: `platform`, `id`, `account_id`, `created_at` (ISO 8601 or epoch seconds), `text`;
optional `lang`, `urls`, `hashtags`, `mentions`, `share_of_id`, `reply_to_id`, `media_hashes`,
`account_name`, `metrics` (an object of numbers). Unknown fields are refused, so a misspelt
field quarantines the line instead of silently losing its value. `account_name` becomes the
account's handle. Missing urls, hashtags and mentions are found in the text by the pipeline.

Most lines of a large file have the plain shape that `add_lines` recognises (string fields,
lists of strings, a `...Z` UTC time): those go straight into the batch's columns, checked by the
same rules as the Post model, without building a model per line (that cost more than all the
enrichment). Any other line, good or bad, takes the ordinary way through `parse_line` and the
model, so what is stored or quarantined is the same either way.
"""

import re
from collections.abc import Iterable, Iterator
from datetime import date

import orjson
from pydantic import ValidationError

from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.rejects import describe_json_error, describe_validation, quarantined
from veille.ingest.lines import LineContext, parse, read_lines
from veille.ingest.source import Line, Source
from veille.schema import Account, Post
from veille.store.writer import AccountRow, Batch

_REQUIRED = ("platform", "id", "account_id", "created_at")
_IDS = ("id", "account_id", "share_of_id", "reply_to_id")
_FIELDS = frozenset((*_REQUIRED, "text", "lang", "urls", "hashtags", "mentions", "share_of_id", "reply_to_id",
                     "media_hashes", "account_name", "metrics"))
_PLAIN_PLATFORM = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")  # the model's pattern, already lower-case
_PLAIN_TIME = re.compile(r"[12]\d{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\dZ")
_MAX_ID = 1024
_MAX_EXACT_FLOAT = 2**53
_NOT_PLAIN = object()


class JsonlAdapter:
    name = "jsonl"
    description = "canonical JSON lines, one post per line"
    priority = 10

    def sniff(self, sample: Sample) -> bool:
        first = sample.text.split("\n", 1)[0].strip()
        if not first.startswith("{"):
            return False
        try:
            record = orjson.loads(first)
        except orjson.JSONDecodeError:
            return len(first) >= len(sample.head) - 1 and all(f'"{k}"' in first for k in _REQUIRED)
        return isinstance(record, dict) and all(k in record for k in _REQUIRED)

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        return read_lines(self, source, options)

    def add_lines(self, lines: Iterable[tuple[int, bytes, int]], context: LineContext, batch: Batch) -> None:
        """Lines (number, bytes, size) into the batch: plain ones as columns, others as models."""
        limit = context.options.max_record_bytes
        handles = context.scratch.setdefault("handles", {})
        plain = _Plain(batch, context.source, handles)
        for number, data, size in lines:
            if size <= limit:
                try:
                    record = orjson.loads(data)
                except orjson.JSONDecodeError:
                    record = None
                if type(record) is dict and plain.add(record, number):
                    continue
            for item in parse(self, Line(number, data, size), context):
                batch.add(item)

    def parse_line(self, line: Line, context: LineContext) -> list[Item]:
        try:
            record = orjson.loads(line.data)
        except orjson.JSONDecodeError as exc:
            return [quarantined(context.source, self.name, describe_json_error(exc, line.data), line.data,
                                line=line.number)]
        if not isinstance(record, dict):
            return [quarantined(context.source, self.name, "not a JSON object", line.data, line=line.number)]
        account_name = record.pop("account_name", None)
        _tidy(record)
        record["provenance"] = {"source": context.source, "line": line.number}
        try:
            post = Post.model_validate(record)
        except ValidationError as exc:
            return [quarantined(context.source, self.name, describe_validation(exc), line.data, line=line.number)]
        handles = context.scratch.setdefault("handles", {})  # accounts already yielded with this handle
        if not account_name or handles.get((post.platform, post.account_id)) == account_name:
            return [post]
        if len(handles) > 1_000_000:  # bounded memory on enormous files
            handles.clear()
        handles[(post.platform, post.account_id)] = account_name
        return [post, Account(platform=post.platform, id=post.account_id, handle=str(account_name),
                              provenance=post.provenance)]


def _tidy(record: dict) -> None:
    """Numeric ids become strings (many tools write tweet ids as numbers); platform names are
    lower-cased. Anything else is left for validation to judge."""
    for key in _IDS:
        if type(record.get(key)) is int:
            record[key] = str(record[key])
    platform = record.get("platform")
    if type(platform) is str and not platform.islower():
        record["platform"] = platform.strip().lower()


ADAPTER = JsonlAdapter()


class _Plain:
    """Puts records of the plain shape into a batch's post columns; says False for any other."""

    def __init__(self, batch: Batch, source: str, handles: dict):
        self.batch = batch
        self.rows = batch.posts
        self.source = source
        self.handles = handles

    def add(self, record: dict, number: int) -> bool:
        if not record.keys() <= _FIELDS:
            return False
        get = record.get
        platform = get("platform")
        if type(platform) is not str or not _plain_platform(platform):
            return False
        post_id = _plain_id(get("id"))
        account_id = _plain_id(get("account_id"))
        if post_id is None or account_id is None:
            return False
        created_at = get("created_at")
        if type(created_at) is not str or not _plain_time(created_at):
            return False
        text = get("text", "")
        lang = get("lang")
        if type(text) is not str or (lang is not None and type(lang) is not str):
            return False
        share_of_id, reply_to_id = get("share_of_id"), get("reply_to_id")
        if share_of_id is not None:
            share_of_id = _plain_id(share_of_id, limited=False)
            if share_of_id is None:
                return False
        if reply_to_id is not None:
            reply_to_id = _plain_id(reply_to_id, limited=False)
            if reply_to_id is None:
                return False
        urls, hashtags, mentions = get("urls"), get("hashtags"), get("mentions")
        media = get("media_hashes", ())
        if not (_strings(urls, "urls", record) and _strings(hashtags, "hashtags", record)
                and _strings(mentions, "mentions", record) and _strings(media, "media_hashes", record)):
            return False
        metrics = None
        if "metrics" in record:
            metrics = _plain_metrics(record["metrics"])
            if metrics is _NOT_PLAIN:
                return False
        rows = self.rows
        rows.platform.append(platform)
        rows.id.append(post_id)
        rows.account_id.append(account_id)
        rows.created_at.append(created_at)
        rows.text.append(text)
        rows.lang.append(lang)
        rows.urls.append(urls)
        rows.hashtags.append(hashtags)
        rows.mentions.append(mentions)
        rows.share_of_id.append(share_of_id)
        rows.reply_to_id.append(reply_to_id)
        rows.media_hashes.append(media)
        rows.metrics.append(metrics)
        rows.source_file.append(self.source)
        rows.source_line.append(number)
        rows.source_ref.append(None)
        account_name = get("account_name")
        if account_name and self.handles.get((platform, account_id)) != account_name:
            if len(self.handles) > 1_000_000:  # as in parse_line
                self.handles.clear()
            self.handles[(platform, account_id)] = account_name
            self.batch.accounts.append(AccountRow(platform, account_id, str(account_name), self.source, number))
        return True


_platforms: set[str] = set()
_dates: set[str] = set()


def _plain_platform(platform: str) -> bool:
    if platform in _platforms:
        return True
    if _PLAIN_PLATFORM.fullmatch(platform) is None:
        return False
    _platforms.add(platform)
    return True


def _plain_id(value, limited: bool = True) -> str | None:
    """The id as the model stores it (numbers as strings, as `_tidy` does), or None when the
    plain path cannot vouch for it. Not `limited`: the field has no length limits (share_of_id)."""
    kind = type(value)
    if kind is int:
        value = str(value)
    elif kind is not str:
        return None
    if limited and not 0 < len(value) <= _MAX_ID:
        return None
    return value


def _plain_time(value: str) -> bool:
    """`2024-06-01T10:00:00Z` with a real date (no 30 February)."""
    if _PLAIN_TIME.fullmatch(value) is None:
        return False
    day = value[:10]
    if day in _dates or value[8] < "3" and value[8:10] != "29":
        return True
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    _dates.add(day)
    return True


def _strings(value, name: str, record: dict) -> bool:
    """Absent, or a list of strings (as the model's tuple[str, ...] takes it)."""
    if value is None:
        return name not in record
    if type(value) is not list and type(value) is not tuple:
        return False
    for item in value:
        if type(item) is not str:
            return False
    return True


_metrics_read: dict[bytes, object] = {}  # metrics as read (compact JSON) -> what _plain_metrics gives
_MISSING = object()


def _plain_metrics(metrics):
    """The metrics as the stored JSON text (numbers as floats, as the model makes them), None for
    none; _NOT_PLAIN when they are not an object of numbers. Most posts' metrics are a few small
    counts that many other posts share, so the answer is remembered by the metrics' own compact
    JSON (which tells `true` from `1`, so a remembered answer is always the one computed)."""
    if type(metrics) is not dict:
        return _NOT_PLAIN
    as_read = orjson.dumps(metrics)
    known = _metrics_read.get(as_read, _MISSING)
    if known is _MISSING:
        if len(_metrics_read) >= 100_000:  # bounded memory: forgotten all at once
            _metrics_read.clear()
        known = _metrics_read[as_read] = _float_metrics(metrics)
    return known


def _float_metrics(metrics: dict):
    floats = {}
    for key, value in metrics.items():
        kind = type(value)
        if kind is float or (kind is int and -_MAX_EXACT_FLOAT < value < _MAX_EXACT_FLOAT):
            floats[key] = float(value)
        else:
            return _NOT_PLAIN
    return orjson.dumps(floats).decode() if floats else None
