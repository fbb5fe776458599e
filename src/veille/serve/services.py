"""Background services that run beside the web app in `veille serve`.

A service is a thread with a name that starts with the server and stops with it. State lives in
the database, so a restart resumes where the last run stopped. Services are listed in
`SERVICE_FACTORIES`; each factory takes the facade and the serve settings and returns a Service
or None (when not configured).
"""

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger("veille.serve")


@dataclass
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    watch: list[str] = field(default_factory=list)   # folders where exports land
    feeds: list[str] = field(default_factory=list)   # RSS/Atom feed URLs
    cycle_seconds: float = 300.0                     # detection cycle period
    secure_cookies: bool = False
    model_threads: int = 1                           # embedding engine threads (the rest serve requests)
    window_hours: float = 168.0                      # detection cycle: sliding window of data
    embed_budget: int = 200                          # texts embedded per cycle (0: none)
    stable_seconds: float = 5.0                      # a watched file unchanged this long is complete


class Service:
    """A background loop: `step()` every `period` seconds until stopped. Errors are logged and the
    loop goes on (a bad cycle must not stop monitoring)."""

    name = "service"
    period = 1.0
    # Linux scheduling niceness of the thread: heavy background work (embedding, detection) runs
    # at a lower priority than the event loop, so that webhooks and pages answer first.
    nice = 0

    def __init__(self):
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def step(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"veille-{self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _run(self) -> None:
        if self.nice:
            try:  # per thread on Linux: a thread is a task with its own id
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), self.nice)
            except (AttributeError, OSError):
                log.info("%s: cannot lower its priority here", self.name)
        while not self._stop.is_set():
            try:
                self.step()
            except Exception:  # noqa: BLE001 - logged, and the loop goes on
                log.exception("%s: step failed", self.name)
            self._stop.wait(self.period)


SERVICE_FACTORIES: list[Callable] = []


def _detection_cycles(veille, settings):
    from veille.serve.scheduler import DetectionCycles

    return DetectionCycles(veille, settings)


def _alert_delivery(veille, settings):
    from veille.serve.scheduler import AlertDelivery

    return AlertDelivery(veille, settings)


SERVICE_FACTORIES.extend([_detection_cycles, _alert_delivery])


def _tipline_conversation(veille, settings):
    from veille.tipline.services import conversation_service

    return conversation_service(veille, settings)


def _tipline_outbox(veille, settings):
    from veille.tipline.services import outbox_service

    return outbox_service(veille, settings)


SERVICE_FACTORIES.extend([_tipline_conversation, _tipline_outbox])


def start_services(veille, settings: ServeSettings) -> list[Service]:
    services = []
    for factory in SERVICE_FACTORIES:
        service = factory(veille, settings)
        if service is not None:
            service.start()
            services.append(service)
            log.info("started %s", service.name)
    return services
