"""StoreWriter: the one thread that writes the history, owning its write connection.

Every write of a HistoryStore runs here, one after another, each in its own BEGIN IMMEDIATE
transaction. Callers either wait for the answer (`call`: the command line, tests, start-up and
shut-down) or do not (`submit`: the app's GUI thread, which must never wait on a write: a
10,000-flag result takes 100-200 ms to store). Requests run in the order they were made, so a
later request may rely on an earlier one's answer (its Future is done by then).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine

log = logging.getLogger(__name__)

T = TypeVar("T")

_STOP = object()


class StoreWriter:
    """A writer thread for one write engine; started by the first request."""

    def __init__(self, engine: Engine, name: str = "docflags-history-writer") -> None:
        self._engine = engine
        self._name = name
        self._requests: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def closed(self) -> bool:
        """Whether `close` was called: requests now raise."""
        return self._closed

    @property
    def on_writer_thread(self) -> bool:
        return self._thread is not None and threading.current_thread() is self._thread

    def transaction(self, work: Callable[[Connection], T]) -> Future[T]:
        """Run `work(conn)` in a write transaction on the writer thread; its Future."""
        return self.submit(lambda: self._in_transaction(work))

    def submit(self, action: Callable[[], T]) -> Future[T]:
        """Run `action()` on the writer thread (after everything submitted before)."""
        future: Future[T] = Future()
        if self.on_writer_thread:  # a request made by a request: run it in place
            _run(action, future)
            return future
        with self._lock:
            if self._closed:
                raise RuntimeError("the history writer is closed")
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name=self._name, daemon=True)
                self._thread.start()
            self._requests.put((action, future))
        return future

    def call(self, work: Callable[[Connection], T]) -> T:
        """`transaction(work)` and wait for its answer (re-raising its exception)."""
        return self.transaction(work).result()

    def drain(self, timeout: float | None = None) -> bool:
        """Wait until everything submitted so far is done; False if `timeout` ran out."""
        if self._thread is None or self.on_writer_thread:
            return True
        marker: Future[None] = self.submit(lambda: None)
        try:
            marker.result(timeout)
        except TimeoutError:
            return False
        return True

    def close(self, timeout: float | None = 30.0) -> None:
        """Finish what was submitted, then end the thread; later requests raise."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
            if thread is not None:
                self._requests.put(_STOP)
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            if thread.is_alive():
                log.error("the history writer did not finish within %s s", timeout)

    def _in_transaction(self, work: Callable[[Connection], T]) -> T:
        with self._engine.begin() as conn:
            return work(conn)

    def _serve(self) -> None:
        while True:
            request = self._requests.get()
            if request is _STOP:
                return
            action, future = request
            _run(action, future)


def _run(action: Callable[[], T], future: Future[T]) -> None:
    if not future.set_running_or_notify_cancel():
        return
    try:
        result = action()
    except BaseException as exc:
        future.set_exception(exc)
    else:
        future.set_result(result)
