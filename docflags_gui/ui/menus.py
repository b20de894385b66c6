"""The window's menu bar: File, Edit, Jobs, View, Help (the history adds View > History)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from docflags_gui.ui.flags_panel import FlagsPanel
from docflags_gui.ui.flags_view import FlagsTableView
from docflags_gui.ui.i18n import translate
from docflags_gui.ui.job_list import JobList
from docflags_gui.ui.sources_panel import SourcesPanel


class _Exporter(Protocol):
    def export(self) -> None: ...


class _Matcher(Protocol):
    def match_current(self) -> None: ...


class MenuHost(Protocol):
    """What the menus act on: the main window (named so, not imported: no import cycle)."""

    @property
    def exporter(self) -> _Exporter: ...
    @property
    def matcher(self) -> _Matcher: ...
    @property
    def job_list(self) -> JobList: ...
    @property
    def flags_panel(self) -> FlagsPanel: ...
    @property
    def flags_table(self) -> FlagsTableView: ...
    @property
    def sources_panel(self) -> SourcesPanel: ...

    def menuBar(self) -> QMenuBar: ...
    def open_dialog(self) -> None: ...
    def open_folder_dialog(self) -> None: ...
    def close(self) -> bool: ...
    def copy(self) -> None: ...
    def open_settings(self) -> None: ...
    def cancel_all(self) -> None: ...
    def focus_pane(self, widget: QWidget) -> None: ...
    def show_about(self) -> None: ...


@dataclass(frozen=True)
class Menus:
    file: QMenu
    edit: QMenu
    jobs: QMenu
    view: QMenu
    help: QMenu
    export_action: QAction
    match_action: QAction


def add_action(
    menu: QMenu,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str = "",
) -> QAction:
    action = menu.addAction(text)
    action.triggered.connect(lambda _checked=False: slot())
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    return action


def build_menus(window: MenuHost) -> Menus:
    """Every menu of the window (its exporter must exist: File > Export uses it)."""
    bar = window.menuBar()
    file_menu = bar.addMenu(translate("MainWindow", "&File"))
    add_action(
        file_menu,
        translate("MainWindow", "&Open PDFs…"),
        window.open_dialog,
        QKeySequence.StandardKey.Open,
    )
    add_action(
        file_menu,
        translate("MainWindow", "Open &Folder…"),
        window.open_folder_dialog,
        "Ctrl+Shift+O",
    )
    export_action = add_action(
        file_menu, translate("MainWindow", "&Export…"), window.exporter.export, "Ctrl+E"
    )
    match_action = add_action(
        file_menu,
        translate("MainWindow", "&Match with Manuscript…"),
        window.matcher.match_current,
        "Ctrl+M",
    )
    file_menu.addSeparator()
    quit_action = add_action(
        file_menu, translate("MainWindow", "&Quit"), window.close, QKeySequence.StandardKey.Quit
    )
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)

    edit_menu = bar.addMenu(translate("MainWindow", "&Edit"))
    add_action(
        edit_menu, translate("MainWindow", "&Copy"), window.copy, QKeySequence.StandardKey.Copy
    )
    add_action(
        edit_menu,
        translate("MainWindow", "&Find in Passages"),
        window.flags_panel.focus_search,
        "Ctrl+F",
    )
    edit_menu.addSeparator()
    settings_action = add_action(
        edit_menu, translate("MainWindow", "&Settings…"), window.open_settings, "Ctrl+,"
    )
    settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)

    jobs_menu = bar.addMenu(translate("MainWindow", "&Jobs"))
    jobs = window.job_list
    add_action(jobs_menu, translate("MainWindow", "&Cancel"), jobs.cancel_selected, "Ctrl+.")
    add_action(jobs_menu, translate("MainWindow", "&Retry"), jobs.retry_selected, "Ctrl+R")
    add_action(
        jobs_menu,
        translate("MainWindow", "Move to &Front"),
        jobs.move_selected_to_front,
        "Ctrl+Shift+F",
    )
    add_action(jobs_menu, translate("MainWindow", "Open &Log"), jobs.open_log_of_current, "Ctrl+L")
    jobs_menu.addSeparator()
    add_action(jobs_menu, translate("MainWindow", "Cancel &All"), window.cancel_all, "Ctrl+Shift+.")
    add_action(jobs_menu, translate("MainWindow", "Clear &Ended Jobs"), jobs.remove_ended)
    # The same commands on a right-click in the job list.
    jobs.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    jobs.addActions(jobs_menu.actions())

    view_menu = bar.addMenu(translate("MainWindow", "&View"))
    add_action(
        view_menu,
        translate("MainWindow", "&Jobs"),
        lambda: window.focus_pane(window.job_list),
        "Ctrl+1",
    )
    add_action(
        view_menu,
        translate("MainWindow", "&Passages"),
        lambda: window.focus_pane(window.flags_table),
        "Ctrl+2",
    )
    add_action(
        view_menu,
        translate("MainWindow", "&Sources"),
        lambda: window.focus_pane(window.sources_panel.tree),
        "Ctrl+3",
    )
    # View > History (history engineer) goes here.

    help_menu = bar.addMenu(translate("MainWindow", "&Help"))
    about = add_action(help_menu, translate("MainWindow", "&About docflags"), window.show_about)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    return Menus(file_menu, edit_menu, jobs_menu, view_menu, help_menu, export_action, match_action)
