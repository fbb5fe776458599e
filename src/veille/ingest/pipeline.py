"""The ingest pipeline: file → adapter → batches → enrichment → store.

Records are read in batches (blocks of lines, or `BATCH_SIZE` records), enriched and made into
Arrow tables, in worker processes for line-oriented files (veille.ingest.parallel), and committed
by veille.ingest.commits: in file order, in transactions of whole row groups of posts, each with
the run rows of the files it holds. A killed process leaves whole transactions and run rows that
say how far each file got; re-running the files inserts only what is missing and counts the rest
as duplicates.
"""

import uuid
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from veille.errors import IngestError
from veille.ingest.adapter import Adapter, IngestOptions, choose
from veille.ingest.commits import Commits, FileReport
from veille.ingest.lines import LineContext, fill_block
from veille.ingest.rejects import CUT_FILE_ERRORS, cut_file
from veille.ingest.source import SAMPLE_BYTES, Source, iter_blocks
from veille.ingest import parallel
from veille.store import Store, queries
from veille.store.writer import Batch, prepare

BATCH_SIZE = 25_000

Progress = Callable[[int], None]  # called with bytes consumed so far in the current file


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files)

    def as_dict(self) -> dict:
        return {
            "read": self.total("read"),
            "inserted": self.total("inserted"),
            "duplicates": self.total("duplicates"),
            "quarantined": self.total("quarantined"),
            "files": [f.__dict__ for f in self.files],
        }


def expand_paths(paths: list[str | Path]) -> list[tuple[Path, bool]]:
    """Files named, and the files inside folders named (sorted, hidden files skipped), each with
    whether it was found inside a folder."""
    found: list[tuple[Path, bool]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise IngestError(f"{path}: no such file or folder")
        if path.is_dir():
            found.extend(
                (p, True) for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append((path, False))
    return found


def plan(paths: list[str | Path], format_name: str | None) -> list[tuple[Source, Adapter | None]]:
    """Check every input before anything is written: a bad path or format stops the whole run.

    An empty (or blank) file found inside a folder is planned with no adapter and reported as
    format "empty": a day of exports with no posts holds nothing to lose, and should not stop the
    other days. An empty file named on its own is an error, as it is most likely the wrong file."""
    planned: list[tuple[Source, Adapter | None]] = []
    for path, in_folder in expand_paths(paths):
        source = Source.from_path(path)
        planned.append((source, None if in_folder and _blank(source) else choose(source, format_name)))
    return planned


def _blank(source: Source) -> bool:
    head = source.sample()
    return len(head) < SAMPLE_BYTES and not head.strip()


def ingest(store: Store, planned: list[tuple[Source, Adapter | None]], options: IngestOptions, *,
           progress: Callable[[Source], Progress] | None = None, pool: "parallel.WorkerPool | None" = None) -> IngestReport:
    """Ingests the planned files, the line-oriented ones parsed by `pool` (see parallel.worker_pool)
    when there is one."""
    report = IngestReport()
    with (parallel.fewer_gc_pauses(), parallel.freed_memory_kept(),
          store.one_thread() if pool is not None else nullcontext()):
        prefetch = parallel.Prefetch(pool, planned, options) if pool is not None else None
        commits = Commits(store)
        try:
            for source, adapter in planned:
                if adapter is None:  # an empty file of a folder (see plan)
                    report.files.append(FileReport(path=str(source.path), format="empty"))
                    continue
                on_progress = progress(source) if progress else None
                report.files.append(_ingest_file(store, commits, source, adapter, options, on_progress, prefetch))
        except BaseException:
            commits.abandon()
            raise
        else:
            if pool is not None:  # every chunk is in: the workers leave while the last commits are made
                pool.executor.shutdown(wait=False)
            commits.close()
        finally:
            if prefetch is not None:
                prefetch.close()
    return report


def _ingest_file(store: Store, commits: Commits, source: Source, adapter: Adapter, options: IngestOptions,
                 progress: Progress | None, prefetch: "parallel.Prefetch | None") -> FileReport:
    file_report = FileReport(path=str(source.path), format=adapter.name)
    run_id = uuid.uuid4().hex
    with store.writing() as con:
        con.execute(queries.INSERT_RUN, [run_id, source.name, adapter.name])
    if prefetch is not None and parallel.splittable(adapter):
        chunks = prefetch.chunks(source, progress)
    elif parallel.splittable(adapter):
        chunks = (prepare(batch) for batch in _line_batches(source, adapter, options, progress))
    else:
        chunks = (prepare(batch) for batch in _batches(source, adapter, options, progress))
    for prepared in chunks:
        commits.add(prepared, file_report, run_id)
    commits.finish(file_report, run_id)
    return file_report


def _line_batches(source: Source, adapter: Adapter, options: IngestOptions,
                  progress: Progress | None) -> Iterator[Batch]:
    """A line-oriented file in batches of blocks of lines, parsed in this process."""
    context = LineContext(source.name, adapter.name, options)
    limit = options.max_record_bytes
    with source.open() as stream:
        try:
            for block in iter_blocks(stream, limit):
                batch = Batch()
                fill_block(adapter, block, context, batch)
                if progress:
                    progress(source.consumed)
                yield batch
        except CUT_FILE_ERRORS as exc:
            yield Batch(quarantined=[cut_file(source.name, adapter.name, exc)])
    if progress:
        progress(source.size)


def _batches(source: Source, adapter: Adapter, options: IngestOptions,
             progress: Progress | None) -> Iterator[Batch]:
    batch = Batch()
    items = adapter.read(source, options)
    while True:
        try:
            item = next(items)
        except StopIteration:
            break
        except CUT_FILE_ERRORS as exc:
            batch.quarantined.append(cut_file(source.name, adapter.name, exc))
            break
        batch.add(item)
        if len(batch) >= BATCH_SIZE:
            if progress:
                progress(source.consumed)
            yield batch
            batch = Batch()
    if progress:
        progress(source.size)
    yield batch
