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
        super().__init__(inner, 1 << 20)

    @property
    def consumed(self) -> int:
        return self._counter.consumed


class Line(NamedTuple):  # a tuple: millions are made, and a frozen dataclass is slow to build
    number: int  # 1-based
    data: bytes  # at most max_bytes, newline stripped
    size: int  # the whole line's size; larger than len(data) when the line was cut


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
