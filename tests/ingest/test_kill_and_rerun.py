"""Killing `veille ingest` mid-file loses nothing and duplicates nothing on re-run."""

import json
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from veille.store import Store

N = 200_000


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_kill_mid_file_then_rerun(tmp_path, workers):
    data = tmp_path / "posts.jsonl"
    with open(data, "w") as f:
        for i in range(N):
            f.write(json.dumps({"platform": "x", "id": str(i), "account_id": f"u{i % 997}", "created_at": 1_700_000_000 + i,
                                "text": f"Post number {i} about the election and the count in district {i % 50}"}) + "\n")
    # Kill once the database has grown (batches are reaching the disk) and then stayed the same
    # size for a moment (a commit has finished writing); if that was still before the first commit,
    # wait for more growth next time. Each attempt starts from a fresh database.
    for attempt, growth in enumerate((2_000_000, 5_000_000, 9_000_000, 14_000_000)):
        db = tmp_path / f"veille-{attempt}.duckdb"
        kept = _kill_after_growth(db, data, workers, growth)
        if kept > 0:
            break
    assert 0 < kept < N, f"the kill should land mid-file (kept {kept} of {N})"

    rerun = subprocess.run([sys.executable, "-m", "veille", "ingest", "--db", str(db), "--workers", str(workers),
                            "--json", str(data)], capture_output=True, text=True, check=True)
    report = json.loads(rerun.stdout)
    assert report["inserted"] == N - kept
    assert report["duplicates"] == kept
    with Store(db) as store:
        total, distinct = store.con.execute("SELECT count(*), count(DISTINCT id) FROM posts").fetchone()
    assert total == distinct == N


def _kill_after_growth(db, data, workers: int, growth: int) -> int:
    Store(db).close()
    baseline = _size(db)
    proc = subprocess.Popen([sys.executable, "-m", "veille", "ingest", "--db", str(db), "--workers", str(workers),
                             "-q", str(data)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _size(db) < baseline + growth and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    size, steady_since = _size(db), time.monotonic()
    while time.monotonic() - steady_since < 0.15 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
        if _size(db) != size:
            size, steady_since = _size(db), time.monotonic()
    workers_left = psutil.Process(proc.pid).children(recursive=True) if proc.poll() is None else []
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # Worker processes watch their parent and leave with it, rather than wait for work forever.
    _, alive = psutil.wait_procs(workers_left, timeout=15)
    assert alive == []
    with Store(db) as store:
        return store.con.execute("SELECT count(*) FROM posts").fetchone()[0]


def _size(db) -> int:
    return sum(os.path.getsize(p) for p in (db, db.with_name(db.name + ".wal")) if os.path.exists(p))
