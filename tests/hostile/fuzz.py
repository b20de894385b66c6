"""A seeded mutation fuzzer for the worker: damaged variants of good PDFs, each run through the
real worker entry, failing on any traceback, hang, crash, leftover process or memory over the
cap.

    python -m tests.hostile.fuzz [--mutants N] [--seed S] [--keep DIR]

Seeds are small PDFs with every kind of flag (annotations, drawn marks, coloured text, a page
image), saved with their streams uncompressed so mutations reach the content, not only zlib
data. A mutant is a seed with one to four edits: bytes overwritten, a hostile token inserted
(a reference beyond the table, a huge or negative number, an unbalanced bracket, a nesting
run), a number replaced, a range deleted or repeated, the file cut short, or a piece of
another seed spliced in. The same seed number gives the same mutants.

The mutants run in a long-lived runner (`fuzz_runner.py`) that calls the worker's own entry
for each, so a few hundred take about a minute; the runner is restarted after a mutant that
ends it (a memory-cap exit is fine, anything else is a crash). The CI test runs
DOCFLAGS_FUZZ_MUTANTS (default 800) mutants; `--mutants 5000` runs thousands.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from docflags_gui.worker import protocol
from docflags_gui.worker.launch import popen_options

MAX_MEMORY = 1024 * 1024 * 1024
MUTANT_TIMEOUT_S = 30.0

TOKENS = (
    b" 99999 0 R ",
    b" -1 ",
    b" 2147483648 ",
    b" 1e308 ",
    b" -0.0000000001 ",
    b"<<",
    b">>",
    b"[",
    b"]",
    b"(",
    b")",
    b"\\",
    b"endstream",
    b"endobj",
    b" obj ",
    b"/Length 999999999",
    b"/Filter /FlateDecode",
    b"/Type /Page",
    b"q " * 300,
    b"[" * 2000,
    b"BI /W 99999 /H 99999 ID ",
    b" 0 0 99999 99999 re f ",
    b"%%EOF",
    b"xref\n0 1\n",
)
EXTREMES = (b"0", b"-1", b"-99999", b"2147483647", b"4294967296", b"1e38", b"-1e38", b"0.0001")
_NUMBER = re.compile(rb"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")


def build_seeds() -> list[bytes]:
    """Small PDFs with annotations, drawn marks, coloured text and an image, uncompressed."""
    import pymupdf

    from tests.pdfbuilder import annotated, colored, report
    from tests.pdfbuilder.core import save_pdf

    seeds = []
    work = Path(os.environ.get("TMPDIR", "/tmp")) / f"docflags-fuzz-seeds-{os.getpid()}"
    work.mkdir(parents=True, exist_ok=True)
    builders = [
        annotated.build_markup_kinds,
        annotated.build_quads_and_appearance_quirks,
        colored.build_colored_report,
        lambda path: annotated.build_rotated(path, 90),
        report.build_vector_report,
    ]
    for n, builder in enumerate(builders):
        path = work / f"seed-{n}.pdf"
        builder(path)
        doc = pymupdf.open(path)
        seeds.append(doc.tobytes(expand=255))
        doc.close()
    # Real files of the shared corpus (when it is there), as they are: other producers' ways.
    real = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real"
    for path in sorted(real.glob("*.pdf")) if real.is_dir() else []:
        if path.stat().st_size <= 150_000:
            seeds.append(path.read_bytes())
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 20), False)
    pix.set_rect(pix.irect, (250, 240, 120))
    page.insert_image(pymupdf.Rect(50, 50, 450, 250), pixmap=pix)
    page.insert_text((60, 300), "text beside an image", fontsize=11)
    page.add_underline_annot(pymupdf.Rect(58, 288, 200, 304))
    image_seed = work / "seed-image.pdf"
    save_pdf(doc, image_seed)
    seeds.append(pymupdf.open(image_seed).tobytes(expand=255))
    return seeds


def mutate(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            out += b"%PDF-1.7\n"
        op = rng.randrange(8)
        at = rng.randrange(len(out))
        if op == 0:
            for _ in range(rng.randint(1, 16)):
                out[rng.randrange(len(out))] = rng.randrange(256)
        elif op == 1:
            out[at:at] = rng.choice(TOKENS)
        elif op == 2:
            numbers = list(_NUMBER.finditer(out))
            if numbers:
                match = rng.choice(numbers)
                out[match.start() : match.end()] = rng.choice(EXTREMES)
        elif op == 3:
            del out[at : at + rng.randint(1, 512)]
        elif op == 4:
            piece = bytes(out[at : at + rng.randint(1, 256)])
            out[at:at] = piece * rng.randint(2, 40)
        elif op == 5:
            del out[rng.randint(len(out) // 4, len(out)) :]
        elif op == 6:
            other = rng.choice(others)
            start = rng.randrange(len(other))
            out[at:at] = other[start : start + rng.randint(16, 2048)]
        else:
            numbers = list(_NUMBER.finditer(out))
            if numbers:
                match = rng.choice(numbers)
                value = int(float(match.group()) + rng.choice((-1, 1, 7, -100)))
                out[match.start() : match.end()] = str(value).encode()
    return bytes(out)


@dataclass
class Failure:
    mutant: Path
    problem: str


@dataclass
class FuzzReport:
    mutants: int = 0
    results: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    runner_restarts: int = 0
    peak_rss: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)

    def summary(self) -> str:
        errors = ", ".join(f"{n} {code}" for code, n in sorted(self.errors.items())) or "none"
        return (
            f"{self.mutants} mutants in {self.seconds:.1f} s: {self.results} results, "
            f"errors: {errors}; runner restarts {self.runner_restarts}; "
            f"peak RSS {self.peak_rss / 2**20:.0f} MB; {len(self.failures)} failures"
        )


class _Runner:
    """One fuzz_runner subprocess, its stdout lines on a queue, its stderr in a file."""

    def __init__(self, log_path: Path, options: list[str]) -> None:
        self.log_path = log_path
        self._log = log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.hostile.fuzz_runner", *options],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            cwd=Path(__file__).resolve().parents[2],
            **popen_options(),
        )
        self.lines: queue.Queue[bytes] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(b"")

    def log_size(self) -> int:
        self._log.flush()
        return self.log_path.stat().st_size

    def send(self, path: Path) -> bool:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(os.fsencode(path) + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return False
        return True

    def close(self, *, kill: bool = False) -> bool:
        """Stop the runner; returns whether any process of its group outlived it."""
        if kill:
            _kill_group(self.proc.pid)
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            _kill_group(self.proc.pid)
            self.proc.wait()
        self._log.close()
        return _group_lingers(self.proc.pid)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _group_lingers(pgid: int, grace: float = 5.0) -> bool:
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.05)
    _kill_group(pgid)
    return True


def run_fuzz(
    count: int, seed: int, work: Path, *, max_memory: int = MAX_MEMORY, keep_all: bool = False
) -> FuzzReport:
    """Run `count` mutants; failing mutants are kept in `work` (all of them with keep_all)."""
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    seeds = build_seeds()
    options = ["--no-ocr", f"--max-memory={max_memory // (1024 * 1024)}M"]
    report = FuzzReport()
    started = time.monotonic()
    runner = _Runner(work / "runner.log", options)
    for n in range(count):
        mutant = work / f"mutant-{seed}-{n}.pdf"
        mutant.write_bytes(mutate(rng.choice(seeds), rng, seeds))
        log_start = runner.log_size()
        problem, runner_ended = _run_one(runner, mutant, report, max_memory)
        report.mutants += 1
        log_text = _read_from(runner.log_path, log_start)
        if problem is None and "Traceback" in log_text:
            problem = "a traceback in the log:\n" + log_text[-3000:]
        if problem is not None:
            report.failures.append(Failure(mutant, problem))
        elif not keep_all:
            mutant.unlink()
        if runner_ended:
            if runner.close(kill=True):
                report.failures.append(Failure(mutant, "processes outlived the runner"))
            report.runner_restarts += 1
            runner = _Runner(work / "runner.log", options)
    if runner.close():
        report.failures.append(Failure(work, "processes outlived the runner"))
    report.seconds = time.monotonic() - started
    return report


def _run_one(
    runner: _Runner, mutant: Path, report: FuzzReport, max_memory: int
) -> tuple[str | None, bool]:
    """(problem or None, whether the runner has ended)."""
    if not runner.send(mutant):
        return "the runner was gone before the mutant was sent", True
    terminal: list[dict[str, object]] = []
    deadline = time.monotonic() + MUTANT_TIMEOUT_S
    while True:
        try:
            line = runner.lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return f"hung (no end after {MUTANT_TIMEOUT_S:.0f} s)", True
        if not line:  # the runner ended
            code = runner.proc.wait()
            if (
                len(terminal) == 1
                and terminal[0].get("code") == "too-complex"
                and code == protocol.EXIT_TOO_COMPLEX
            ):
                report.errors["too-complex"] = report.errors.get("too-complex", 0) + 1
                return None, True
            return f"the worker died (exit {code}) after {terminal}", True
        if line.startswith(b'{"fuzz-done"'):
            done = json.loads(line)
            report.peak_rss = max(report.peak_rss, int(done["peak"]))
            return _judge(
                terminal, int(done["fuzz-done"]), int(done["peak"]), report, max_memory
            ), False
        message = protocol.parse_line(line)
        if message is not None and protocol.is_terminal(message):
            terminal.append(message)


def _judge(
    terminal: list[dict[str, object]], code: int, peak: int, report: FuzzReport, max_memory: int
) -> str | None:
    if peak > max_memory:
        return f"peak RSS {peak / 2**20:.0f} MB over the cap"
    if len(terminal) != 1:
        return f"{len(terminal)} terminal messages (exit {code})"
    end = terminal[0]
    if end["type"] == protocol.RESULT:
        report.results += 1
        return None if code == protocol.EXIT_OK else f"a result with exit code {code}"
    error = str(end.get("code"))
    report.errors[error] = report.errors.get(error, 0) + 1
    if error == "internal":
        return f"internal error: {end.get('message')}"
    if code != protocol.ERROR_CODES.get(error):
        return f"error {error} with exit code {code}"
    if "\n" in str(end.get("message", "")):
        return f"a message of more than one line: {end.get('message')!r}"
    return None


def _read_from(path: Path, offset: int) -> str:
    with path.open("rb") as fh:
        fh.seek(offset)
        return fh.read().decode("utf-8", "replace")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutants", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--keep", type=Path, default=Path("fuzz-out"))
    args = parser.parse_args()
    report = run_fuzz(args.mutants, args.seed, args.keep)
    print(f"seed {args.seed}: {report.summary()}")
    for failure in report.failures:
        print(f"FAIL {failure.mutant}: {failure.problem.splitlines()[0]}")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
