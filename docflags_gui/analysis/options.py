"""How a document is analysed: the choices a user or the worker's command line makes."""

from __future__ import annotations

from dataclasses import dataclass, field

from docflags_gui.analysis.budget import PageBudget


@dataclass
class AnalysisOptions:
    """How to analyse. `ocr_languages` None means English + Indonesian where installed.

    `ocr_processes` > 1 reads raster pages in that many helper processes at once, started with
    `ocr_helper_command` (the worker passes its own `--ocr-helper` entry); this process then
    prepares their pages and waits. With 1, or no command, all OCR runs in this process.
    """

    ocr: bool = True
    ocr_languages: str | None = None
    ocr_processes: int = 1
    ocr_helper_command: tuple[str, ...] = ()
    # With `ocr_processes` > 1 a long document's pages are also read ahead in one helper
    # process started with this command (`read_ahead.py`); empty: never.
    read_ahead_command: tuple[str, ...] = ()
    # What one page may hold before it is skipped with a warning (`budget.py`).
    budget: PageBudget = field(default_factory=PageBudget)
