"""The worker as the app and the CLI run it: a real subprocess speaking protocol v1."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pymupdf
import pytest

from docflags_gui.worker import protocol
from docflags_gui.worker.launch import ocr_processes_for, popen_options, worker_argv
from tests.pdfbuilder.core import new_document, new_page, save_pdf, write_line
from tests.pdfbuilder.raster import (
    build_raster_report,
    manuscript_text,
    require_ocr,
    spaced_matches,
)

HARNESS = Path(__file__).with_name("harness.py")
REPO_ROOT = Path(__file__).resolve().parents[2]


def run_worker_process(
    args: list[str], prefix: list[str] | None = None, timeout: float = 60
) -> tuple[int, list[bytes], str]:
    """Run a worker to the end; returns (exit code, stdout lines, stderr text)."""
    argv = [*(prefix or [sys.executable, "-m", "docflags_gui", "--worker"]), *args]
    done = subprocess.run(
        argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, cwd=REPO_ROOT
    )
    return done.returncode, done.stdout.splitlines(keepends=True), done.stderr.decode()


def messages_of(lines: list[bytes]) -> list[protocol.Message]:
    """Parse every stdout line, failing if any is not a protocol message."""
    parsed = [protocol.parse_line(line) for line in lines]
    stray = [line for line, msg in zip(lines, parsed, strict=True) if msg is None]
    assert not stray, f"stdout carries non-protocol lines: {stray}"
    assert all(line.endswith(b"\n") for line in lines)
    return [m for m in parsed if m is not None]


def assert_well_formed(messages: list[protocol.Message]) -> protocol.Message:
    """hello first, exactly one terminal message, last; returns that terminal message."""
    assert messages[0]["type"] == "hello"
    assert messages[0]["version"] and isinstance(messages[0]["pid"], int)
    terminal = [m for m in messages if protocol.is_terminal(m)]
    assert len(terminal) == 1
    assert messages[-1] is terminal[0]
    return terminal[0]


@pytest.fixture
def highlighted_pdf(tmp_path: Path) -> Path:
    doc = new_document()
    for n in range(3):
        page = new_page(doc)
        line = write_line(page, (72, 100), f"page {n + 1} has a highlighted passage here")
        page.add_highlight_annot(quads=[pymupdf.Rect(line.span(4, 6))])
    return save_pdf(doc, tmp_path / "highlighted.pdf")


def test_a_good_pdf_gives_hello_progress_and_one_result(highlighted_pdf: Path) -> None:
    code, lines, _ = run_worker_process(["--input", str(highlighted_pdf)])
    messages = messages_of(lines)
    terminal = assert_well_formed(messages)
    assert code == protocol.EXIT_OK
    assert terminal["type"] == "result"
    document = terminal["result"]
    assert document["schema"] == "docflags/1"
    assert document["file"] == "highlighted.pdf"
    assert document["pages"] == 3
    assert [(f["page"], f["kind"], f["text"]) for f in document["flags"]] == [
        (1, "highlight", "highlighted passage here"),
        (2, "highlight", "highlighted passage here"),
        (3, "highlight", "highlighted passage here"),
    ]
    progress = [m for m in messages if m["type"] == "progress"]
    # Before the engine loads, the worker says it is opening the file (no page count yet).
    assert (progress[0]["done"], progress[0]["total"], progress[0]["stage"]) == (0, 0, "opening")
    assert progress[0]["message"] == "Opening highlighted.pdf"
    assert progress[1]["done"] == 0 and progress[1]["total"] == 3
    assert progress[-1]["done"] == progress[-1]["total"] == 3
    assert all(set(m) == {"v", "type", "done", "total", "stage", "message"} for m in progress)


def test_worker_argv_from_launch_runs_the_same_worker(highlighted_pdf: Path) -> None:
    argv = worker_argv(highlighted_pdf, ocr=False, ocr_languages="eng")
    assert argv[:4] == [sys.executable, "-m", "docflags_gui", "--worker"]
    assert argv[4:] == [f"--input={highlighted_pdf}", "--no-ocr", "--ocr-lang", "eng"]
    code, lines, _ = run_worker_process(argv[4:])
    assert code == 0
    assert assert_well_formed(messages_of(lines))["type"] == "result"


def test_the_worker_never_imports_qt(highlighted_pdf: Path) -> None:
    code, _, stderr = run_worker_process(
        ["--input", str(highlighted_pdf)],
        prefix=[sys.executable, "-X", "importtime", "-m", "docflags_gui", "--worker"],
    )
    assert code == 0
    imported = [line.rsplit("|", 1)[-1].strip() for line in stderr.splitlines() if "|" in line]
    assert "pymupdf" in imported  # the import log is really there
    assert not [name for name in imported if name.split(".")[0] in {"PySide6", "shiboken6"}]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ([], "--input"),
        (["--input"], "--input"),
        (["--input", "x.pdf", "--bogus"], "--bogus"),
        (["--input", "x.pdf", "--ocr-lang", "eng; rm -rf /"], "eng+ind"),
        (["--input", "x.pdf", "--ocr-processes", "0"], "1..64"),
        (["--input", "x.pdf", "--ocr-processes", "two"], "1..64"),
    ],
)
def test_bad_arguments_are_a_usage_error_with_exit_2(args: list[str], fragment: str) -> None:
    code, lines, stderr = run_worker_process(args)
    terminal = assert_well_formed(messages_of(lines))
    assert code == protocol.EXIT_USAGE
    assert terminal["type"] == "error" and terminal["code"] == "usage"
    assert fragment in terminal["message"]
    assert "usage" in stderr.lower() or fragment in stderr


def _encrypted(path: Path) -> Path:
    doc = new_document()
    write_line(new_page(doc), (72, 100), "secret")
    doc.save(path, encryption=pymupdf.mupdf.PDF_ENCRYPT_AES_256, user_pw="user", owner_pw="owner")
    return path


def _not_a_pdf(path: Path) -> Path:
    path.write_text("just some text, not a PDF\n")
    return path


def _damaged(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    return path


def _missing(path: Path) -> Path:
    return path


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (_encrypted, "password"),
        (_not_a_pdf, "not a PDF"),
        (_damaged, "damaged"),
        (_missing, "not found"),
    ],
)
def test_bad_input_is_an_error_with_exit_3(tmp_path: Path, make: object, fragment: str) -> None:
    path = make(tmp_path / "input.pdf")  # type: ignore[operator]
    code, lines, stderr = run_worker_process(["--input", str(path)])
    terminal = assert_well_formed(messages_of(lines))
    assert code == protocol.EXIT_BAD_INPUT, stderr
    assert terminal["type"] == "error" and terminal["code"] == "bad-input"
    assert fragment in terminal["message"]
    assert "Traceback" not in stderr


def test_an_engine_bug_is_exit_4_with_the_traceback_on_stderr_only(highlighted_pdf: Path) -> None:
    code, lines, stderr = run_worker_process(
        ["crash", "--input", str(highlighted_pdf)], prefix=[sys.executable, str(HARNESS)]
    )
    terminal = assert_well_formed(messages_of(lines))
    assert code == protocol.EXIT_INTERNAL
    assert terminal["code"] == "internal"
    assert terminal["message"] == "internal error: RuntimeError: engine bug"
    assert "Traceback" in stderr and "second line" in stderr


def test_stray_output_goes_to_stderr_and_stdout_stays_pure(highlighted_pdf: Path) -> None:
    code, lines, stderr = run_worker_process(
        ["noisy", "--input", str(highlighted_pdf)], prefix=[sys.executable, str(HARNESS)]
    )
    assert code == 0
    assert assert_well_formed(messages_of(lines))["type"] == "result"
    assert "stray print from Python" in stderr
    assert "stray write to fd 1 from C" in stderr
    assert "a library warning" in stderr


def _start_slow_worker(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(HARNESS), "slow", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=REPO_ROOT,
        **popen_options(),
    )


def _read_until_progress(proc: subprocess.Popen[bytes]) -> list[protocol.Message]:
    assert proc.stdout is not None
    seen: list[protocol.Message] = []
    while not any(m["type"] == "progress" for m in seen):
        line = proc.stdout.readline()
        assert line, "worker ended before reporting progress"
        message = protocol.parse_line(line)
        assert message is not None
        seen.append(message)
    return seen


def _finish(proc: subprocess.Popen[bytes], seen: list[protocol.Message]) -> int:
    assert proc.stdout is not None
    rest = proc.stdout.read().splitlines(keepends=True)
    seen.extend(messages_of(rest))
    return proc.wait(timeout=10)


@pytest.mark.skipif(os.name == "nt", reason="SIGTERM is a hard kill on Windows")
def test_sigterm_is_a_soft_stop_reported_as_cancelled(tmp_path: Path) -> None:
    proc = _start_slow_worker(["--input", str(tmp_path / "any.pdf")])
    try:
        seen = _read_until_progress(proc)
        proc.terminate()
        code = _finish(proc, seen)
    finally:
        proc.kill()
        proc.wait()
    terminal = assert_well_formed(seen)
    assert code == protocol.EXIT_CANCELLED
    assert terminal == {
        "v": 1,
        "type": "error",
        "code": "cancelled",
        "message": "stopped on request",
    }


def test_the_stop_file_is_a_soft_stop_on_every_platform(tmp_path: Path) -> None:
    stop_file = tmp_path / "stop"
    proc = _start_slow_worker(["--input", str(tmp_path / "any.pdf"), "--stop-file", str(stop_file)])
    try:
        seen = _read_until_progress(proc)
        stop_file.touch()
        code = _finish(proc, seen)
    finally:
        proc.kill()
        proc.wait()
    assert code == protocol.EXIT_CANCELLED
    assert assert_well_formed(seen)["code"] == "cancelled"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")
def test_the_worker_dies_with_its_parent(tmp_path: Path) -> None:
    # A middle process starts a slow worker, reports its pid, then is killed outright.
    middle_code = (
        "import subprocess, sys\n"
        f"proc = subprocess.Popen([sys.executable, {str(HARNESS)!r}, 'slow', '--input', 'x.pdf'],"
        " stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)\n"
        "proc.stdout.readline()\n"
        "print(proc.pid, flush=True)\n"
        "proc.wait()\n"
    )
    middle = subprocess.Popen(
        [sys.executable, "-c", middle_code], stdout=subprocess.PIPE, cwd=REPO_ROOT
    )
    assert middle.stdout is not None
    worker_pid = int(middle.stdout.readline())
    middle.kill()
    middle.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(worker_pid):
        time.sleep(0.05)
    assert not _alive(worker_pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie waiting for init to reap it counts as dead.
    try:
        status = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return status != "Z"


def test_worker_help_goes_to_stderr_not_the_protocol_stream() -> None:
    code, lines, stderr = run_worker_process(["--help"])
    assert code == 0
    assert [m["type"] for m in messages_of(lines)] == ["hello"]
    assert "--input" in stderr and "--stop-file" in stderr


def test_a_missing_file_is_bad_input_with_a_message_that_does_not_repeat_the_path(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "gone.pdf"
    code, lines, _ = run_worker_process(["--input", str(missing)])
    terminal = assert_well_formed(messages_of(lines))
    assert code == protocol.EXIT_BAD_INPUT
    assert terminal["type"] == "error" and terminal["code"] == "bad-input"
    assert terminal["message"].startswith("file not found")
    assert str(missing) not in terminal["message"]


def test_the_worker_reads_raster_pages_with_ocr_helpers(tmp_path: Path) -> None:
    require_ocr()
    report = build_raster_report(
        tmp_path / "raster.pdf", manuscript_text(8, seed=3), lambda f: spaced_matches(f, every=60)
    )
    assert len(report.raster_pages) >= 2
    code, lines, stderr = run_worker_process(["--input", str(report.path), "--ocr-processes", "2"])
    terminal = assert_well_formed(messages_of(lines))
    assert code == 0, stderr
    flags = terminal["result"]["flags"]
    assert [(f["page"], f["text"]) for f in flags] == [(e.page, e.text) for e in report.expected]
    assert "OCR helper" not in stderr  # no helper failed to start or died


@pytest.mark.parametrize(
    ("cores", "jobs", "expected"),
    [(2, 1, 2), (2, 2, 1), (2, 5, 1), (6, 2, 3), (64, 1, 8), (None, 1, 1)],
)
def test_ocr_processes_share_the_cores_between_jobs(
    monkeypatch: pytest.MonkeyPatch, cores: int | None, jobs: int, expected: int
) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    assert ocr_processes_for(jobs) == expected
    argv = worker_argv(Path("a.pdf"), ocr_processes=expected)
    assert ("--ocr-processes" in argv) == (expected > 1)
    assert "--ocr-processes" not in worker_argv(Path("a.pdf"), ocr=False, ocr_processes=expected)
