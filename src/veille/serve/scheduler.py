"""The services of continuous operation: detection cycles every `--cycle` seconds, and the alert
delivery outbox every two seconds (see veille.serve.cycle and veille.alerts.delivery)."""

import logging

from veille.serve.services import Service

log = logging.getLogger("veille.serve")


class DetectionCycles(Service):
    """Runs a detection cycle, then waits `cycle_seconds`; the first cycle starts at once (and
    resumes an interrupted one). Stopping the server ends the cycle at its next stage boundary."""

    name = "detection-cycles"
    nice = 10

    def __init__(self, veille, settings):
        super().__init__()
        self.veille = veille
        self.settings = settings
        self.period = settings.cycle_seconds

    def step(self) -> None:
        self.veille.run_cycle(self.settings, stop=self._stop)


class AlertDelivery(Service):
    """Sends queued alerts to their targets, retrying with backoff (one outbox step every 2 s)."""

    name = "alert-delivery"
    period = 2.0

    def __init__(self, veille, settings):
        super().__init__()
        self.veille = veille

    def step(self) -> None:
        run = self.veille.deliver_alerts()
        if run.delivered or run.failed:
            log.info("alerts delivered: %d, failed for good: %d", run.delivered, run.failed)
