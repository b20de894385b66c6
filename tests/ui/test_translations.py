"""The Indonesian catalogue: every window string is in it (the failure says what to add), the
compiled .qm matches the .ts sources, and with LANGUAGE=id no English word is left in the
main window, its menus and its dialogs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from docflags_gui.ui import i18n
from docflags_gui.ui.cluster_choice import ClusterChoice
from docflags_gui.ui.flags_cells import Column
from docflags_gui.ui.history_panel import HistoryPanel
from docflags_gui.ui.main_window import MainWindow
from docflags_gui.ui.review_controller import ReviewController
from docflags_gui.ui.settings_dialog import SettingsDialog
from docflags_gui.ui.settings_store import load_job_settings
from tests.ui.conftest import job_row, wait_all_final
from tests.ui.test_review_window import drop_matched_pair

_HORIZONTAL = Qt.Orientation.Horizontal
REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / "resources" / "translations"
CATALOGUE = TRANSLATIONS / "docflags_id.ts"
QTBASE = TRANSLATIONS / "qtbase_id.ts"
COMPILED = TRANSLATIONS / "docflags_id.qm"
UI_SOURCES = sorted((REPO / "docflags_gui" / "ui").glob("*.py"))
TOOLS = Path(sys.executable).parent  # pyside6-lupdate / -lrelease come with pyside6-essentials
# The commands that bring the catalogue up to date, run in the repository's root.
LUPDATE = (
    "pyside6-lupdate docflags_gui/ui/*.py -no-obsolete -locations none "
    "-ts resources/translations/docflags_id.ts"
)
LRELEASE = (
    "pyside6-lrelease resources/translations/docflags_id.ts "
    "resources/translations/qtbase_id.ts -qm resources/translations/docflags_id.qm"
)
# Words that are the same in Indonesian (names, codes, key names).
SAME_IN_BOTH = {
    "pdf",
    "pdfs",
    "ocr",
    "docflags",
    "ctrl",
    "shift",
    "esc",
    "json",
    "csv",
    "html",
    "xlsx",
    "markdown",
    "excel",
    "libreoffice",
    "utf",
    "qt",
    "pymupdf",
    "agpl",
    "or",
    "later",
    "id",
    "eng",
    "ind",
    "log",
    "ok",
    "s",
    "f",
    "o",
    "r",
    "e",
    "h",
    "l",
    "x",
}


def _tool(name: str) -> str:
    found = TOOLS / name
    if found.exists():
        return str(found)
    on_path = shutil.which(name)
    if on_path is None:
        pytest.fail(f"{name} not found: it comes with pyside6-essentials")
    return on_path


def _messages(ts: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) -> finished translation (None when missing or unfinished)."""
    found: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            finished = (
                translation is not None
                and translation.get("type") not in ("unfinished", "vanished", "obsolete")
                and bool(translation.text)
            )
            text = translation.text if translation is not None else None
            found[(name, source)] = text if finished else None
    return found


def test_the_catalogue_translates_every_string_of_the_window(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            *map(str, UI_SOURCES),
            "-no-obsolete",
            "-locations",
            "none",
            "-ts",
            str(fresh),
        ],
        check=True,
        capture_output=True,
    )
    wanted = set(_messages(fresh))
    assert len(wanted) > 250, "lupdate found too few strings: translate() needs literal contexts"
    have = _messages(CATALOGUE)
    missing = sorted(key for key in wanted if have.get(key) is None)
    listing = "\n".join(f"  context {c!r}: {s!r}" for c, s in missing)
    assert not missing, (
        f"{len(missing)} window string(s) have no Indonesian translation. In the repository "
        f"root run `{LUPDATE}`, give each of these a <translation> in "
        f'{CATALOGUE.relative_to(REPO)} (no type="unfinished"), run `{LRELEASE}` and commit '
        f"the .ts and .qm:\n{listing}"
    )
    stale = sorted(set(have) - wanted)
    assert not stale, f"entries no source uses any more (run lupdate with -no-obsolete): {stale}"


def test_the_compiled_catalogue_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), str(CATALOGUE), str(QTBASE), "-qm", str(fresh)],
        check=True,
        capture_output=True,
    )
    assert fresh.read_bytes() == COMPILED.read_bytes(), (
        f"{COMPILED.relative_to(REPO)} is older than its sources: in the repository's root "
        f"run `{LRELEASE}` and commit it"
    )


def _english_words() -> set[str]:
    """Words of the English source strings that never appear in the Indonesian ones."""
    english: set[str] = set()
    indonesian: set[str] = set()
    for ts in (CATALOGUE, QTBASE):
        for (_context, source), translation in _messages(ts).items():
            english.update(_words(source))
            indonesian.update(_words(translation or ""))
    return english - indonesian - SAME_IN_BOTH


def _words(text: str) -> set[str]:
    text = re.sub(r"\{\w+\}|%\d|<[^>]+>", " ", text.replace("&", ""))
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


def _visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of every string a user can see or hear under `root`."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        where = f"{type(widget).__name__} {widget.objectName()!r}"
        if widget.isWindow():
            yield where + " title", widget.windowTitle()
        yield where + " tooltip", widget.toolTip()
        yield where + " accessible name", widget.accessibleName()
        if isinstance(widget, QLabel):
            yield where, widget.text()
        if isinstance(widget, QAbstractButton):
            yield where, widget.text()
        if isinstance(widget, QLineEdit):
            yield where + " placeholder", widget.placeholderText()
        if isinstance(widget, QComboBox):
            for index in range(widget.count()):
                yield f"{where} item {index}", widget.itemText(index)
        if isinstance(widget, QMenu):
            yield where + " menu title", widget.title()
        if isinstance(widget, QTreeWidget):
            header = widget.headerItem()
            for column in range(header.columnCount()):
                yield f"{where} header {column}", header.text(column)
        elif isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            for column in range(model.columnCount(QModelIndex())):
                yield f"{where} header {column}", str(model.headerData(column, _HORIZONTAL) or "")
        for action in widget.actions():
            yield f"{where} action", action.text()
            yield f"{where} action tooltip", action.toolTip()


