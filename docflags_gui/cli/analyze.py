"""`docflags analyze FILE...`: find the flagged passages of PDFs and print or write them.

Each file is analysed by the same worker subprocess the desktop app uses, several at a time.
Every finished result passes through `on_result()`, the one place where results are handled.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import shutil
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from docflags_gui.cli import cluster_args
from docflags_gui.cli.arguments import memory_size as _memory_size
from docflags_gui.cli.arguments import ocr_languages as _ocr_languages
from docflags_gui.cli.arguments import positive_int
from docflags_gui.cli.arguments import time_limit as _time_limit
from docflags_gui.cli.progress import ProgressLine
from docflags_gui.cli.stdout import can_encode, write_stdout
from docflags_gui.json_text import indented_json
from docflags_gui.result import ResultDocument
from docflags_gui.runner import prestarted_worker
from docflags_gui.runner.batch import Batch, BatchOptions, Outcome, Progress
from docflags_gui.runner.states import JobState
from docflags_gui.worker.option_values import DEFAULT_MAX_MEMORY

if TYPE_CHECKING:
    from docflags_gui.cli.recorder import AnalyzeRecorder

FORMATS = ("table", "json", "csv", "md", "xlsx", "html")
# File extensions per format, for --out; the export package's table wins where it has one.
EXTENSIONS = {"table": ".txt", **{fmt: f".{fmt}" for fmt in FORMATS[1:]}}
BINARY_FORMATS = ("xlsx",)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# 128 + the signal's number, as shells report a command ended by it.
EXIT_INTERRUPTED, EXIT_TERMINATED = 128 + signal.SIGINT, 128 + signal.SIGTERM


class FormatUnavailable(Exception):
    """This build cannot produce the format (its exporter is missing)."""


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="list the flagged passages of PDFs",
        description=(
            "List the flagged passages of PDFs: highlights, underlines, strike-outs and notes, "
            "marks drawn over text or page images (OCR), coloured text, with their source "
            "numbers and comments. Without --out, prints one table (or the chosen format) to "
            "standard output; with --out, writes DIR/<name>.<ext> for each input."
        ),
        epilog=(
            "Exit status: 0 all files analysed, 1 some file failed, timed out or crashed (one "
            "line on stderr each, the others still analysed), 2 wrong usage, 130 interrupted "
            "by Ctrl+C (SIGINT), 143 stopped by SIGTERM. When interrupted, running workers are "
            "stopped and reaped, and the run's unfinished jobs are recorded INTERRUPTED."
        ),
    )
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="PDF files, or folders whose PDFs are analysed (recursively)",
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: table on standard output, json with --out)",
    )
    parser.add_argument(
        "-o", "--out", type=Path, metavar="DIR", help="write one file per input into DIR"
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        default=None,
        metavar="N",
        help=f"files analysed at the same time (default: number of CPU cores, {os.cpu_count()}; "
        "with --broker, up to 32 in flight)",
    )
    parser.add_argument(
        "--no-ocr",
        dest="ocr",
        action="store_false",
        help="never read text from page images; such marks are listed with empty text",
    )
    parser.add_argument(
        "--ocr-lang",
        type=_ocr_languages,
        metavar="LANGS",
        help="Tesseract languages for OCR joined by '+' (default: eng+ind where installed)",
    )
    parser.add_argument(
        "--timeout",
        type=_time_limit,
        default=600.0,
        metavar="SECONDS",
        help="stop a file's analysis after this many seconds, more than 0 (default: "
        "%(default)g; inf: no limit)",
    )
    parser.add_argument(
        "--max-memory",
        type=_memory_size,
        default=DEFAULT_MAX_MEMORY,
        metavar="SIZE",
        help="memory one file's analysis may use, e.g. 2G or 1536M (default: 2G); a page "
        "that needs more is reported as too complex",
    )
    parser.add_argument(
        "--no-history",
        dest="history",
        action="store_false",
        help="do not record these analyses in the history (`docflags history`)",
    )
    cluster_args.add_cluster_arguments(parser)
    parser.set_defaults(func=run)


@dataclass
class Run:
    """One `docflags analyze` invocation: what was asked and what has been produced so far."""

    files: list[Path]
    fmt: str
    out_dir: Path | None
    results: dict[int, ResultDocument] = field(default_factory=dict)  # by file index
    written: set[Path] = field(default_factory=set)


def run(args: argparse.Namespace) -> int:
    fmt: str = args.format or ("json" if args.out else "table")
    try:
        _check_format(fmt, to_file=args.out is not None)
    except FormatUnavailable as exc:
        print(f"docflags analyze: {exc}", file=sys.stderr)
        return EXIT_USAGE
    files, missing = expand_inputs(args.files)
    failed = 0
    for path in missing:
        print(_about(path, "no PDF files in this folder"), file=sys.stderr)
        failed += 1
    if args.out is not None:
        try:
            args.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from docflags_gui.printable import printable_path

            where = printable_path(args.out)
            print(f"docflags analyze: cannot create {where}: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
    state = Run(files, fmt, args.out)
    timeout_s = None if math.isinf(args.timeout) else args.timeout
    # On a cluster its nodes enforce the limit: time in its queue does not count.
    executor = cluster_args.executor_or_exit(args, timeout_s, "docflags analyze", EXIT_USAGE)
    if executor is not None:
        # The cluster's nodes run the jobs: the worker forked for a local one is not needed
        # while the command waits for them.
        prestarted_worker.discard()
    options = BatchOptions(
        jobs=cluster_args.jobs_in_flight(args, len(files)),
        ocr=args.ocr,
        ocr_languages=args.ocr_lang,
        timeout_s=None if executor is not None else timeout_s,
        executor=executor,
        extra_options={"max_memory": args.max_memory},
    )
    progress = ProgressLine(sys.stderr, len(files))
    batch = Batch(files, options)
    # This run's own jobs in the history: QUEUED, RUNNING, then their outcome. The history is
    # opened at the first event, once the workers run: the workers need not wait for it.
    history: AnalyzeRecorder | None = None
    try:
        with _sigterm_raises(), contextlib.closing(batch.events()) as events:
            for event in events:
                if args.history and history is None:
                    history = _recorder(files, options)
                if isinstance(event, Progress):
                    progress.update(event.index, files[event.index].name, event.message)
                    if history is not None:
                        history.started(event.index)
                    continue
                progress.file_finished(event.index)
                if history is not None:
                    history.finished(
                        event.index, event.state, event.result, event.error, event.log_path
                    )
                error = _finished(state, event)
                if error is not None:
                    failed += 1
                    progress.print_above(_about(event.path, error))
                elif fmt != "table" or args.out is not None:
                    # A table prints its warnings under itself; other outputs say them here.
                    for warning in event.result["warnings"] if event.result else []:
                        progress.print_above(_about(event.path, f"warning: {warning}"))
    except (KeyboardInterrupt, Terminated) as stop:
        progress.close()
        by = "SIGTERM" if isinstance(stop, Terminated) else "Ctrl+C"
        print(f"docflags: interrupted ({by}); unfinished files were not analysed", file=sys.stderr)
        return EXIT_TERMINATED if isinstance(stop, Terminated) else EXIT_INTERRUPTED
    finally:
        if args.history and history is None:  # stopped before the first event
            history = _recorder(files, options)
        if history is not None:
            history.close()  # files left unfinished become INTERRUPTED
    progress.close()
    if args.out is None and state.results:
        _print_results(state)
    return EXIT_FAILED if failed else EXIT_OK


def _about(path: Path, text: str) -> str:
    """ "docflags: PATH: TEXT", control characters in both written as escapes."""
    # Imported on the first message: compiling its patterns took 4 ms of the start-up that
    # comes before the worker's launch.
    from docflags_gui.printable import printable, printable_path

    return f"docflags: {printable_path(path)}: {printable(text)}"


class Terminated(Exception):
    """SIGTERM arrived: the run stops as after Ctrl+C (workers stopped, history kept)."""


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM raises Terminated in the main thread while the batch runs (as SIGINT raises
    KeyboardInterrupt); the previous handler comes back afterwards."""

    def handler(_signum: int, _frame: FrameType | None) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _recorder(files: list[Path], options: BatchOptions) -> AnalyzeRecorder:
    # Imported here: only a run that records its jobs loads the store.
    from docflags_gui.cli.recorder import AnalyzeRecorder

    settings = {
        "jobs": options.jobs,
        "ocr": options.ocr,
        "ocr_languages": options.ocr_languages,
        "timeout_s": options.timeout_s,
    }
    return AnalyzeRecorder(files, settings)


