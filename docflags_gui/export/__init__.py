"""Exports of docflags/1 results: CSV, XLSX, JSON, Markdown and a self-contained HTML report.

`export_results` writes a file atomically (nothing is left behind when it fails); `render_text`
returns a text format for standard output. Both raise ExportError with a message for the user.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from docflags_gui import RESULT_SCHEMA
from docflags_gui.export.atomic import atomic_write
from docflags_gui.export.errors import ExportError
from docflags_gui.result import ResultDocument

__all__ = [
    "EXPORT_FORMATS",
    "FORMAT_NAMES",
    "TEXT_FORMATS",
    "ExportError",
    "export_results",
    "format_for_path",
    "render_text",
]

EXPORT_FORMATS: dict[str, str] = {
    "json": ".json",
    "csv": ".csv",
    "md": ".md",
    "xlsx": ".xlsx",
    "html": ".html",
}
# Formats render_text can give as a string (for standard output).
TEXT_FORMATS: tuple[str, ...] = ("json", "csv", "md", "html")

FORMAT_NAMES: dict[str, str] = {
    "json": "JSON (docflags/1)",
    "csv": "CSV (spreadsheet, UTF-8)",
    "md": "Markdown (reviewer's notes)",
    "xlsx": "Excel workbook",
    "html": "HTML report",
}

Results = Sequence[Mapping[str, Any]]


def check_results(results: Sequence[Any]) -> list[Mapping[str, Any]]:
    """Refuse anything that is not a list of docflags/1 documents, with a message for the user."""
    if isinstance(results, Mapping) or not isinstance(results, Sequence):
        raise ExportError("Nothing to export: expected a list of docflags/1 results.")
    checked: list[Mapping[str, Any]] = []
    for index, result in enumerate(results, start=1):
        if not isinstance(result, Mapping):
            raise ExportError(f"Result {index} is not a docflags/1 document.")
        schema = result.get("schema")
        if schema != RESULT_SCHEMA:
            name = result.get("file") or f"result {index}"
            raise ExportError(
                f"{name} has schema {schema!r}; this version of docflags exports {RESULT_SCHEMA}."
            )
        if not isinstance(result.get("flags", []), list):
            raise ExportError(f"{result.get('file') or f'Result {index}'} has no list of flags.")
        checked.append(result)
    return checked


def export_results(
    results: Sequence[ResultDocument],
    fmt: str,
    path: Path,
    *,
    pdf_paths: dict[str, Path] | None = None,
) -> None:
    """Write `results` (docflags/1 documents) to `path` in format `fmt`, atomically.

    `pdf_paths` maps a result's sha256 to its PDF so the HTML report can show each passage.
    """
    checked = check_results(results)
    writer = _writer(_check_format(fmt), pdf_paths)
    atomic_write(Path(path), lambda stream: writer(checked, stream))


def render_text(results: Sequence[ResultDocument], fmt: str) -> str:
    """The export as a string, for the text formats (json, csv, md, html without images)."""
    fmt = _check_format(fmt)
    checked = check_results(results)
    if fmt == "json":
        from docflags_gui.export.json_export import render_json

        return render_json(checked)
    if fmt == "csv":
        from docflags_gui.export.csv_export import render_csv

        return render_csv(checked)
    if fmt == "md":
        from docflags_gui.export.markdown_export import render_markdown

        return render_markdown(checked)
    if fmt == "html":
        from docflags_gui.export.html_export import render_html

        return render_html(checked, pdf_paths=None)
    raise ExportError(f"The {fmt} format is a binary file; give a file to write it to.")


def format_for_path(path: Path) -> str | None:
    """The export format a file name's extension asks for, if any."""
    suffix = Path(path).suffix.lower()
    aliases = {".markdown": "md", ".htm": "html"}
    for fmt, extension in EXPORT_FORMATS.items():
        if suffix == extension:
            return fmt
    return aliases.get(suffix)


def _check_format(fmt: str) -> str:
    normalised = (fmt or "").strip().lower().lstrip(".")
    normalised = {"markdown": "md", "htm": "html", "excel": "xlsx"}.get(normalised, normalised)
    if normalised not in EXPORT_FORMATS:
        known = ", ".join(EXPORT_FORMATS)
        raise ExportError(f"Unknown export format {fmt!r}; choose one of {known}.")
    return normalised


def _writer(fmt: str, pdf_paths: dict[str, Path] | None) -> Callable[[Results, BinaryIO], None]:
    # Formats are imported on use: openpyxl and PyMuPDF cost time the other formats don't need.
    if fmt == "json":
        from docflags_gui.export.json_export import write_json

        return write_json
    if fmt == "csv":
        from docflags_gui.export.csv_export import write_csv

        return write_csv
    if fmt == "md":
        from docflags_gui.export.markdown_export import write_markdown

        return write_markdown
    if fmt == "xlsx":
        from docflags_gui.export.xlsx_export import write_xlsx

        return write_xlsx
    from docflags_gui.export.html_export import write_html

    return lambda results, stream: write_html(results, stream, pdf_paths=pdf_paths)