def _painted_rows(window: MainWindow) -> list[tuple[str, str]]:
    """The job rows' words (painted by a delegate) and the table cells that are ours: kind,
    colour, place in the manuscript and review status (text, sources and comments are the
    report's own)."""
    texts: list[tuple[str, str]] = []
    for info in window.manager.jobs():
        row = job_row(window, info.job_id)
        texts.append((f"job row {info.job_id} state", row.state_text))
        texts.append((f"job row {info.job_id} detail", row.detail))
        texts += [(f"job row {info.job_id} button", row.button_text(a)) for a in row.actions]
    model = window.flags_table.model()
    ours = (Column.KIND, Column.COLOR, Column.WHERE, Column.STATUS)
    for row_number in range(model.rowCount()):
        for column in ours:
            if column < model.columnCount():
                index = model.index(row_number, column)
                texts.append((f"table row {row_number} column {column.name}", index.data() or ""))
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                if column == Column.WHERE and isinstance(tip, str):  # then the manuscript's
                    tip = tip.split(": ", 1)[0]
                if column != Column.COLOR and isinstance(tip, str):
                    texts.append((f"table row {row_number} column {column.name} tooltip", tip))
    return texts


def _english_left(root: QWidget, english: set[str]) -> list[str]:
    found = []
    texts = list(_visible_texts(root))
    if isinstance(root, MainWindow):  # painted, not held by a widget
        texts.append(("status bar", root.statusBar().currentMessage()))
        texts.append(("page preview", root.preview.message()))
        texts += _painted_rows(root)
    for where, text in texts:
        # File paths and names are the user's, not ours.
        text = re.sub(r"/\S+|[\w.-]+\.(pdf|docx)\b", " ", text)
        left = _words(text) & english
        if left:
            found.append(f"{where}: {text!r} ({', '.join(sorted(left))})")
    return found


@pytest.fixture
def indonesian(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LANGUAGE", "id")
    yield
    i18n.install_language("en")


def _inspect_modal(open_it: Callable[[], object], english: set[str]) -> list[str]:
    """Open a modal dialog, list its English words, close it."""
    found: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, look)
            return
        found.extend(_english_left(dialog, english))
        if isinstance(dialog, QMessageBox) and dialog.escapeButton() is not None:
            dialog.escapeButton().click()
        else:
            dialog.close()

    QTimer.singleShot(0, look)
    open_it()
    return found


def test_with_language_id_no_english_word_is_left_in_the_window(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path, indonesian: None
) -> None:
    english = _english_words()
    assert {"file", "open", "the", "passages"} <= english  # the check can fail
    window = make_window(fake=True)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    empty = _english_left(window, english)
    pdf = tmp_path / "ok-laporan.pdf"
    pdf.write_bytes(b"%PDF-1.7 fake")
    window.open_paths([pdf])
    wait_all_final(qtbot, window)
    qtbot.waitUntil(lambda: window.flags_table.model().rowCount() == 3)
    history = window.findChild(HistoryPanel)
    assert history is not None
    history.show_history()
    window.flags_table.selectRow(1)
    working = _english_left(window, english)
    menus = [m for m in window.menuBar().findChildren(QMenu)]
    assert len(menus) >= 5
    for menu in menus:
        working += _english_left(menu, english)
    dialogs = _inspect_modal(window.open_settings, english)
    dialogs += _inspect_modal(window.show_about, english)
    window.exporter.export()
    dialog = window.exporter.dialog
    assert dialog is not None
    dialogs += _english_left(dialog, english)
    dialog.reject()
    dialogs += _inspect_modal(window._ask_quit_choice, english)
    problems = empty + working + dialogs
    assert not problems, "English words in the Indonesian window:\n" + "\n".join(problems)


def test_with_language_id_the_review_and_the_cluster_settings_have_no_english_word(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path, indonesian: None
) -> None:
    """A report matched with its manuscript (real workers): the Review pane, the Status and
    Where columns, the Review menu, the note dialog; Settings with a cluster chosen and a
    broker URL that cannot be used."""
    english = _english_words()
    window = make_window()
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    drop_matched_pair(qtbot, window, tmp_path)
    assert window.workspace.review_box.isVisible()
    # Rules that suggest a status for every passage, with the rule's reason as the tooltip.
    panel = window.workspace.review_panel
    panel.small.setChecked(True)
    panel.small_words.setValue(50)
    QTest.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len([i for i in window.manager.jobs() if i.kind == "match"]) == 2)
    wait_all_final(qtbot, window)
    status = window.flags_table.model().index(0, Column.STATUS)
    qtbot.waitUntil(lambda: bool(status.data(Qt.ItemDataRole.ToolTipRole)), timeout=10_000)
    window.flags_table.setFocus()
    window.flags_table.selectRow(0)
    problems = _english_left(window, english)
    for menu in window.menuBar().findChildren(QMenu):
        problems += _english_left(menu, english)
    review = window.findChild(ReviewController)
    assert review is not None
    problems += _inspect_modal(review.edit_note, english)
    cluster = ClusterChoice(enabled=True, broker_url="http://example.invalid")
    dialog = SettingsDialog(load_job_settings(window.settings), window, cluster)
    dialog.accept()  # refused: the URL is not a Redis one; the dialog says why
    assert dialog.problem.text()
    problems += _english_left(dialog, english)
    dialog.reject()
    assert not problems, "English words in the Indonesian review:\n" + "\n".join(problems)
