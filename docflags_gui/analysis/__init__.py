"""The analysis engine (no Qt): PDF in, docflags/1 result out. One module per concern."""

from docflags_gui.analysis.engine import analyze_pdf
from docflags_gui.analysis.errors import AnalysisCancelled, BadInputError
from docflags_gui.analysis.options import AnalysisOptions

__all__ = ["AnalysisCancelled", "AnalysisOptions", "BadInputError", "analyze_pdf"]
