"""Parsing and enriching a large line-oriented file in worker processes.

The main process only reads lines (cheap) and writes to DuckDB (which works outside the GIL);
workers parse, validate, enrich and build the Arrow tables of each chunk, where the CPU goes
(language identification above all). Chunks come back in file order, so "the first copy in the
file wins" holds as in a single process. Workers are started with `spawn` because the parent has
DuckDB's threads running, which `fork` would copy in an undefined state.
"""

import gzip
import multiprocessing
import os
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

from veille.ingest.adapter import Adapter, IngestOptions, adapter_named
from veille.ingest.lines import LineContext, parse
from veille.ingest.rejects import quarantined
from veille.ingest.source import Line, Source, iter_lines
from veille.store.writer import Batch, Prepared, prepare

CHUNK_LINES = 20_000
PARALLEL_MIN_BYTES = 32 << 20  # below this, starting workers costs more than it saves


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def wanted(adapter: Adapter, source: Source, workers: int) -> bool:
    return workers > 1 and hasattr(adapter, "parse_line") and source.size >= PARALLEL_MIN_BYTES


def prepared_chunks(adapter: Adapter, source: Source, options: IngestOptions, workers: int,
                    progress: Callable[[int], None] | None) -> Iterator[Prepared]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_warm_up, initargs=(adapter.name,)) as pool:
        pending: deque = deque()
        chunk: list[tuple[int, bytes, int]] = []
        tail: Prepared | None = None
        with source.open() as stream:
            try:
                for line in iter_lines(stream, options.max_record_bytes):
                    chunk.append((line.number, line.data, line.size))
                    if len(chunk) >= CHUNK_LINES:
                        pending.append(pool.submit(_prepare_chunk, adapter.name, source.name, options, chunk))
                        chunk = []
                        while len(pending) > workers * 2:
                            yield pending.popleft().result()
                            if progress:
                                progress(source.consumed)
            except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
                tail = prepare(Batch(quarantined=[quarantined(
                    source.name, adapter.name, f"truncated or corrupt compressed file: {exc}", b"",
                    ref="end-of-file", size=0)]))
        if chunk:
            pending.append(pool.submit(_prepare_chunk, adapter.name, source.name, options, chunk))
        while pending:
            yield pending.popleft().result()
        if tail is not None:
            yield tail
    if progress:
        progress(source.size)


def _warm_up(format_name: str) -> None:
    from veille.enrich import language

    adapter_named(format_name)
    language.identify("warm up the language model")


def _prepare_chunk(format_name: str, source_name: str, options: IngestOptions,
                   lines: list[tuple[int, bytes, int]]) -> Prepared:
    adapter = adapter_named(format_name)
    context = LineContext(source_name, format_name, options)
    batch = Batch()
    for number, data, size in lines:
        for item in parse(adapter, Line(number, data, size), context):
            batch.add(item)
    return prepare(batch)