def _finished(state: Run, outcome: Outcome) -> str | None:
    """A file is done: hand a result to on_result(); returns the error to report, if any."""
    if outcome.result is None:
        return _one_line_error(outcome)
    return on_result(state, outcome.index, outcome.path, outcome.result)


def _one_line_error(outcome: Outcome) -> str:
    """The first line of why a file failed (its state when that is not plain FAILURE), and
    where its worker's log is when the log may say more."""
    words = outcome.headline or "failed"
    if outcome.state is not JobState.FAILURE:
        words = f"{outcome.state.value}: {words}"
    telling = outcome.state in (JobState.CRASHED, JobState.TIMED_OUT)
    if outcome.log_path is not None and (telling or outcome.error_code == "internal"):
        words = f"{words} (log: {outcome.log_path})"
    return words


def on_result(state: Run, index: int, path: Path, result: ResultDocument) -> str | None:
    """The one place a finished docflags/1 result is handled: written to --out, or kept for
    printing at the end. Returns an error for the user when it cannot be written."""
    if state.out_dir is None:
        state.results[index] = result
        return None
    target = _output_path(state, path)
    try:
        _write(result, state.fmt, target, path)
    except (OSError, FormatUnavailable) as exc:
        return f"cannot write {target}: {getattr(exc, 'strerror', None) or exc}"
    except Exception as exc:  # the exporter's own ExportError carries a message for the user
        if type(exc).__name__ != "ExportError":
            raise
        return f"cannot write {target}: {exc}"
    state.written.add(target)
    return None


