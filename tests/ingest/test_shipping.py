"""A chunk's tables come back from a worker through files of shared memory (veille.ingest.shipping):
the same tables, no file left behind, the pipe whenever the files cannot be used, and the folders
of killed ingests removed by the next one."""

import os
import subprocess
import sys

import pyarrow as pa
import pytest

from veille.ingest import shipping
from veille.store.writer import Prepared

pytestmark = pytest.mark.skipif(not shipping.SHARED_MEMORY.is_dir(), reason="no /dev/shm on this system")


def chunk() -> Prepared:
    posts = pa.table({"id": pa.array([str(i) for i in range(1000)]), "text": pa.array(["é 👍 " * (i % 7) for i in range(1000)]),
                      "urls": pa.array([["https://e.org/" + str(i)] if i % 3 else [] for i in range(1000)])})
    accounts = pa.table({"id": pa.array(["a", "b"]), "followers": pa.array([1, None], pa.int64())})
    return Prepared(1200, {"posts": posts, "accounts": accounts})


def test_tables_come_back_the_same_and_their_files_go():
    prepared = chunk()
    with shipping.shipping_folder() as folder:
        assert folder is not None and os.path.isdir(folder)
        shipped = shipping.ship(prepared, folder)
        assert isinstance(shipped, shipping.Shipped) and shipped.records == 1200
        assert sorted(os.listdir(folder)) == sorted(os.path.basename(p) for p in shipped.files.values())
        landed = shipping.land(shipped)
        assert os.listdir(folder) == []  # removed once mapped
        assert landed.records == 1200
        for name, table in prepared.tables.items():
            assert landed.tables[name].equals(table)
    assert not os.path.exists(folder)


def test_without_a_folder_or_when_a_file_cannot_be_written_the_chunk_goes_through_the_pipe(tmp_path):
    prepared = chunk()
    assert shipping.ship(prepared, None) is prepared
    assert shipping.land(prepared) is prepared
    gone = tmp_path / "gone"  # a folder that is not there: the first write fails
    assert shipping.ship(prepared, str(gone)) is prepared
    assert not gone.exists()


def test_no_folder_when_shared_memory_is_short(monkeypatch):
    monkeypatch.setattr(shipping, "MIN_FREE_BYTES", 1 << 62)
    with shipping.shipping_folder() as folder:
        assert folder is None


def test_the_folder_of_a_killed_ingest_is_removed_by_the_next():
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()
    abandoned = shipping.SHARED_MEMORY / f"veille-ingest-{dead}-test"
    alive = shipping.SHARED_MEMORY / f"veille-ingest-{os.getpid()}-test"
    for folder in (abandoned, alive):
        folder.mkdir()
        (folder / "1-0-posts.arrow").write_bytes(b"left over")
    try:
        with shipping.shipping_folder() as folder:
            assert folder is not None
        assert not abandoned.exists()
        assert alive.exists()  # this process's own: not abandoned
    finally:
        for folder in (abandoned, alive):
            if folder.exists():
                (folder / "1-0-posts.arrow").unlink()
                folder.rmdir()
