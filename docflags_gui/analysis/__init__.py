"""The analysis engine (no Qt): PDF in, docflags/1 result out. One module per concern.

The names below load on first use (PEP 562): a process that needs one small module of the
package (the read-ahead helper: `page_reading`, `budget`) does not load the whole engine.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docflags_gui.analysis.engine import analyze_pdf
    from docflags_gui.analysis.errors import AnalysisCancelled, BadInputError
    from docflags_gui.analysis.options import AnalysisOptions

__all__ = ["AnalysisCancelled", "AnalysisOptions", "BadInputError", "analyze_pdf"]

_HOMES = {
    "analyze_pdf": "docflags_gui.analysis.engine",
    "AnalysisCancelled": "docflags_gui.analysis.errors",
    "BadInputError": "docflags_gui.analysis.errors",
    "AnalysisOptions": "docflags_gui.analysis.options",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value
