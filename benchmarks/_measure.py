"""Running a command and measuring its wall time and peak memory (the whole process tree)."""

import subprocess
import time
from dataclasses import dataclass

import psutil


@dataclass
class Run:
    seconds: float
    peak_mb: float
    stdout: str


def measure(command: list[str], *, env: dict | None = None, cwd: str | None = None) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
    peak = 0
    watched = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err[-2000:]}")
    return Run(seconds=seconds, peak_mb=peak / 2**20, stdout=out)
