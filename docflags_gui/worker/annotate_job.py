"""The worker's annotate job: write an annotated copy of the manuscript for a reviewed match.

    python -m docflags_gui --worker --job annotate --input MANUSCRIPT --report-result RESULT.json
                                    --output COPY [--stop-file PATH]

RESULT.json is a matched (and reviewed) docflags/1 document whose `match` offsets index this
manuscript; COPY is written in the manuscript's own format (HTML for TXT and Markdown) through a
temporary file, so a failed run leaves no half-written copy. The terminal `result` is the
document with `annotated: {"file", "passages"}`. A manuscript that is not the one matched, or
that cannot be read, and a copy that cannot be written are bad input (exit 3).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from docflags_gui.worker import protocol
from docflags_gui.worker.match_job import load_report_result
from docflags_gui.worker.output import ProtocolWriter


def run_annotate(
    args: argparse.Namespace,
    writer: ProtocolWriter,
    update: Callable[[int, int, str], None],
    should_stop: Callable[[], bool],
) -> tuple[int, protocol.Message]:
    """(exit code, terminal message) of one annotation; the caller sends the message."""
    manuscript = Path(args.input)
    if args.report_result is None or args.output is None:
        return protocol.EXIT_USAGE, protocol.error(
            "usage", "--report-result and --output are required"
        )
    writer.send(protocol.progress(0, 0, "opening", f"Reading {manuscript.name}"))
    from docflags_gui.hashing import file_sha256
    from docflags_gui.matching.manuscript import ManuscriptError
    from docflags_gui.review.annotate import write_annotated_copy

    try:
        document = load_report_result(args.report_result)
        matched = document.get("manuscript")
        if not isinstance(matched, dict):
            raise ValueError("the report's result was never matched with a manuscript")
        if matched.get("sha256") and matched["sha256"] != file_sha256(manuscript):
            raise ValueError(
                f"{manuscript.name} is not the manuscript this match was made with "
                "(it changed since, or it is another file): match it again"
            )
    except (ValueError, OSError) as exc:
        return protocol.EXIT_BAD_INPUT, protocol.error("bad-input", str(exc))
    if should_stop():
        return protocol.EXIT_CANCELLED, protocol.error("cancelled", "stopped on request")
    target = Path(args.output)
    update(0, 1, f"Writing {target.name}")
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent
        )
        os.close(handle)
        try:
            written = write_annotated_copy(document, manuscript, Path(temporary))
            os.replace(temporary, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
    except ManuscriptError as exc:
        return protocol.EXIT_BAD_INPUT, protocol.error("bad-input", str(exc))
    except OSError as exc:
        why = exc.strerror or str(exc)
        return protocol.EXIT_BAD_INPUT, protocol.error("bad-input", f"cannot write {target}: {why}")
    update(1, 1, f"Wrote {target.name}")
    document["annotated"] = {"file": str(target), "passages": written}
    return protocol.EXIT_OK, protocol.result(document)
