"""The analysis engine (no Qt): PDF in, docflags/1 result out. One module per concern."""

from docflags_gui.analysis.context import AnalysisOptions
from docflags_gui.analysis.engine import analyze_pdf
from docflags_gui.analysis.errors import AnalysisCancelled, BadInputError

__all__ = ["AnalysisCancelled", "AnalysisOptions", "BadInputError", "analyze_pdf"]
