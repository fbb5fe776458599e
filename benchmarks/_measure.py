"""Running a command and measuring its wall time and peak memory (the whole process tree)."""

import compileall
import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass

import psutil


@dataclass
class Run:
    seconds: float
    peak_mb: float
    stdout: str

    @property
    def all_seconds(self) -> list[float]:
        return [self.seconds]


def measure(command: list[str], *, env: dict | None = None, cwd: str | None = None) -> Run:
    """Wall time from start to exit (taken by a thread that waits for the process, so the memory
    sampling every 50 ms does not round it up) and peak memory of the process tree. Files the
    previous command wrote are flushed to disk first, so that their write-back does not fall
    inside this command's time."""
    os.sync()
    # Output goes to files, not pipes: a child writing more than a pipe holds would block forever.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env, cwd=cwd)
        ended: list[float] = []
        exited = threading.Event()

        def wait() -> None:
            proc.wait()
            ended.append(time.perf_counter())
            exited.set()

        threading.Thread(target=wait, daemon=True).start()
        peak = 0
        watched = psutil.Process(proc.pid)
        while not exited.wait(0.05):
            try:
                tree = [watched, *watched.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
        seconds = ended[0] - start
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{err.read()[-2000:]}")
        return Run(seconds=seconds, peak_mb=peak / 2**20, stdout=out.read())


def compile_sources(root) -> None:
    """Byte-compile veille's sources, as installing a wheel does for the peers' (an editable
    install under PYTHONDONTWRITEBYTECODE would otherwise compile every module on every run)."""
    compileall.compile_dir(str(root / "src" / "veille"), quiet=1)
