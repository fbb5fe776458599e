"""An input file opened for streaming: gzip detected by its magic bytes, bytes counted for the
progress bar, lines read with a hard size limit so that one enormous line cannot exhaust memory.
"""

import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple

from veille.errors import IngestError

GZIP_MAGIC = b"\x1f\x8b"
SAMPLE_BYTES = 64 * 1024
BUFFER_BYTES = 1 << 20  # what an open source reads from the file (or the decompressor) at a time
DEFAULT_MAX_RECORD_BYTES = 1024 * 1024


class _Counting(io.RawIOBase):
    """Counts the compressed bytes consumed, for progress over .gz files."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        self.consumed += n or 0
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


@dataclass
class Source:
    path: Path
    name: str  # absolute path: the provenance of every record, stable across working folders
    size: int
    compressed: bool
    _stream: "OpenSource | None" = field(default=None, repr=False, compare=False)

    @classmethod
    def from_path(cls, path: str | Path) -> "Source":
        path = Path(path)
        if not path.exists():
            raise IngestError(f"{path}: no such file")
        if not path.is_file():
            raise IngestError(f"{path}: not a file")
        try:
            with open(path, "rb") as f:
                magic = f.read(2)
        except OSError as exc:
            raise IngestError(f"{path}: cannot read: {exc.strerror}") from None
        return cls(path=path, name=str(path.resolve()), size=path.stat().st_size, compressed=magic == GZIP_MAGIC)

    @property
    def plain_name(self) -> str:
        """The file name without a .gz suffix, for formats told apart by extension."""
        name = self.path.name
        return name[:-3] if self.compressed and name.endswith(".gz") else name

    def open(self) -> "OpenSource":
        self._stream = OpenSource(self)
        return self._stream

    @property
    def consumed(self) -> int:
        """Bytes of the file read so far by the stream opened last (for progress)."""
        return self._stream.consumed if self._stream is not None else 0

    def sample(self, n: int = SAMPLE_BYTES) -> bytes:
        """The first `n` decompressed bytes."""
        with self.open() as stream:
            try:
                return stream.read(n)
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                raise IngestError(f"{self.path}: cannot decompress: {exc}") from None


class OpenSource(io.BufferedReader):
    """A decompressed binary stream that knows how far into the file it is."""

    def __init__(self, source: Source):
        self._counter = _Counting(open(source.path, "rb", buffering=0))
        inner: BinaryIO = self._counter
        if source.compressed:
            inner = gzip.GzipFile(fileobj=io.BufferedReader(self._counter, 1 << 20), mode="rb")
        super().__init__(inner, BUFFER_BYTES)

    @property
    def consumed(self) -> int:
        return self._counter.consumed


class Line(NamedTuple):  # a tuple: millions are made, and a frozen dataclass is slow to build
    number: int  # 1-based
    data: bytes  # at most max_bytes, newline stripped
    size: int  # the whole line's size; larger than len(data) when the line was cut


class Block(NamedTuple):
    """Whole lines of a stream read in one piece, to be split where they are parsed (in a worker
    process: sending one bytes object costs far less than reading and sending lines one by one).

    `data` holds whole lines only; a line longer than the limit that did not fit is `long`
    (its first bytes and its real size), and comes right after the lines of `data`."""

    first: int  # number of the first line in data
    data: bytes
    long: tuple[bytes, int] | None = None


BLOCK_BYTES = 4 << 20


def iter_blocks(stream: BinaryIO, max_bytes: int = DEFAULT_MAX_RECORD_BYTES,
                block_bytes: int = BLOCK_BYTES) -> Iterator[Block]:
    """The stream in blocks of whole lines; `lines_in(block)` gives what `iter_lines` would.

    When reading fails (a cut .gz file), the whole lines read before the failure are yielded
    first, as `iter_lines` would have yielded them, then the error is raised."""
    number = 1
    newlines = _NewlineCounter()
    while True:
        parts: list[bytes] = []
        try:
            size = 0
            while size < block_bytes:
                # One buffer's worth at a time, as readline reads: a failing read (a cut .gz) loses
                # only what it was reading, and the same lines are kept as with iter_lines.
                part = stream.read1(min(block_bytes - size, BUFFER_BYTES))
                if not part:
                    break
                parts.append(part)
                size += len(part)
            if not parts:
                return
            tail = _after_last_newline(parts)
            long = None
            if tail:  # the block ends inside a line: finish it, up to the limit
                if len(tail) <= max_bytes:
                    more = stream.readline(max_bytes + 1 - len(tail))
                    parts.append(more)
                    tail += more
                data = b"".join(parts)  # the block's one copy
                if len(tail) > max_bytes and not tail.endswith(b"\n"):
                    size = len(tail)
                    while True:  # read past the rest of the long line in bounded pieces
                        more = stream.readline(1 << 20)
                        size += len(more)
                        if not more or more.endswith(b"\n"):
                            break
                    long = (tail[:max_bytes], size)
                    data = data[: len(data) - len(tail)]
            else:
                data = b"".join(parts)
        except Exception:
            data = b"".join(parts)
            whole = data[: data.rfind(b"\n") + 1]
            if whole:
                yield Block(number, whole)
            raise
        yield Block(number, data, long)
        number += newlines.count(data) + (not data.endswith(b"\n") and len(data) > 0) + (long is not None)


def _after_last_newline(parts: list[bytes]) -> bytes:
    """What the joined parts hold after their last newline (all of them when there is none),
    found without joining them."""
    pieces = []
    for part in reversed(parts):
        at = part.rfind(b"\n")
        if at >= 0:
            pieces.append(part[at + 1:])
            break
        pieces.append(part)
    return b"".join(reversed(pieces))


class _NewlineCounter:
    """data.count(b"\\n"), four times faster on a block of a few megabytes (vectorised), comparing
    a megabyte at a time into one scratch array: a new 4 MB array for each block was faulted in
    and zeroed afresh every time (1.2 ms a block, twice the counting itself). NumPy is imported
    here, not with the module: every command imports this module, few read blocks."""

    SCRATCH_BYTES = 1 << 20

    def __init__(self):
        import numpy as np

        self.np = np
        self.scratch = np.empty(self.SCRATCH_BYTES, np.bool_)

    def count(self, data: bytes) -> int:
        np, scratch = self.np, self.scratch
        view = np.frombuffer(data, np.uint8)
        found = 0
        for start in range(0, len(view), len(scratch)):
            part = view[start:start + len(scratch)]
            equal = scratch[:len(part)]
            np.equal(part, _NEWLINE, out=equal)
            found += int(np.count_nonzero(equal))
        return found


_NEWLINE = ord("\n")


def lines_in(block: Block, max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Iterator[tuple[int, bytes, int]]:
    """(number, data, size) of each line of a block, as `iter_lines` gives them."""
    number = block.first
    pieces = block.data.split(b"\n")
    last = len(pieces) - 1
    if not pieces[last]:
        pieces.pop()  # the block ends with a newline: nothing after it
    for index, data in enumerate(pieces):
        if len(data) > max_bytes:
            yield number, data[:max_bytes], len(data) + (index < last)
        else:
            data = data.rstrip(b"\r")
            if data.strip():
                yield number, data, len(data)
        number += 1
    if block.long is not None:
        yield number, block.long[0], block.long[1]


def iter_lines(stream: BinaryIO, max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Iterator[Line]:
    """Lines of a stream, without their line ends; blank lines are counted but not yielded.

    A line longer than `max_bytes` is yielded cut to `max_bytes` with its real size, and the rest
    of it is read past in bounded pieces, so memory stays bounded whatever the file holds.
    """
    number = 0
    readline = stream.readline
    while True:
        data = readline(max_bytes + 1)
        if not data:
            return
        number += 1
        if len(data) > max_bytes and not data.endswith(b"\n"):
            size = len(data)
            while True:
                more = readline(1 << 20)
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield Line(number, data[:max_bytes], size)
            continue
        data = data.rstrip(b"\r\n")
        if data.strip():
            yield Line(number, data, len(data))
