"""A small brake on password guessing: failed logins are counted per username and per client address.

After ``MAX_PER_USER`` failures for one username, or ``MAX_PER_CLIENT`` from one address, within ``WINDOW_S``
seconds, further attempts are refused *before* any password is hashed (scrypt is deliberately slow, so
unbounded attempts would also be a cheap way to load the server). A successful login clears its username's
count. The counts live in memory, per process: a restart clears them.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from stimsafe.errors import StimsafeError

MAX_PER_USER = 5
MAX_PER_CLIENT = 20
WINDOW_S = 15 * 60


class TooManyAttemptsError(StimsafeError):
    """Too many failed logins; wait before trying again."""

    http_status = 429
    kind = "too_many_requests"


class LoginLimiter:
    """Failed-login counts in a sliding window, by ``("user", name)`` and ``("client", address)``.

    Examples
    --------
    >>> now = [0.0]
    >>> limiter = LoginLimiter(max_per_user=2, clock=lambda: now[0])
    >>> limiter.failed("alice", "10.0.0.1"); limiter.failed("alice", "10.0.0.1")
    >>> limiter.blocked("alice", "10.0.0.2")
    True
    >>> now[0] = WINDOW_S + 1
    >>> limiter.blocked("alice", "10.0.0.2")
    False
    """

    def __init__(
        self,
        *,
        max_per_user: int = MAX_PER_USER,
        max_per_client: int = MAX_PER_CLIENT,
        window_s: float = WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limits = {"user": max_per_user, "client": max_per_client}
        self._window_s = window_s
        self._clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self._window_s:
            times.popleft()
        if not times:
            del self._failures[key]  # keep memory bounded by recent failures only
            return deque()
        return times

    def blocked(self, username: str, client: str) -> bool:
        """Whether this username or this client has used up its failed attempts in the window."""
        now = self._clock()
        with self._lock:
            keys = (("user", username), ("client", client))
            return any(len(self._recent(k, now)) >= self._limits[k[0]] for k in keys)

    def failed(self, username: str, client: str) -> None:
        """Count one failed attempt for both the username and the client."""
        now = self._clock()
        with self._lock:
            for key in (("user", username), ("client", client)):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, username: str) -> None:
        """Clear the username's failures after a correct password."""
        with self._lock:
            self._failures.pop(("user", username), None)

    def check(self, username: str, client: str) -> None:
        """Raise :class:`TooManyAttemptsError` when :meth:`blocked`."""
        if self.blocked(username, client):
            minutes = round(self._window_s / 60)
            raise TooManyAttemptsError(
                "Too many failed logins. Please wait before trying again.",
                field="username",
                hint=f"Try again in up to {minutes} minutes, or ask the server's owner to reset your password.",
            )
