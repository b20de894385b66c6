"""The worker process: run one job and report on stdout in protocol v1. Never imports Qt.

Command line (build it with `docflags_gui.runner.spec.spec_argv`):

    python -m docflags_gui --worker --input PATH [--no-ocr] [--ocr-lang LANGS]
                                    [--ocr-processes N] [--stop-file PATH] [--max-memory SIZE]
    python -m docflags_gui --worker --job match --input MANUSCRIPT --report-result RESULT.json
                                    [--min-score S] [--review-rules JSON [--revision]]
                                    [--stop-file PATH]
    python -m docflags_gui --worker --job annotate --input MANUSCRIPT
                                    --report-result RESULT.json --output COPY
    frozen bundle: <bundle executable> --worker --input PATH ...

    --job KIND         analyze (default): analyse the PDF at --input; match: place the flags of
                       the report result in the manuscript at --input (`worker/match_job.py`);
                       annotate: write the annotated copy of the manuscript at --input for a
                       matched, reviewed result (`worker/annotate_job.py`)

    --input PATH       the PDF to analyse (required)
    --no-ocr           never run OCR; marks over page images are still listed, with empty text
    --ocr-lang LANGS   Tesseract languages joined by "+", e.g. "eng+ind" (default: English and
                       Indonesian where their tessdata is installed)
    --ocr-processes N  read raster pages in up to N processes at once: OCR helpers
                       (`worker/ocr_helper.py`, started when a document has more than one page
                       to read, stopped when it is done); default 1, all OCR in the worker.
                       With N > 1 a long document's pages are also read ahead in one helper
                       process (`worker/read_ahead_helper.py`; forked on Linux)
    --stop-file PATH   soft stop on every platform: the worker stops once PATH exists
    --max-memory SIZE  memory the worker (and each OCR helper) may use, e.g. 2G or 1536M
                       (default 2G; `worker/limits.py`): near it the run ends with
                       `error{code: "too-complex"}` naming the page being read

Streams: give stdin DEVNULL. stdout carries protocol v1 only (`worker/protocol.py`: hello,
progress, log, then exactly one result or error); read it with `readline()` and
`protocol.parse_line()`. stderr is a human-readable log (tracebacks, MuPDF messages): send it to
a file, never to a pipe nobody drains.

Stopping:
- Soft stop (cancel, soft time limit): send SIGTERM (POSIX; `Popen.terminate()`), or create the
  `--stop-file` (any platform; on Windows `terminate()` is already a hard kill). The engine stops
  between pages; the worker writes `error{code: "cancelled"}` and exits 5. One page (OCR) can
  take a few seconds, so allow a grace period before the hard stop.
- Hard stop: SIGKILL the worker's process group (start it with `launch.popen_options()`).
- Parent death: on Linux the worker asks the kernel for SIGKILL when its parent dies
  (PR_SET_PDEATHSIG). The kernel means the parent *thread*: start the worker from a thread that
  lives until the worker is reaped (a pool thread blocked in readline()/wait() does).

Exit codes (`protocol.EXIT_*`): 0 result written; 2 usage; 3 bad input (not a PDF, encrypted,
damaged beyond repair); 4 internal error (traceback on stderr, a short message in `error`);
5 cancelled; 6 too complex (the memory cap was reached). Only `--help` and signals end a run
without a terminal message.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import NoReturn

from docflags_gui import ENGINE_VERSION, __version__
from docflags_gui.analysis.read_ahead import core_free
from docflags_gui.matching import DEFAULT_MIN_SCORE
from docflags_gui.worker import protocol
from docflags_gui.worker.launch import ocr_helper_command, read_ahead_command
from docflags_gui.worker.limits import PageTracker, watch_memory
from docflags_gui.worker.option_values import (
    DEFAULT_MAX_MEMORY,
    OCR_LANGUAGES_PATTERN,
    parse_memory_size,
)
from docflags_gui.worker.output import (
    ParentGone,
    ProgressThrottle,
    ProtocolLogHandler,
    ProtocolWriter,
    protocol_stdout,
)
from docflags_gui.worker.process_setup import (
    report_mupdf_warnings,
    route_library_output,
    set_parent_death_signal,
)
from docflags_gui.worker.read_ahead_fork import start_early

JOB_KINDS = ("analyze", "match", "annotate")
MAX_OCR_PROCESSES = 64

log = logging.getLogger(__name__)


class UsageError(Exception):
    """The worker's arguments are wrong: a bug in whoever launched it."""


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _ocr_languages(value: str) -> str:
    if not OCR_LANGUAGES_PATTERN.match(value):
        raise argparse.ArgumentTypeError(f"expected languages like eng+ind, got {value!r}")
    return value


