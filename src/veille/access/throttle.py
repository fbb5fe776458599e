"""Slowing down password guessing: after a few failed logins for one username or from one
address, further attempts are refused for a while, doubling each time.

Kept in memory: a restart forgets it, which costs an attacker a restart they cannot cause.
"""

import threading
import time

FREE_FAILURES = 5        # failures allowed before the first lock-out
FIRST_LOCK = 30.0        # seconds; doubles with each further failure
MAX_LOCK = 15 * 60.0
FORGET_AFTER = 3600.0    # a key with no failure for this long starts afresh


class LoginThrottle:
    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (failures, time of last failure)

    def wait_seconds(self, *keys: str) -> float:
        """How long the caller must wait before trying again (0 when it may try now)."""
        now = self._clock()
        with self._lock:
            longest = 0.0
            for key in keys:
                count, last = self._failures.get(key, (0, 0.0))
                if count < FREE_FAILURES or now - last > FORGET_AFTER:
                    continue
                lock = min(FIRST_LOCK * 2 ** (count - FREE_FAILURES), MAX_LOCK)
                longest = max(longest, last + lock - now)
            return max(longest, 0.0)

    def failed(self, *keys: str) -> None:
        now = self._clock()
        with self._lock:
            for key in keys:
                count, last = self._failures.get(key, (0, 0.0))
                if now - last > FORGET_AFTER:
                    count = 0
                self._failures[key] = (count + 1, now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
