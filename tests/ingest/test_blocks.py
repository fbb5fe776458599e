"""Reading a line file in blocks gives exactly the lines, numbers and sizes of `iter_lines`,
whatever falls on a block boundary: blank lines, CRLF, a missing last newline, lines at, just
over and far over the record limit."""

import io
import random

import pytest

from veille.ingest import source
from veille.ingest.source import Block, iter_blocks, iter_lines, lines_in


def by_blocks(raw: bytes, max_bytes: int, block_bytes: int) -> list[tuple[int, bytes, int]]:
    return [line for block in iter_blocks(io.BytesIO(raw), max_bytes, block_bytes)
            for line in lines_in(block, max_bytes)]


def by_lines(raw: bytes, max_bytes: int) -> list[tuple[int, bytes, int]]:
    return [tuple(line) for line in iter_lines(io.BufferedReader(io.BytesIO(raw)), max_bytes)]


def random_file(rng: random.Random, max_bytes: int) -> bytes:
    lines = []
    for _ in range(rng.randint(0, 40)):
        kind = rng.random()
        if kind < 0.1:
            body = b""
        elif kind < 0.15:
            body = b"  \t"
        elif kind < 0.3:  # around the limit
            body = b"y" * (max_bytes + rng.randint(-2, 2))
        elif kind < 0.4:  # far over it
            body = b"z" * (max_bytes * rng.randint(2, 6) + rng.randint(0, 9))
        else:
            body = bytes(rng.choice(b"abc {}\"\r") for _ in range(rng.randint(1, max_bytes)))
        lines.append(body + rng.choice([b"\n", b"\r\n", b"\r\r\n"]))
    raw = b"".join(lines)
    return raw[:-1] if raw and rng.random() < 0.3 else raw  # sometimes no newline at the end


@pytest.mark.parametrize("seed", range(300))
def test_blocks_give_the_lines_of_iter_lines(seed, monkeypatch):
    # Blocks' lines are counted a scratch array's worth at a time (a megabyte in use): made a few
    # bytes here, so that newlines fall on every side of the pieces' edges.
    monkeypatch.setattr(source._NewlineCounter, "SCRATCH_BYTES", 1 + seed % 5)
    rng = random.Random(seed)
    max_bytes = rng.randint(3, 40)
    raw = random_file(rng, max_bytes)
    for block_bytes in (1, 2, 7, max_bytes, max_bytes + 1, 3 * max_bytes, 1 << 16):
        assert by_blocks(raw, max_bytes, block_bytes) == by_lines(raw, max_bytes), block_bytes


def test_a_long_line_is_not_kept_whole():
    raw = b"a\n" + b"x" * 5000 + b"\nb\n"
    blocks = list(iter_blocks(io.BytesIO(raw), max_bytes=10, block_bytes=4))
    assert all(len(b.data) <= 4 + 10 for b in blocks)
    assert blocks[0] == Block(1, b"a\n", (b"x" * 10, 5001))  # the first 10 bytes and the real size
    assert by_blocks(raw, 10, 4) == [(1, b"a", 1), (2, b"x" * 10, 5001), (3, b"b", 1)]


class Cut(io.RawIOBase):
    """A stream that fails after `good` bytes, as a cut .gz file does."""

    def __init__(self, raw: bytes, good: int):
        self.raw, self.good, self.at = raw, good, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.at >= len(self.raw):
            return 0  # cut after the end: a whole stream
        if self.at >= self.good:
            raise EOFError("Compressed file ended before the end-of-stream marker was reached")
        n = min(len(buffer), self.good - self.at, len(self.raw) - self.at, 5)
        buffer[:n] = self.raw[self.at:self.at + n]
        self.at += n
        return n


def collect(lines):
    got = []
    try:
        for line in lines:
            got.append(tuple(line))
    except EOFError:
        got.append("EOFError")
    return got


@pytest.mark.parametrize("good", [0, 1, 5, 9, 10, 11, 23, 40, 57, 58, 59, 200])
def test_a_cut_stream_keeps_the_same_lines(good):
    raw = b"".join(b"line %d\n" % i for i in range(6)) + b"x" * 30 + b"\nend\n"
    blocks = (line for block in iter_blocks(io.BufferedReader(Cut(raw, good), 8), 12, 16)
              for line in lines_in(block, 12))
    assert collect(blocks) == collect(iter_lines(io.BufferedReader(Cut(raw, good), 8), 12))


def test_a_cut_gzip_file_keeps_the_same_lines(tmp_path):
    import gzip

    from veille.ingest.source import Source

    raw = b"".join(b'{"n": %d, "text": "%s"}\n' % (i, b"w" * (i % 300)) for i in range(40000))
    whole = gzip.compress(raw, compresslevel=1)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    source = Source.from_path(path)
    with source.open() as stream:
        by_line = collect(iter_lines(stream))
    with source.open() as stream:
        blocks = collect(line for block in iter_blocks(stream) for line in lines_in(block))
    assert len(by_line) > 1000 and by_line[-1] == "EOFError"
    assert blocks == by_line
