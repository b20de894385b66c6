"""HistoryWrites: history writes asked for by the window, answered on the GUI thread.

The GUI thread never waits on the history's writer thread (which may be busy storing a big
result): a write is queued with `HistoryStore.later`, and what follows it (refresh the list,
tell the user) runs when the writer is done, as a queued call on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from docflags_gui.store.history import HistoryStore

log = logging.getLogger(__name__)

T = TypeVar("T")


class HistoryWrites(QObject):
    """Runs a store's write methods on its writer thread; callbacks come back on this object's
    (the GUI) thread with the write's Future."""

    # Emitted on the writer thread; the connection is queued to this object's thread.
    _answered = Signal(object, object)  # Future, callback

    def __init__(self, store: HistoryStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._pending = 0
        self._answered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def pending(self) -> int:
        """Writes asked for whose callback has not run yet."""
        return self._pending

    def later(
        self,
        method: Callable[..., T],
        *args: object,
        then: Callable[[Future[T]], None] | None = None,
        **kwargs: object,
    ) -> Future[T]:
        """Queue `method(*args, **kwargs)` behind every write asked for before; returns at once.
        `then(future)` runs on the GUI thread once it is done (failed writes too)."""
        future = self.store.later(method, *args, **kwargs)
        self._pending += 1
        future.add_done_callback(lambda done: self._answer(done, then))
        return future

    def _answer(self, future: Future[Any], then: Callable[[Future[Any]], None] | None) -> None:
        try:
            self._answered.emit(future, then)
        except RuntimeError:  # the window went first: nobody is left to tell
            log.debug("a history write finished after its window closed")

    def _deliver(self, future: Future[Any], then: Callable[[Future[Any]], None] | None) -> None:
        self._pending -= 1
        if then is not None:
            then(future)
