"""Delimited text tables (CSV, semicolon-separated, TSV), read one row at a time.

Shared by the table adapters (`csv`, `google-ads`, `factcheck-csv`). The delimiter is the one of
comma, semicolon and tab that occurs most often, outside quotes, in the header line. Files are
UTF-8, with or without a byte-order mark. Memory stays bounded: a physical line longer than the
record limit is skipped in pieces and its row quarantined, and Python's csv module refuses a
single cell above 128 KiB (`field larger than field limit`), which quarantines that row too.

A row with fewer or more cells than the header is quarantined, except that empty trailing cells
are tolerated (exports that end every line with a delimiter). Rows keep the number of the
physical line they start on, the header being line 1, so a quarantined row can be found in the
file; a quoted cell may span several lines, and its CRLF line breaks (from a file whose line
ends were converted) are read as LF, which is what spreadsheets put inside cells.
"""

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from veille.errors import FormatError
from veille.ingest.adapter import Sample
from veille.ingest.rejects import quarantined
from veille.ingest.source import Source
from veille.schema import Quarantined

DELIMITERS = (",", ";", "\t")


def sniff_delimiter(line: str) -> str | None:
    """The delimiter of a header line, or None when the line has a single column."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else None


def table_header(sample: Sample) -> list[str] | None:
    """The column names, when the sample starts like a table with at least two named columns.

    JSON, XML and HTML never count as tables, even though their first line may hold commas.
    """
    text = sample.text
    if not text or text[0] in "{[<":
        return None
    first = text.split("\n", 1)[0].rstrip("\r")
    delimiter = sniff_delimiter(first)
    if delimiter is None:
        return None
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    header = [name.strip() for name in header]
    return header if sum(1 for name in header if name) >= 2 else None


@dataclass(frozen=True)
class Row:
    line: int  # the physical line the row starts on; the header is line 1
    cells: dict[str, str]
    raw: bytes


class _BadLine(Exception):
    """A physical line that cannot be part of any row: too large, or not UTF-8."""


class _Lines:
    """The file's lines, decoded, for csv.reader; remembers the raw bytes of the row being read."""

    def __init__(self, stream: BinaryIO, max_bytes: int):
        self.stream = stream
        self.max_bytes = max_bytes
        self.number = 0  # lines read so far
        self.start = 1  # first line of the row being read
        self.pending: list[bytes] = []
        self.pending_size = 0

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        data = self.stream.readline(self.max_bytes + 1)
        if not data:
            raise StopIteration
        self.number += 1
        self._keep(data)
        if len(data) > self.max_bytes and not data.endswith(b"\n"):
            size = len(data)
            while True:
                more = self.stream.readline(1 << 20)
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            raise _BadLine(f"record too large: {size} bytes > {self.max_bytes}")
        if self.number == 1 and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _BadLine(f"invalid UTF-8: byte {exc.start}") from None

    def _keep(self, data: bytes) -> None:
        if self.pending_size < self.max_bytes:
            self.pending.append(data[: self.max_bytes - self.pending_size])
        self.pending_size += len(data)

    def take(self) -> tuple[int, bytes, int]:
        """(first line, raw bytes, real size) of the row just read; the next row starts after it."""
        taken = (self.start, b"".join(self.pending).rstrip(b"\r\n"), self.pending_size)
        self.start = self.number + 1
        self.pending, self.pending_size = [], 0
        return taken


class Table:
    def __init__(self, source: Source, stream: BinaryIO, max_record_bytes: int, format_name: str):
        self.source = source
        self.format_name = format_name
        self._lines = _Lines(stream, max_record_bytes)
        try:
            first = next(self._lines, "")
        except _BadLine as exc:
            raise FormatError(f"{source.path}: cannot read the header line: {exc}") from None
        self.delimiter = sniff_delimiter(first.rstrip("\r\n")) or ","
        try:
            self.header = [name.strip() for name in next(csv.reader([first], delimiter=self.delimiter), [])]
        except csv.Error as exc:
            raise FormatError(f"{source.path}: cannot read the header line: {exc}") from None
        self._lines.take()
        self._reader = csv.reader(self._lines, delimiter=self.delimiter)

    def rows(self) -> Iterator[Row | Quarantined]:
        width = len(self.header)
        while True:
            try:
                cells = next(self._reader)
            except StopIteration:
                return
            except _BadLine as exc:
                yield self._reject(str(exc))
                continue
            except csv.Error as exc:
                yield self._reject(f"bad CSV: {exc}")
                continue
            if not cells:  # a blank line
                self._lines.take()
                continue
            if len(cells) > width and not any(c.strip() for c in cells[width:]):
                cells = cells[:width]
            if len(cells) != width:
                yield self._reject(f"expected {width} columns, got {len(cells)}")
                continue
            line, raw, _ = self._lines.take()
            yield Row(line, {name: cell.replace("\r\n", "\n") for name, cell in zip(self.header, cells)}, raw)

    def _reject(self, reason: str) -> Quarantined:
        line, raw, size = self._lines.take()
        return quarantined(self.source.name, self.format_name, reason, raw, line=line, size=size)


@contextmanager
def open_table(source: Source, max_record_bytes: int, format_name: str) -> Iterator[Table]:
    with source.open() as stream:
        yield Table(source, stream, max_record_bytes, format_name)
