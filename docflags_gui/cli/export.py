"""`docflags export JOB_ID... -o PATH`: write past analyses from the history in an export format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from docflags_gui.cli.history import open_history
from docflags_gui.export import (
    EXPORT_FORMATS,
    TEXT_FORMATS,
    ExportError,
    export_results,
    format_for_path,
    render_text,
)
from docflags_gui.printable import printable
from docflags_gui.result import ResultDocument

if TYPE_CHECKING:
    from docflags_gui.store.history import HistoryStore

STDOUT = "-"


class _NothingToExport(Exception):
    """A job cannot be exported; the message says which and why."""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export past analyses from the history (csv, xlsx, json, md, html)",
        description=(
            "Write the flagged items of one or more past analyses to one file. "
            "`docflags history` lists the job ids. Without --format, the format follows the "
            "output file's extension. With several jobs, JSON holds a list of docflags/1 "
            "documents and the other formats one row or section per file."
        ),
    )
    parser.add_argument("job_ids", type=int, nargs="+", metavar="JOB_ID", help="history job ids")
    parser.add_argument(
        "--format",
        "-f",
        choices=list(EXPORT_FORMATS),
        help="export format (default: from the extension of -o)",
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help=(
            "file to write (replaced if it exists), a folder to write a file named after the "
            "job into, or - for standard output (json, csv, md)"
        ),
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        fmt = _choose_format(args.format, args.output)
    except _NothingToExport as exc:
        return _fail(str(exc))
    store = open_history()
    if store is None:
        return 1
    try:
        results, pdf_paths, names = _load(store, _unique(args.job_ids))
    except _NothingToExport as exc:
        return _fail(str(exc))
    finally:
        store.close()
    flags = sum(len(r.get("flags") or []) for r in results)
    try:
        if args.output == STDOUT:
            sys.stdout.write(render_text(results, fmt))
            sys.stdout.flush()
            return 0
        target = _target_path(Path(args.output), fmt, names)
        export_results(results, fmt, target, pdf_paths=pdf_paths)
    except ExportError as exc:
        return _fail(str(exc))
    jobs = "job" if len(results) == 1 else "jobs"
    print(
        f"docflags export: wrote {flags} flagged item(s) of {len(results)} {jobs} to {target}",
        file=sys.stderr,
    )
    return 0


def _choose_format(fmt: str | None, output: str) -> str:
    if fmt is None:
        if output == STDOUT:
            raise _NothingToExport("give --format to write to standard output")
        fmt = format_for_path(Path(output))
        if fmt is None and not Path(output).is_dir():
            known = ", ".join(EXPORT_FORMATS)
            raise _NothingToExport(
                f"cannot tell the format from {output!r}: give --format ({known}) "
                "or a file name ending in one of " + ", ".join(EXPORT_FORMATS.values())
            )
        if fmt is None:
            raise _NothingToExport(f"{output} is a folder: give --format to name the file in it")
    if output == STDOUT and fmt not in TEXT_FORMATS:
        raise _NothingToExport(f"{fmt} is a binary format: give -o FILE instead of -")
    return fmt


def _unique(job_ids: list[int]) -> list[int]:
    return list(dict.fromkeys(job_ids))


def _load(
    store: HistoryStore, job_ids: list[int]
) -> tuple[list[ResultDocument], dict[str, Path], list[str]]:
    """Every job's result, the PDFs still on disk (for HTML images) and the file names."""
    results: list[ResultDocument] = []
    pdf_paths: dict[str, Path] = {}
    names: list[str] = []
    for job_id in job_ids:
        job = store.get_job(job_id)
        if job is None:
            raise _NothingToExport(
                f"there is no job {job_id} in the history "
                "(`docflags history` lists the jobs and their ids)"
            )
        result = store.get_result(job_id)
        if result is None:
            detail = f": {job.error}" if job.error else ""
            raise _NothingToExport(
                f"job {job_id} ({job.file}) has no result to export, it is {job.state}{detail}"
            )
        results.append(result)
        names.append(job.file)
        sha256 = str(result.get("sha256") or job.sha256 or "")
        if sha256 and job.path and Path(job.path).is_file():
            pdf_paths[sha256] = Path(job.path)
    return results, pdf_paths, names


def _target_path(output: Path, fmt: str, names: list[str]) -> Path:
    """The file to write: `output` itself, or inside it when it is a folder."""
    if not output.is_dir():
        return output
    stem = Path(names[0]).stem if len(names) == 1 else "docflags-export"
    return output / f"{stem}-flags{EXPORT_FORMATS[fmt]}"


def _fail(message: str) -> int:
    print(f"docflags export: {printable(message)}", file=sys.stderr)
    return 1
