"""Errors the engine raises for input the user gave it (as opposed to bugs)."""

from __future__ import annotations


class BadInputError(Exception):
    """The file cannot be analysed: not a PDF, encrypted, or damaged beyond repair.

    The message is written for the user ("not a PDF file", "the PDF is password-protected").
    """


class AnalysisCancelled(Exception):
    """The caller asked the engine to stop (soft time limit or cancel)."""
