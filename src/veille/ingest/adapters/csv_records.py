"""Reading a big export CSV one record at a time, for the CSV adapters.

Research exports hold millions of rows of free text with newlines inside quoted fields, and
sometimes a damaged row. A record is therefore found at the byte level: physical lines are read
in bounded pieces and joined while a quoted field is open (an odd number of `"` so far, which
`""` escapes do not change). Each record is then judged on its own: larger than the record
limit, not valid UTF-8, or with another number of fields than the header, it becomes a
quarantine entry with its line number, and the rest of the file is read on. Memory stays bounded
by the record limit whatever the file holds. A stray `"` in an unquoted field (never written by
a CSV library) would join records until the limit; those records are quarantined as too large.

Also here: the cell shapes these exports share (Python-list strings, counts with thousands
separators, ids that a spreadsheet turned into floats). This module defines no ADAPTER.
"""

import ast
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from veille.ingest.adapter import IngestOptions, Sample
from veille.ingest.rejects import quarantined
from veille.ingest.source import Source
from veille.schema import Quarantined

_PIECE = 1 << 16
_MISSING = {"", "nan", "none", "null", "n/a", "na"}


@dataclass(frozen=True)
class Row:
    line: int  # the physical line where the record starts, 1-based
    raw: bytes
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The cell, stripped; "" when the column is absent or the cell empty."""
        return (self.cells.get(column) or "").strip()


def header_of(sample: Sample) -> list[str]:
    """The column names on the first line of a sample (for sniffing)."""
    first = sample.text.split("\n", 1)[0].rstrip("\r")
    try:
        return [name.strip() for name in next(csv.reader([first]))]
    except (csv.Error, StopIteration):
        return []


def rows(source: Source, options: IngestOptions, format: str) -> Iterator[Row | Quarantined]:
    """Every data row as a Row keyed by header name, or a Quarantined with the reason."""
    limit = options.max_record_bytes
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)  # a record within the limit may hold one field that large
    header: list[str] | None = None
    with source.open() as stream:
        for line, raw, size in _records(stream, limit):
            def reject(reason: str) -> Quarantined:
                return quarantined(source.name, format, reason, raw, line=line, size=size)

            if size > limit:
                yield reject(f"record too large: {size} bytes > {limit}")
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as bad:
                yield reject(f"invalid UTF-8: byte {bad.start}")
                continue
            try:
                fields = next(csv.reader(io.StringIO(text, newline="")))
            except (csv.Error, StopIteration) as exc:
                yield reject(f"unreadable CSV record: {exc}")
                continue
            if header is None:
                header = [name.lstrip("\ufeff").strip() for name in fields]
                continue
            if len(fields) != len(header):
                yield reject(f"row has {len(fields)} fields, the header has {len(header)}")
                continue
            yield Row(line, raw, dict(zip(header, fields)))


def _records(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes, int]]:
    """(first line, bytes cut at `limit`, real size) for each non-blank record."""
    line = 0
    while True:
        start, kept, size, quotes, piece = line + 1, bytearray(), 0, 0, b""
        while True:
            piece = stream.readline(_PIECE)
            if not piece:
                break
            size += len(piece)
            quotes += piece.count(b'"')
            if len(kept) <= limit:
                kept += piece[: limit + 1 - len(kept)]
            if piece.endswith(b"\n"):
                line += 1
                if quotes % 2 == 0:
                    break
        data = bytes(kept).rstrip(b"\r\n") if size <= limit else bytes(kept[:limit])
        if data.strip():
            yield start, data, size
        if not piece:
            return


_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")


def list_cell(value: str) -> list[str]:
    """`['#a', 'b']`, `["a"]`, the unquoted `[a, b]` of some releases, `[]`, or empty."""
    text = value.strip()
    if text.lower() in _MISSING or text == "[]":
        return []
    if text.startswith("[") and text.endswith("]"):
        if "\\" not in text and text[1:2] in ("'", '"'):
            return [item.strip() for pair in _QUOTED.findall(text) if (item := pair[0] or pair[1]).strip()]
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            parsed = None
        if isinstance(parsed, list | tuple):
            return [str(item).strip() for item in parsed if str(item).strip()]
        text = text[1:-1]
    separator = ", " if ", " in text else ","
    return [item.strip().strip("'\"").strip() for item in text.split(separator) if item.strip().strip("'\"")]


def count_cell(value: str) -> float | None:
    """`12`, `12.0`, `1,234` (thousands separators) or nothing (`""`, `N/A`)."""
    text = value.strip().replace(",", "")
    if text.lower() in _MISSING:
        return None
    try:
        return float(text)
    except ValueError:
        return None


_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


def id_cell(value: str) -> str | None:
    """An id as written; `123.0` (a float column) becomes `123`. An id in scientific notation
    (`1.23e+18`, rounded by a spreadsheet) cannot be recovered and raises ValueError."""
    text = value.strip()
    if text.lower() in _MISSING:
        return None
    if _SCIENTIFIC.match(text):
        raise ValueError(f"id in scientific notation, digits lost: {text!r}")
    if text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    return text
