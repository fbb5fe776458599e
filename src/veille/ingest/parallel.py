"""Parsing and enriching large line-oriented files in worker processes.

The main process only reads blocks of whole lines (cheap: one bytes object per few megabytes) and
writes to DuckDB (which works outside the GIL); workers split the lines, parse, validate, enrich
and build the Arrow tables of each chunk, where the CPU goes (language identification above all).
Chunks come back in file order, so "the first copy in the file wins" holds as in a single
process. One pool serves every file of an ingest, and `Prefetch` keeps it fed across file
boundaries, so a folder of many middle-sized files (one per day, say) keeps every core busy.

Workers are forked when the process runs no other thread: a command-line ingest, whose pool
starts before its database opens (see Veille.ingest). A forked worker has everything imported
already and is ready in milliseconds; a spawned one takes a third of a second of CPU to import
and warm up (1M posts: 6.0 s against 6.3, and 5.8 against 6.0, in two sets of three runs
alternated). Otherwise (a server's watcher thread, a database already open with DuckDB's
threads) workers are spawned, since a fork copies other threads' locks in whatever state they
were, with no thread left to release them.
"""

import ctypes
import fcntl
import gc
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from veille.ingest import shipping, worker_start
from veille.ingest.adapter import Adapter, IngestOptions, adapter_named
from veille.ingest.lines import LineContext, fill_block
from veille.ingest.rejects import CUT_FILE_ERRORS, cut_file
from veille.ingest.source import BLOCK_BYTES, Block, Source, iter_blocks
from veille.store.database import open_stores
from veille.store.writer import Batch, Prepared, prepare

PARALLEL_MIN_BYTES = 16 << 20  # below this, starting workers costs more than it saves


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


@contextmanager
def fewer_gc_pauses() -> Iterator[None]:
    """Batches keep tens of thousands of records alive, and with the default thresholds the
    cyclic garbage collector rescans them over and over (half of parsing time, measured).
    Records hold no reference cycles, so collecting less often loses nothing."""
    previous = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


# glibc's malloc gives large blocks their own mapping and hands freed memory back to the system,
# so every chunk's arrays and buffers were mapped and zeroed afresh (page faults: 1.3 s of system
# time in a 1M-post ingest). Kept instead, up to this much: memory stays flat, at its peak per chunk.
# Arrow's own allocator (mimalloc) gives freed pages back too, within milliseconds: the tables of
# every chunk faulted theirs in afresh (0.2 s of CPU at 1M posts, zeroing pages), so during an
# ingest Arrow allocates through malloc as well (0.2 s less system time, measured).
_KEPT_FREE_BYTES = 256 << 20
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt's parameters (malloc.h)
_GLIBC_DEFAULT = 128 << 10


def _mallopt(trim: int, mmap: int) -> None:
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(_M_TRIM_THRESHOLD, trim)
        libc.mallopt(_M_MMAP_THRESHOLD, mmap)
    except (OSError, AttributeError):  # not glibc: its own allocator's habits stand
        pass


def _keep_freed_memory() -> None:
    """Freed memory stays with the process, Arrow's included (see _KEPT_FREE_BYTES)."""
    _mallopt(_KEPT_FREE_BYTES, _KEPT_FREE_BYTES)
    pa.set_memory_pool(pa.system_memory_pool())


@contextmanager
def freed_memory_kept() -> Iterator[None]:
    """For the length of an ingest, freed memory stays with the process (see _KEPT_FREE_BYTES)."""
    arrow_pool = pa.default_memory_pool()
    _keep_freed_memory()
    try:
        yield
    finally:
        pa.set_memory_pool(arrow_pool)
        _mallopt(_GLIBC_DEFAULT, _GLIBC_DEFAULT)


def splittable(adapter: Adapter) -> bool:
    return hasattr(adapter, "parse_line")


@dataclass(frozen=True)
class WorkerPool:
    executor: ProcessPoolExecutor
    workers: int
    shipping: str | None  # the folder the workers' tables come back through (see veille.ingest.shipping)


@contextmanager
def worker_pool(planned: list[tuple[Source, Adapter | None]], workers: int) -> Iterator[WorkerPool | None]:
    """A pool shared by every file of one ingest, when there is enough line-oriented input. Its
    workers start at once, and warm up while the caller opens the database (see Veille.ingest)."""
    work = sum(source.size for source, adapter in planned if splittable(adapter))
    if workers <= 1 or work < PARALLEL_MIN_BYTES:
        yield None
        return
    method = start_method()
    one_blas_thread = nullcontext()
    if method == "fork":
        from threadpoolctl import threadpool_limits
        # What a worker loads on its first chunk (Array.cast loads pyarrow's compute module), loaded
        # once here: every forked worker had spent 30 ms of CPU on it as it began.
        import pyarrow.compute  # noqa: F401

        # One BLAS thread per worker: the pool already has a process per core, and OpenBLAS's extra
        # threads spin between the language model's small products (a third more CPU at 1M posts,
        # taken from the other workers and the writer, for no gain in speed). A spawned worker is
        # told so before NumPy loads (veille.ingest.worker_start); a forked one inherits this
        # process's setting, made here for as long as the pool runs (setting it in the copy made
        # OpenBLAS start its threads there again, and they spun for 0.1 s as the worker started).
        one_blas_thread = threadpool_limits(1, user_api="blas")
    with (one_blas_thread,
          shipping.shipping_folder() as folder,
          ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                              initializer=worker_start.start, initargs=(os.getpid(),)) as executor):
        _widen_pipes(executor)
        for _ in range(workers):  # a spawned pool starts a worker per task waiting: they all start now
            executor.submit(os.getpid)
        yield WorkerPool(executor, workers, folder)


