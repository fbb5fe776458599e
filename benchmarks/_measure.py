"""Running a command and measuring its wall time and peak memory (the whole process tree)."""

import subprocess
import tempfile
import time
from dataclasses import dataclass

import psutil


@dataclass
class Run:
    seconds: float
    peak_mb: float
    stdout: str


def measure(command: list[str], *, env: dict | None = None, cwd: str | None = None) -> Run:
    # Output goes to files, not pipes: a child writing more than a pipe holds would block forever.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env, cwd=cwd)
        peak = 0
        watched = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                tree = [watched, *watched.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{err.read()[-2000:]}")
        return Run(seconds=seconds, peak_mb=peak / 2**20, stdout=out.read())
