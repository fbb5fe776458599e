"""Any table of posts, given a column mapping (`--format csv --map id=...,account_id=...`).

For exports veille has no adapter for. The mapping (see veille.ingest.column_map) names the
column holding each canonical Post field, and `metrics.NAME` for numeric columns; the platform
is a mapped column or the constant `--platform`. Columns not mapped are ignored; a mapped column
missing from the header stops the file before anything is read.

Quirks handled: delimiter sniffed (comma, semicolon, tab); list cells (urls, hashtags, mentions,
media_hashes) written as JSON lists (`["a", "b"]`), as Python lists (`['a', 'b']`, what pandas
writes), or separated by spaces, commas or pipes (a comma splits urls only before another link,
since links may hold commas); metrics with thousands separators (`1,234`). An empty list cell
means "none", as in every export. Rows missing an id, account or parseable time, or with a
metric that is not a number, are quarantined.

Detection: any text whose first line is a header of two or more columns looks like a table, so
this adapter comes last (`priority`) and never takes a file a specific table adapter knows; a
table that nothing else claims lands here and is refused without --map with a clear message.
"""

import ast
import re
from collections.abc import Iterator

import orjson
from pydantic import ValidationError

from veille.enrich.timestamps import parse_time
from veille.errors import UsageError
from veille.ingest.adapter import IngestOptions, Item, Sample
from veille.ingest.adapters._tables import Row, open_table, table_header
from veille.ingest.column_map import validate_column_map
from veille.ingest.rejects import describe_validation, quarantined
from veille.ingest.source import Source
from veille.schema import Account, Post, Provenance, Quarantined

_LIST_FIELDS = ("urls", "hashtags", "mentions", "media_hashes")
_TEXT_FIELDS = ("id", "account_id", "text", "lang", "share_of_id", "reply_to_id")
_SEPARATORS = re.compile(r"[\s,|]+")
_URL_SEPARATORS = re.compile(r"[\s|]+|,(?=\s*(?:https?://|www\.))", re.IGNORECASE)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class _Bad(ValueError):
    """A cell that makes the row unusable; the message is the quarantine reason."""


class CsvMappedAdapter:
    name = "csv"
    description = "any table of posts (CSV, TSV, semicolon), with --map naming its columns"
    priority = -100  # the last resort: every specific table format is tried first

    def sniff(self, sample: Sample) -> bool:
        return table_header(sample) is not None

    def read(self, source: Source, options: IngestOptions) -> Iterator[Item]:
        if not options.column_map:
            raise UsageError(
                f"{source.path}: a table veille has no adapter for needs --map, e.g. "
                "--format csv --map id=post_id,account_id=author,created_at=date,text=message --platform NAME"
            )
        mapping = validate_column_map(dict(options.column_map))
        if "platform" not in mapping and not options.platform:
            raise UsageError(f"{source.path}: say which platform the posts are from: --platform NAME, "
                             "or map a platform column")
        with open_table(source, options.max_record_bytes, self.name) as table:
            missing = [column for column in mapping.values() if column not in table.header]
            if missing:
                raise UsageError(f"{source.path}: --map names columns the header does not have: "
                                 f"{', '.join(missing)} (columns: {', '.join(table.header)})")
            for row in table.rows():
                if isinstance(row, Quarantined):
                    yield row
                    continue
                try:
                    yield from _records(row, mapping, options.platform, source.name)
                except _Bad as exc:
                    yield quarantined(source.name, self.name, str(exc), row.raw, line=row.line)


def _records(row: Row, mapping: dict[str, str], platform: str | None, source: str) -> Iterator[Post | Account]:
    def cell(field: str) -> str:
        return row.cells[mapping[field]].strip() if field in mapping else ""

    record: dict = {"provenance": Provenance(source=source, line=row.line)}
    record["platform"] = (cell("platform") or platform or "").lower()
    for field in ("platform", "id", "account_id", "created_at"):
        if not (record["platform"] if field == "platform" else cell(field)):
            raise _Bad(f"missing field: {field} (column {mapping[field]!r} is empty)")
    for field in _TEXT_FIELDS:
        if cell(field) or field == "text":
            record[field] = cell(field)
    try:
        record["created_at"] = parse_time(cell("created_at"))
    except ValueError as exc:
        raise _Bad(f"bad created_at: {exc}") from None
    for field in _LIST_FIELDS:
        if field in mapping:
            record[field] = list_cell(cell(field), field)
    metrics = {}
    for field, column in mapping.items():
        if field.startswith("metrics.") and row.cells[column].strip():
            metrics[field.removeprefix("metrics.")] = _number(row.cells[column], field)
    if metrics:
        record["metrics"] = metrics
    try:
        post = Post.model_validate(record)
    except ValidationError as exc:
        raise _Bad(describe_validation(exc)) from None
    yield post
    if cell("account_name"):
        yield Account(platform=post.platform, id=post.account_id, handle=cell("account_name"),
                      provenance=post.provenance)


def list_cell(value: str, field: str) -> tuple[str, ...]:
    """The items of a list cell, whichever way the export wrote the list."""
    text = value.strip()
    if not text or text in ("[]", "None", "null"):
        return ()
    if text.startswith("[") and text.endswith("]"):
        parsed = _literal_list(text)
        if parsed is not None:
            return tuple(str(item).strip() for item in parsed if item is not None and str(item).strip())
    separators = _URL_SEPARATORS if field == "urls" else _SEPARATORS
    return tuple(part.strip() for part in separators.split(text) if part and part.strip())


def _literal_list(text: str) -> list | None:
    try:
        parsed = orjson.loads(text)
    except orjson.JSONDecodeError:
        try:
            parsed = ast.literal_eval(text)  # literals only: safe on untrusted text
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return None
    return parsed if isinstance(parsed, list) else None


def _number(value: str, field: str) -> float:
    text = value.strip().replace("_", "")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        raise _Bad(f"bad {field}: not a number, got {value[:80]!r}") from None


ADAPTER = CsvMappedAdapter()
