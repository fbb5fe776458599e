"""The ingest pipeline: file → adapter → batches → enrichment → store.

Records are grouped in batches of `BATCH_SIZE`; batches are enriched, then written in
transactions of at least `COMMIT_RECORDS` records together with the run's running counts, by a single writer thread, so that parsing
the next batch overlaps with DuckDB writing this one (DuckDB releases the GIL). A killed process
leaves whole batches and a run row that says how far it got; re-running the file inserts only
what is missing and counts the rest as duplicates.
"""

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from veille.errors import IngestError
from veille.ingest.adapter import Adapter, IngestOptions, choose
from veille.ingest.lines import LineContext, fill_block
from veille.ingest.rejects import CUT_FILE_ERRORS, cut_file
from veille.ingest.source import SAMPLE_BYTES, Source, iter_blocks
from veille.ingest import parallel
from veille.store import Store, queries
from veille.store.writer import Batch, Prepared, WriteCounts, concat, prepare, write_prepared

BATCH_SIZE = 25_000
# Each commit syncs the WAL to disk and plans its statements afresh: 100k records per commit rather
# than 50k took 0.24 s off a 1M-post ingest (9.28 -> 9.04 s, four runs alternated), for about 30 MB
# more in flight; a killed ingest loses at most one commit's worth of work, which a re-run redoes.
COMMIT_RECORDS = 100_000

Progress = Callable[[int], None]  # called with bytes consumed so far in the current file


@dataclass
class FileReport:
    path: str
    format: str
    read: int = 0
    inserted: int = 0
    duplicates: int = 0
    quarantined: int = 0

    def add(self, counts: WriteCounts) -> None:
        self.inserted += counts.inserted
        self.duplicates += counts.duplicates
        self.quarantined += counts.quarantined


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
           progress: Callable[[Source], Progress] | None = None, workers: int = 1) -> IngestReport:
    report = IngestReport()
    with (parallel.fewer_gc_pauses(), parallel.freed_memory_kept(), parallel.worker_pool(planned, workers) as pool,
          store.one_thread() if pool is not None else nullcontext()):
        prefetch = parallel.Prefetch(pool, workers, planned, options) if pool is not None else None
        try:
            for source, adapter in planned:
                if adapter is None:  # an empty file of a folder (see plan)
                    report.files.append(FileReport(path=str(source.path), format="empty"))
                    continue
                on_progress = progress(source) if progress else None
                report.files.append(_ingest_file(store, source, adapter, options, on_progress, prefetch))
        finally:
            if prefetch is not None:
                prefetch.close()
    return report


def _ingest_file(store: Store, source: Source, adapter: Adapter, options: IngestOptions,
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
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="veille-writer") as writer:
        pending: Future | None = None
        for prepared in _grouped(chunks):
            file_report.read += prepared.records
            if pending is not None:
                pending.result()  # at most one batch in flight; surfaces writer errors
            pending = writer.submit(_commit, store, prepared, file_report, run_id, False)
        if pending is not None:
            pending.result()
        writer.submit(_commit, store, Prepared(0, {}), file_report, run_id, True).result()
    return file_report


def _grouped(chunks: Iterator[Prepared]) -> Iterator[Prepared]:
    """Chunks joined up to COMMIT_RECORDS records: one transaction each, fewer commits."""
    group: list[Prepared] = []
    size = 0
    for prepared in chunks:
        group.append(prepared)
        size += prepared.records
        if size >= COMMIT_RECORDS:
            yield concat(group)
            group, size = [], 0
    if group:
        yield concat(group)


def _commit(store: Store, prepared: Prepared, report: FileReport, run_id: str, finished: bool) -> None:
    """One transaction: the batch and the run's counts. Posts are first written as all new (most
    batches of most loads are); a batch holding one already stored fails at once and is written
    again with its keys looked up (a re-run, an overlapping export)."""
    for new_posts in (True, False):
        try:
            with store.writing() as con:
                counts = write_prepared(con, prepared, new_posts=new_posts)
                con.execute(queries.UPDATE_RUN, [
                    report.read, report.inserted + counts.inserted, report.duplicates + counts.duplicates,
                    report.quarantined + counts.quarantined, datetime.now(UTC) if finished else None, run_id])
        except duckdb.ConstraintException:
            if not new_posts:
                raise
            continue
        report.add(counts)
        return


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
