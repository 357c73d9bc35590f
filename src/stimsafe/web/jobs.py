"""A bounded worker pool for the expensive endpoints (``POST /api/dose``, the signal report).

A few worker threads run the jobs; at most ``workers + queue`` jobs are admitted at once (running or waiting).
When every slot is taken, the request is answered at once with 503 and a ``Retry-After`` header instead of
piling up behind minutes of work, so the cheap pages stay fast under load. A job whose client went away still
holds its slot until it finishes: the slot bounds the work, not the connections.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from fastapi import Request

from stimsafe.errors import StimsafeError

T = TypeVar("T")


class ServerBusyError(StimsafeError):
    """Every worker is busy and the queue is full: try again after ``retry_after_s`` seconds."""

    http_status = 503
    kind = "busy"

    def __init__(self, message: str, *, retry_after_s: int, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.retry_after_s = retry_after_s


class JobPool:
    """``workers`` threads and room for ``queue`` waiting jobs; :meth:`run` refuses the rest.

    Parameters
    ----------
    workers
        Jobs that run at the same time (each may use a CPU core for seconds).
    queue
        Jobs that may wait for a worker; one more is refused with :class:`ServerBusyError`.
    retry_after_s
        What the 503 answer tells the client to wait.
    """

    def __init__(self, *, workers: int, queue: int, retry_after_s: int = 5) -> None:
        if workers < 1 or queue < 0:
            raise ValueError(f"workers must be >= 1 and queue >= 0, got workers={workers}, queue={queue}")
        self.workers = workers
        self.capacity = workers + queue
        self.retry_after_s = retry_after_s
        self._slots = threading.BoundedSemaphore(self.capacity)
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="stimsafe-job")

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)`` on a worker and await its result.

        Raises
        ------
        ServerBusyError
            All ``workers + queue`` slots are taken.
        """
        if not self._slots.acquire(blocking=False):
            raise ServerBusyError(
                "The server is busy with other long calculations.",
                retry_after_s=self.retry_after_s,
                hint=f"Try again in {self.retry_after_s} seconds.",
            )
        try:
            future = self._executor.submit(fn, *args, **kwargs)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _: self._slots.release())
        return await asyncio.wrap_future(future)

    def shutdown(self) -> None:
        """Stop accepting jobs; running ones finish in the background."""
        self._executor.shutdown(wait=False, cancel_futures=True)


def jobs_of(request: Request) -> JobPool:
    """The app's :class:`JobPool`."""
    pool: JobPool = request.app.state.jobs
    return pool
