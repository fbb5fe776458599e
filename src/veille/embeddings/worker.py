"""The background embedding worker: a thread that keeps the cache caught up while a process serves.

It runs the prioritised catch-up (veille.embeddings.queue) in slices of `slice_seconds`, so that
newly ingested fact-checks and tipline messages jump the queue at the next slice, and rests
`idle_seconds` once nothing is left. Each batch is committed through the store's one writer, so
readers never wait for it, and `stop()` ends it after the current batch.
"""

import threading
from collections.abc import Callable

from veille.embeddings.backends import EmbeddingBackend
from veille.embeddings.queue import EmbedRun, catch_up
from veille.store import Store


class EmbeddingWorker(threading.Thread):
    def __init__(self, store: Store, backend: EmbeddingBackend, *, slice_seconds: float = 60.0,
                 idle_seconds: float = 30.0, on_run: Callable[[EmbedRun], None] | None = None):
        super().__init__(name="veille-embedding-worker", daemon=True)
        self.store, self.backend = store, backend
        self.slice_seconds, self.idle_seconds = slice_seconds, idle_seconds
        self.on_run = on_run
        self.last_run: EmbedRun | None = None
        self.error: BaseException | None = None
        self._halt = threading.Event()

    def run(self) -> None:
        try:
            while not self._halt.is_set():
                run = catch_up(self.store, self.backend, seconds=self.slice_seconds, stop=self._halt)
                self.last_run = run
                if self.on_run is not None:
                    self.on_run(run)
                if run.remaining == 0:
                    self._halt.wait(self.idle_seconds)
        except Exception as exc:  # kept for whoever supervises the worker; committed batches stay
            self.error = exc

    def stop(self, timeout: float | None = None) -> None:
        """Finish the current batch and end."""
        self._halt.set()
        self.join(timeout)