def expand_inputs(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Files as given; folders replaced by the PDFs inside them. Returns (files, empty folders)."""
    files: list[Path] = []
    empty: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
            files.extend(found) if found else empty.append(path)
        else:
            files.append(path)  # a missing or non-PDF file is reported by its worker
    return files, empty


def _output_path(state: Run, path: Path) -> Path:
    """DIR/<stem>.<ext>; a second input with the same name gets <stem>-2.<ext>, and so on."""
    assert state.out_dir is not None
    extension = _extension(state.fmt)
    target = state.out_dir / f"{path.stem}{extension}"
    n = 2
    while target in state.written:
        target = state.out_dir / f"{path.stem}-{n}{extension}"
        n += 1
    return target


def _print_results(state: Run) -> None:
    results = [state.results[i] for i in sorted(state.results)]
    if state.fmt == "table":
        from docflags_gui.cli.table import render_table  # only tables need it (and its labels)

        width = shutil.get_terminal_size((120, 24)).columns
        ascii_only = not can_encode(sys.stdout, "…")
        tables = [
            render_table(r, width, ascii_only=ascii_only, heading=len(state.files) > 1)
            for r in results
        ]
        write_stdout("\n".join(tables))
    elif state.fmt == "json" and _export() is None:
        document: Any = results[0] if len(results) == 1 else results
        write_stdout(indented_json(document) + "\n")
    else:
        export = _export()
        assert export is not None  # checked by _check_format before the run
        write_stdout(export.render_text(results, state.fmt))


def _write(result: ResultDocument, fmt: str, target: Path, pdf_path: Path) -> None:
    if fmt == "table":
        from docflags_gui.cli.table import render_table

        target.write_text(render_table(result, 160), encoding="utf-8")
        return
    export = _export()
    if export is None:  # json only (checked before the run): write it ourselves, atomically
        partial = target.with_name(f".{target.name}.partial")
        partial.write_text(indented_json(result) + "\n", "utf-8")
        partial.replace(target)
        return
    sha = result.get("sha256")
    pdf_paths = {sha: pdf_path.resolve()} if isinstance(sha, str) else None
    export.export_results([result], fmt, target, pdf_paths=pdf_paths)


def _export() -> Any:
    """The export package when this build has it (export_results/render_text), else None."""
    try:
        from docflags_gui import export
    except ImportError:
        return None
    if not hasattr(export, "export_results") or not hasattr(export, "render_text"):
        return None
    return export


def _check_format(fmt: str, *, to_file: bool) -> None:
    if fmt == "table":
        return
    export = _export()
    if export is None and fmt == "json":
        return  # written here (json_text)
    if export is None or fmt not in getattr(export, "EXPORT_FORMATS", {}):
        raise FormatUnavailable(f"the {fmt} format is not available in this build")
    if not to_file and fmt in BINARY_FORMATS:
        raise FormatUnavailable(f"{fmt} is a binary format: give --out DIR to write files")


def _extension(fmt: str) -> str:
    export = _export()
    formats: dict[str, str] = getattr(export, "EXPORT_FORMATS", {}) if export else {}
    return formats.get(fmt, EXTENSIONS[fmt])
