"""Canonical JSON lines: one post per line, veille's own interchange format.

Fields: `platform`, `id`, `account_id`, `created_at` (ISO 8601 or epoch seconds), `text`;
optional `lang`, `urls`, `hashtags`, `mentions`, `share_of_id`, `reply_to_id`, `media_hashes`,
`account_name`, `metrics` (an object of numbers). Unknown fields are refused, so a misspelt
field quarantines the line instead of silently losing its value. `account_name` becomes the
account's handle. Missing urls, hashtags and mentions are found in the text by the pipeline.
"""

from collections.abc import Iterator

import orjson
from pydantic import ValidationError

from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.rejects import describe_json_error, describe_validation, quarantined
from veille.ingest.lines import LineContext, read_lines
from veille.ingest.source import Line, Source
from veille.schema import Account, Post

_REQUIRED = ("platform", "id", "account_id", "created_at")
_IDS = ("id", "account_id", "share_of_id", "reply_to_id")


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
