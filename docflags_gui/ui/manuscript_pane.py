"""The manuscript paragraph of the selected flag, with the matched passage marked.

Shown beside the report page for a matched result. The manuscript is read (once per file) on a
background thread with the same readers the match used, so the offsets agree; the GUI thread
only formats one paragraph.
"""

from __future__ import annotations

import html
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from docflags_gui.matching.manuscript import Manuscript, ManuscriptError
from docflags_gui.matching.readers import read_manuscript
from docflags_gui.result import FlagMatch
from docflags_gui.ui.i18n import translate

log = logging.getLogger(__name__)
MARK_STYLE = "background-color: #ffe066;"


class ManuscriptPane(QTextBrowser):
    """Shows `show_match(manuscript, match)`: the paragraph, the passage marked."""

    _read_done = Signal(object, object)  # path, Manuscript | str (why it could not be read)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manuscriptPane")
        self.setAccessibleName(translate("ManuscriptPane", "Manuscript paragraph"))
        self.setOpenLinks(False)
        self._read: dict[Path, Manuscript | str] = {}
        self._reading: set[Path] = set()
        self._wanted: tuple[Path, FlagMatch | None] | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="manuscript")
        self._read_done.connect(self._on_read)

    def show_match(self, manuscript: Path, match: FlagMatch | None) -> None:
        self._wanted = (manuscript, match)
        if match is None:
            self.setPlainText(translate("ManuscriptPane", "This passage is not in the manuscript."))
            return
        known = self._read.get(manuscript)
        if known is None:
            self.setPlainText(
                translate("ManuscriptPane", "Reading {name}…").format(name=manuscript.name)
            )
            self._start_reading(manuscript)
        elif isinstance(known, str):
            self.setPlainText(known)
        else:
            self.setHtml(paragraph_html(known, match, manuscript.name))

    def _start_reading(self, path: Path) -> None:
        if path in self._reading:
            return
        self._reading.add(path)
        future = self._executor.submit(_read, path)

        def done(finished: Future[Manuscript | str]) -> None:  # on the reading thread
            self._read_done.emit(path, finished.result())

        future.add_done_callback(done)

    def _on_read(self, path: Path, manuscript: Manuscript | str) -> None:
        self._reading.discard(path)
        self._read[path] = manuscript
        if self._wanted is not None and self._wanted[0] == path:
            self.show_match(*self._wanted)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def _read(path: Path) -> Manuscript | str:
    try:
        return read_manuscript(path)
    except ManuscriptError as exc:
        return translate("ManuscriptPane", "{name} cannot be read: {why}").format(
            name=path.name, why=exc
        )
    except Exception as exc:  # never let a reading thread die silently
        log.exception("reading %s for the paragraph view failed", path)
        return f"{path.name}: {exc}"


def paragraph_html(manuscript: Manuscript, match: FlagMatch, name: str) -> str:
    """The paragraph(s) the passage lies in, as HTML, the passage itself marked."""
    start, end = int(match["start"]), int(match["end"])
    first = manuscript.paragraph_at(start)
    last = manuscript.paragraph_at(max(start, end - 1))
    begin, finish = manuscript.spans[first][0], manuscript.spans[last][1]
    text = manuscript.text
    body = (
        html.escape(text[begin:start])
        + f'<span style="{MARK_STYLE}">{html.escape(text[start:end])}</span>'
        + html.escape(text[end:finish])
    ).replace("\n", "<br>")
    page = f" · p. {match['page']}" if match.get("page") else ""
    heading = html.escape(f"{name} · ¶ {match.get('paragraph')}{page}")
    return f"<p><b>{heading}</b></p><p>{body}</p>"