def start_method() -> str:
    """`fork` when nothing but this thread runs in the process (see the module's docstring)."""
    alone = threading.active_count() == 1 and open_stores() == 0
    return "fork" if alone and sys.platform == "linux" else "spawn"


def _widen_pipes(pool: ProcessPoolExecutor) -> None:
    """Blocks of 4 MB go to the workers and their tables come back through pipes, which Linux
    makes 64 kB: a block crossed in 64 pieces, each waking the other side (1 s of CPU for 300 MB
    each way, measured). Pipes as large as the system allows (1 MB unless raised) halve that.
    The pool's queues are not public: without them, or off Linux, the pipes stay as they are."""
    try:
        size = min(int(Path("/proc/sys/fs/pipe-max-size").read_text()), BLOCK_BYTES)
        for end in (pool._call_queue._writer, pool._result_queue._writer):
            fcntl.fcntl(end.fileno(), fcntl.F_SETPIPE_SZ, size)
    except (OSError, AttributeError, ValueError):
        pass


class Prefetch:
    """The chunks of every line-oriented file of an ingest, submitted to the pool ahead of use and
    across file boundaries: while the last chunks of one file are parsed, written and its run
    closed, the workers already parse the next file (a day's export is only a few blocks, so
    waiting at each file's end left a core idle a fifth of the time). At most `workers * 6`
    chunks are in flight or waiting, so memory stays flat (about 50 MB more than with 2 per
    worker), and the workers stay busy while the writer commits and checkpoints (with 2 per
    worker they ran dry then: 10.5 -> 10.1 s at 1M posts). Chunks come out in file order."""

    def __init__(self, pool: WorkerPool, planned: list[tuple[Source, Adapter | None]], options: IngestOptions):
        self.pool = pool.executor
        self.depth = pool.workers * 6
        self.shipping = pool.shipping
        self.options = options
        self.files = deque((source, adapter) for source, adapter in planned if splittable(adapter))
        self.queue: deque = deque()  # (source, Future or Prepared), in file order
        self.reading: tuple[Source, Adapter, object, Iterator[Block]] | None = None

    def chunks(self, source: Source, progress: Callable[[int], None] | None) -> Iterator[Prepared]:
        """The chunks of `source` (the next line-oriented file of the ingest), prepared, in order."""
        while True:
            self._fill()
            if not self.queue or self.queue[0][0] is not source:
                break  # everything of this file has been handed out
            item = self.queue.popleft()[1]
            yield item if isinstance(item, Prepared) else shipping.land(item.result())
            if progress:
                progress(source.consumed)
        if progress:
            progress(source.size)

    def close(self) -> None:
        if self.reading is not None:
            self.reading[2].close()
            self.reading = None

    def _fill(self) -> None:
        while len(self.queue) < self.depth:
            if self.reading is None:
                if not self.files:
                    return
                source, adapter = self.files.popleft()
                stream = source.open()
                self.reading = (source, adapter, stream, iter_blocks(stream, self.options.max_record_bytes))
            source, adapter, stream, blocks = self.reading
            try:
                block = next(blocks, None)
            except CUT_FILE_ERRORS as exc:
                self.queue.append((source, prepare(Batch(quarantined=[cut_file(source.name, adapter.name, exc)]))))
                block = None
            if block is None:
                self.close()
                continue
            self.queue.append((source, self.pool.submit(_prepare_chunk, adapter.name, source.name, self.options,
                                                        block, self.shipping)))


def warm_up(parent: int) -> None:
    """Makes a worker ready (veille.ingest.worker_start calls it as the worker starts)."""
    from veille.enrich import language

    _exit_with(parent)
    _yield_to_writer()
    gc.set_threshold(100_000, 50, 100)  # see fewer_gc_pauses
    _keep_freed_memory()  # for the worker's whole life
    adapter_named("jsonl")  # imports every adapter once
    language.identify("warm up the language model")


def _yield_to_writer() -> None:
    """Workers run at a lower priority than the main process, whose writer is the ingest's
    critical path: it turns every chunk into rows on disk, one after another, and each time it
    waited for a core the workers held, the prefetched chunks waited with it (9.05 -> 8.43 s at 1M
    posts, three runs alternated). The workers still have every core the writer leaves."""
    try:
        os.nice(5)
    except (AttributeError, OSError):  # not POSIX: priorities stay as they are
        pass


def _exit_with(parent: int) -> None:
    """A worker whose ingest was killed (SIGKILL gives the pool no chance to stop it) would wait
    for work forever: it watches its parent and leaves when the parent is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="veille-parent-watch", daemon=True).start()


def _prepare_chunk(format_name: str, source_name: str, options: IngestOptions, block: Block,
                   folder: str | None = None) -> "Prepared | shipping.Shipped":
    """One chunk of a file, parsed, enriched and made into Arrow tables (which come back through
    `folder` when there is one: see veille.ingest.shipping). Every chunk starts with a
    fresh context: a worker sees only some of a file's chunks, so what it remembered of its earlier
    ones (the handle it last gave each account) may have been changed by a chunk another worker
    read in between. Each chunk names its accounts afresh; the writer keeps each account's last
    row in file order."""
    adapter = adapter_named(format_name)
    batch = Batch()
    fill_block(adapter, block, LineContext(source_name, format_name, options), batch)
    return shipping.ship(prepare(batch), folder)
