"""Canonical JSON lines: one post per line, veille's own interchange format.

Fields: `platform`, `id`, `account_id`, `created_at` (ISO 8601 or epoch seconds), `text`;
optional `lang`, `urls`, `hashtags`, `mentions`, `share_of_id`, `reply_to_id`, `media_hashes`,
`account_name`, `metrics` (an object of numbers). Unknown fields are refused, so a misspelt
field quarantines the line instead of silently losing its value. `account_name` becomes the
account's handle. Missing urls, hashtags and mentions are found in the text by the pipeline.

Most lines of a large file have the plain shape that `add_block` recognises (string fields,
lists of strings, a `...Z` UTC time in ASCII digits): those go straight into the batch's columns,
checked by the same rules as the Post model, without building a model per line (that cost more
than all the enrichment). The check is in C (`_jsonl_plain.c`: 4 us a line in Python, most of it
the interpreter's own cost per step). Any other line, good or bad, takes the ordinary way through
`parse_line` and the model, so what is stored or quarantined is the same either way.
"""

from collections.abc import Iterator

import orjson
from pydantic import ValidationError

from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.adapters import _jsonl_plain
from veille.ingest.rejects import describe_json_error, describe_validation, quarantined
from veille.ingest.lines import LineContext, fill, read_lines
from veille.ingest.source import Block, Line, Source, lines_in
from veille.schema import Account, Post
from veille.store.writer import AccountRow, Batch

_REQUIRED = ("platform", "id", "account_id", "created_at")
_IDS = ("id", "account_id", "share_of_id", "reply_to_id")
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

    def add_block(self, block: Block, context: LineContext, batch: Batch) -> None:
        """A block's lines into the batch, as the model's way would put them (`fill` with
        `lines_in(block)`): runs of plain lines by the C code, each other line the model's way, in
        file order."""
        limit = context.options.max_record_bytes
        handles = context.scratch.setdefault("handles", {})
        rows, source, accounts = batch.posts.columns(), context.source, batch.accounts
        data, at, number = block.data, 0, block.first
        while at < len(data):
            at, number = _jsonl_plain.add_lines(data, at, number, limit, orjson.loads, rows, source, handles,
                                                accounts, AccountRow, _plain_metrics, _metrics_known)
            if at >= len(data):
                break
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            fill(self, lines_in(Block(number, data[at:end]), limit), context, batch)
            at, number = end, number + 1
        if block.long is not None:
            fill(self, [(number, *block.long)], context, batch)

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


_metrics_known: dict[bytes, object] = {}  # _plain_metrics's answers, remembered by _jsonl_plain.c


def _plain_metrics(metrics):
    """The metrics as the stored JSON text (numbers as floats, as the model makes them), None for
    none; _NOT_PLAIN when they are not an object of numbers. The C reader remembers the answer
    for metrics of the same names and values (most posts share a few small counts)."""
    if type(metrics) is not dict:
        return _NOT_PLAIN
    return _float_metrics(metrics)


def _float_metrics(metrics: dict):
    floats = {}
    for key, value in metrics.items():
        kind = type(value)
        if kind is float or (kind is int and -_MAX_EXACT_FLOAT < value < _MAX_EXACT_FLOAT):
            floats[key] = float(value)
        else:
            return _NOT_PLAIN
    return orjson.dumps(floats).decode() if floats else None