def _process_count(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_OCR_PROCESSES:
        raise argparse.ArgumentTypeError(f"expected 1..{MAX_OCR_PROCESSES}, got {value!r}")
    return count


def score_argument(value: str) -> float:
    """A match score between 0 and 1 (--min-score of the worker, `match` and `annotate`)."""
    try:
        score = float(value)
    except ValueError:
        score = -1.0
    if not 0.0 <= score <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a score between 0 and 1, got {value!r}")
    return score


def _memory_size(value: str) -> int:
    try:
        return parse_memory_size(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog="docflags --worker",
        description="Analyse one PDF; protocol v1 on stdout (for the app and the CLI).",
    )
    parser.add_argument("--job", choices=JOB_KINDS, default="analyze")
    parser.add_argument("--input", required=True, type=Path, metavar="PATH")
    parser.add_argument("--no-ocr", dest="ocr", action="store_false")
    parser.add_argument("--ocr-lang", type=_ocr_languages, default=None, metavar="LANGS")
    parser.add_argument("--ocr-processes", type=_process_count, default=1, metavar="N")
    parser.add_argument("--stop-file", type=Path, default=None, metavar="PATH")
    parser.add_argument(
        "--max-memory", type=_memory_size, default=DEFAULT_MAX_MEMORY, metavar="SIZE"
    )
    # match: --input is the manuscript; the report's docflags/1 result comes as a JSON file.
    parser.add_argument("--report-result", type=Path, default=None, metavar="PATH")
    parser.add_argument("--min-score", type=score_argument, default=DEFAULT_MIN_SCORE, metavar="S")
    # match + review: the exclusion rules (JSON) suggest each flag's status; --revision when the
    # manuscript revises one already matched against this report.
    parser.add_argument("--review-rules", type=_review_rules, default=None, metavar="JSON")
    parser.add_argument("--revision", action="store_true")
    # annotate: where the annotated copy of the manuscript goes.
    parser.add_argument("--output", type=Path, default=None, metavar="PATH")
    return parser


def _review_rules(value: str) -> dict[str, object]:
    try:
        rules = json.loads(value)
    except ValueError:
        rules = None
    if not isinstance(rules, dict):
        raise argparse.ArgumentTypeError(f"expected a JSON object of review rules, got {value!r}")
    return rules


class StopRequest:
    """The engine's `should_stop`: true once SIGTERM arrived or the stop file exists."""

    def __init__(self, stop_file: Path | None = None) -> None:
        self._stop_file = stop_file
        self._requested = False

    def request(self, signum: int | None = None, frame: FrameType | None = None) -> None:
        self._requested = True

    def __call__(self) -> bool:
        if not self._requested and self._stop_file is not None and self._stop_file.exists():
            self._requested = True
        return self._requested


def run_worker(argv: list[str], *, inherited_address_space: int = 0) -> int:
    """Run one analysis as described in the module docstring; returns the exit code.

    `inherited_address_space`: what this process had mapped before it became a worker (a
    worker forked from the command line, `runner/forked_worker.py`): the memory cap is on top
    of it."""
    set_parent_death_signal()
    with protocol_stdout() as stream:
        writer = ProtocolWriter(stream)
        stderr_handler = logging.StreamHandler(sys.stderr)
        stderr_handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        protocol_handler = ProtocolLogHandler(writer)
        package_logger = logging.getLogger("docflags_gui")
        package_logger.addHandler(stderr_handler)
        package_logger.addHandler(protocol_handler)
        package_logger.setLevel(logging.INFO)
        try:
            return _run(argv, writer, inherited_address_space)
        except ParentGone:
            print("docflags worker: stdout closed, stopping", file=sys.stderr)
            return protocol.EXIT_INTERNAL
        finally:
            package_logger.removeHandler(protocol_handler)
            package_logger.removeHandler(stderr_handler)


def _run(argv: list[str], writer: ProtocolWriter, inherited_address_space: int) -> int:
    writer.send(protocol.hello(os.getpid(), __version__, ENGINE_VERSION))
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        print(f"docflags --worker: {exc}", file=sys.stderr)
        writer.send(protocol.error("usage", str(exc)))
        return protocol.EXIT_USAGE
    except SystemExit as exc:  # --help: printed to stderr, as stdout is the protocol's
        return exc.code if isinstance(exc.code, int) else protocol.EXIT_USAGE

    stop = StopRequest(args.stop_file)
    previous_sigterm = signal.signal(signal.SIGTERM, stop.request)
    throttle = ProgressThrottle(writer)
    pages = PageTracker(throttle.update)
    watch = watch_memory(args.max_memory, writer, pages, inherited_address_space)
    try:
        if args.job == "match":
            from docflags_gui.worker.match_job import run_match

            return _run_job(run_match, args, writer, throttle, stop)
        if args.job == "annotate":
            from docflags_gui.worker.annotate_job import run_annotate

            return _run_job(run_annotate, args, writer, throttle, stop)
        return _analyze_without_collector(args, writer, throttle, stop, pages)
    finally:
        if watch is not None:
            watch.stop()
        throttle.close()
        signal.signal(signal.SIGTERM, previous_sigterm)


def _analyze_without_collector(
    args: argparse.Namespace,
    writer: ProtocolWriter,
    throttle: ProgressThrottle,
    stop: StopRequest,
    pages: PageTracker,
) -> int:
    """`_analyze` with the cycle collector off until its result is sent. The engine keeps it
    off while it reads pages (it makes no cycles: `engine.analyze_pdf`) and turned it back on
    at the end, when its first pass over all the analysis made cost 80 ms of a 300-page
    report's 1.3 s (tests/bench_cli.py --profile). Afterwards what exists is frozen (never
    scanned again: the worker exits) and the collector is back as it was (a worker run
    in-process, in tests)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _analyze(args, writer, throttle, stop, pages)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _analyze(
    args: argparse.Namespace,
    writer: ProtocolWriter,
    throttle: ProgressThrottle,
    stop: StopRequest,
    pages: PageTracker,
) -> int:
    # A read-ahead helper starts now, so that it reads pages while the engine loads; none
    # while the machine has no idle core. Looked at before the first message: that message
    # wakes the parent (the CLI opens its history then), which would count as a busy core.
    read_ahead = read_ahead_command() if core_free() else []
    # Say now that the file is being opened: loading the engine (PyMuPDF) takes a few
    # hundred milliseconds on a busy machine, and the window should not sit on "Starting".
    writer.send(protocol.progress(0, 0, "opening", f"Opening {Path(args.input).name}"))
    helper = start_early(read_ahead, args.input, args.ocr_processes)
    # Imported here, after stdout is redirected: importing PyMuPDF may already print.
    from docflags_gui.analysis import (
        AnalysisCancelled,
        AnalysisOptions,
        BadInputError,
        analyze_pdf,
    )

    route_library_output()
    options = AnalysisOptions(
        ocr=args.ocr,
        ocr_languages=args.ocr_lang,
        ocr_processes=args.ocr_processes,
        ocr_helper_command=tuple(ocr_helper_command()),
        read_ahead_command=tuple(read_ahead),
    )
    try:
        document = analyze_pdf(
            args.input, options, progress=pages, should_stop=stop, helper=helper
        ).to_dict()
        # Encoded here, to fail as an internal error if it cannot be, and sent as encoded.
        line = protocol.encode(protocol.result(document))
    except BadInputError as exc:
        throttle.close()
        writer.send(protocol.error("bad-input", str(exc)))
        return protocol.EXIT_BAD_INPUT
    except (AnalysisCancelled, KeyboardInterrupt):
        throttle.close()
        writer.send(protocol.error("cancelled", "stopped on request"))
        return protocol.EXIT_CANCELLED
    except MemoryError:
        throttle.close()
        writer.send(protocol.error("too-complex", pages.too_complex(args.max_memory)))
        return protocol.EXIT_TOO_COMPLEX
    except ParentGone:
        raise
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        throttle.close()
        writer.send(protocol.error("internal", _short_internal_message(exc)))
        return protocol.EXIT_INTERNAL
    finally:
        if helper is not None:
            helper.close()  # ended already, unless the engine failed to load
        report_mupdf_warnings()
    throttle.close()
    writer.send_encoded(line, last=True)
    return protocol.EXIT_OK


JobRunner = Callable[
    [argparse.Namespace, ProtocolWriter, Callable[[int, int, str], None], Callable[[], bool]],
    tuple[int, protocol.Message],
]


def _run_job(
    run: JobRunner,
    args: argparse.Namespace,
    writer: ProtocolWriter,
    throttle: ProgressThrottle,
    stop: StopRequest,
) -> int:
    """Run a job kind other than analyze (match, annotate) and send its terminal message."""
    try:
        code, message = run(args, writer, throttle.update, stop)
        # Encoded here, to fail as an internal error if it cannot be, and sent as encoded.
        line = protocol.encode(message)
    except KeyboardInterrupt:
        code, line = (
            protocol.EXIT_CANCELLED,
            protocol.encode(protocol.error("cancelled", "stopped on request")),
        )
    except ParentGone:
        raise
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        code, line = (
            protocol.EXIT_INTERNAL,
            protocol.encode(protocol.error("internal", _short_internal_message(exc))),
        )
    throttle.close()
    writer.send_encoded(line, last=True)
    return code


def _short_internal_message(exc: BaseException) -> str:
    text = f"internal error: {type(exc).__name__}: {exc}"
    first_line = text.splitlines()[0] if text else "internal error"
    return first_line if len(first_line) <= 300 else first_line[:297] + "..."
