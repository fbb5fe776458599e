"""A chunk's tables carried from an ingest worker to the writer through files in shared memory.

Tables that came back through the pool's pipe were pickled (their buffers copied into a pickle,
5.3 ms of a worker's CPU for a chunk of 4 MB), copied into the pipe, out of it, into a buffer and
out of that again (0.35 s of the main process's CPU at 1M posts). Instead a worker writes each
table once, as an Arrow IPC file in a folder of /dev/shm (memory, not disk), and the writer's
process maps it: the columns are used where they lie, and the file is removed as soon as it is
mapped (the mapping keeps its memory until the table is dropped after its commit).

Without /dev/shm, or with less than `MIN_FREE_BYTES` free in it, or when a worker cannot write its
files (the folder full), the tables go through the pipe as before. The folder belongs to one ingest
and is removed at its end; one left by a killed ingest is removed by the next.
"""

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from veille.store.writer import Prepared

SHARED_MEMORY = Path("/dev/shm")
MIN_FREE_BYTES = 1 << 30  # a chunk's files take about 5 MB, and a few dozen are mapped at a time
_PREFIX = "veille-ingest-"
_numbers = itertools.count()


@dataclass(frozen=True)
class Shipped:
    """A prepared chunk whose tables wait in files (see `land`)."""

    records: int
    files: dict[str, str]  # table name -> Arrow IPC file


@contextmanager
def shipping_folder() -> Iterator[str | None]:
    """A folder of shared memory for the tables of one ingest's workers, or None when there is no
    room for one; removed afterwards with whatever it still holds."""
    folder = _new_folder()
    try:
        yield folder
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def ship(prepared: Prepared, folder: str | None) -> Prepared | Shipped:
    """In a worker: the chunk's tables written to files of `folder`, or the chunk as it is when there
    is no folder or a file cannot be written (the chunk then goes through the pipe)."""
    if folder is None or not prepared.tables:
        return prepared
    files: dict[str, str] = {}
    try:
        for name, table in prepared.tables.items():
            files[name] = os.path.join(folder, f"{os.getpid()}-{next(_numbers)}-{name}.arrow")
            with pa.OSFile(files[name], "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
                writer.write_table(table)
    except (OSError, pa.ArrowException):
        for path in files.values():
            _remove(path)
        return prepared
    return Shipped(prepared.records, files)


def land(item: Prepared | Shipped) -> Prepared:
    """In the writer's process: the chunk, its tables read from their files, mapped, which are then
    removed."""
    if isinstance(item, Prepared):
        return item
    tables = {}
    for name, path in item.files.items():
        tables[name] = pa.ipc.open_file(pa.memory_map(path)).read_all()
        _remove(path)
    return Prepared(item.records, tables)


def _new_folder() -> str | None:
    try:
        room = os.statvfs(SHARED_MEMORY)
        if room.f_bavail * room.f_frsize < MIN_FREE_BYTES:
            return None
        _remove_abandoned()
        return tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=SHARED_MEMORY)
    except OSError:
        return None


def _remove_abandoned() -> None:
    """Folders of ingests whose process is gone (killed: nothing removed their folder)."""
    for folder in SHARED_MEMORY.glob(_PREFIX + "*"):
        pid = folder.name[len(_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
