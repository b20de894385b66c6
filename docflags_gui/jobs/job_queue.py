"""The JobManager's queue of waiting jobs: their order, and when a retried one may start."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator


class JobQueue:
    """Job ids in the order they will start. A job may have to wait out a back-off first:
    `not_before(job_id)` (monotonic seconds) says until when."""

    def __init__(self, not_before: Callable[[str], float]) -> None:
        self._ids: deque[str] = deque()
        self._not_before = not_before
        # Jobs put back with a back-off (retries): the only ones that may not be ready, so a
        # queue of thousands is not scanned on every dispatch.
        self._delayed: set[str] = set()

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, job_id: object) -> bool:
        return job_id in self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._ids))

    def append(self, job_id: str) -> None:
        self._ids.append(job_id)

    def push_front(self, job_id: str) -> None:
        """Put a job back first in line (a retry, which may wait out a back-off)."""
        self._ids.appendleft(job_id)
        self._delayed.add(job_id)

    def remove(self, job_id: str) -> bool:
        """Take a job out; False if it was not waiting."""
        try:
            self._ids.remove(job_id)
        except ValueError:
            return False
        self._delayed.discard(job_id)
        return True

    def remove_many(self, job_ids: Iterable[str]) -> set[str]:
        """Take these jobs out in one pass over the queue; returns those that were waiting."""
        wanted = set(job_ids)
        removed = wanted.intersection(self._ids)
        if removed:
            self._ids = deque(job_id for job_id in self._ids if job_id not in removed)
            self._delayed -= removed
        return removed

    def move_to_front(self, job_id: str) -> bool:
        """Run `job_id` next; False if it is not waiting or already first."""
        if not self._ids or self._ids[0] == job_id or job_id not in self._ids:
            return False
        self._ids.remove(job_id)
        self._ids.appendleft(job_id)  # a back-off it waits out still holds
        return True

    def take_ready(self, now: float) -> str | None:
        """The first job whose back-off is over, taken out of the queue; None if none is."""
        ready = next(
            (j for j in self._ids if j not in self._delayed or self._not_before(j) <= now), None
        )
        if ready is not None:
            self.remove(ready)
        return ready

    def earliest_wait(self, now: float) -> float | None:
        """Seconds until the first back-off ends, or None when nobody is waiting one out."""
        waits = [wait for wait in (self._not_before(j) - now for j in self._delayed) if wait > 0]
        return min(waits) if waits else None

    def clear(self) -> list[str]:
        """Empty the queue; returns what was in it, in order."""
        ids = list(self._ids)
        self._ids.clear()
        self._delayed.clear()
        return ids
