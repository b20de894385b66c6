"""`docflags analyze`: formats, --out, parallel workers, failures among good files, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from docflags_gui.cli import analyze
from docflags_gui.runner.batch import Batch, BatchOptions, Outcome
from docflags_gui.runner.process import live_pids
from docflags_gui.runner.states import JobState
from tests.pdfbuilder.core import hex_color, new_document, new_page, save_pdf, write_line
from tests.processes import is_running, run_python

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPTED_WORKER = [sys.executable, str(REPO_ROOT / "tests" / "worker" / "scripted_worker.py")]


def make_pdf(path: Path, words: str = "the flagged passage is right here") -> Path:
    """One page, one yellow highlight with a comment over the words 1..3."""
    doc = new_document()
    page = new_page(doc)
    line = write_line(page, (72, 100), words)
    annot = page.add_highlight_annot(quads=[pymupdf.Rect(line.span(1, 3))])
    annot.set_colors(stroke=hex_color("#ffff00"))
    annot.set_info(content="cite this")
    annot.update()
    return save_pdf(doc, path)


def docflags(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command as a user runs it, with stdout and stderr piped (not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "docflags_gui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd or REPO_ROOT,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def good_pdf(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "report.pdf")


def test_one_file_prints_a_table_and_nothing_else(good_pdf: Path) -> None:
    done = docflags("analyze", str(good_pdf))
    assert done.returncode == 0
    assert done.stderr == ""  # piped: no progress display
    lines = done.stdout.splitlines()
    assert lines[0] == "report.pdf | 1 page | 1 flagged passage"
    assert lines[1].split() == ["page", "kind", "colour", "source", "text", "comment"]
    row = "1 highlight #ffff00 - flagged passage is cite this"
    assert lines[3].split() == row.split()


def test_json_to_stdout_is_the_docflags_document(good_pdf: Path) -> None:
    done = docflags("analyze", str(good_pdf), "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["schema"] == "docflags/1"
    assert document["file"] == "report.pdf"
    flag = document["flags"][0]
    assert (flag["page"], flag["kind"], flag["text"], flag["comment"]) == (
        1,
        "highlight",
        "flagged passage is",
        "cite this",
    )


def test_several_files_run_in_parallel_and_print_in_input_order(tmp_path: Path) -> None:
    paths = [make_pdf(tmp_path / f"f{n}.pdf", f"file number {n} text") for n in range(4)]
    done = docflags("analyze", "--jobs", "3", "--format", "json", *map(str, paths))
    assert done.returncode == 0, done.stderr
    documents = json.loads(done.stdout)
    assert [d["file"] for d in documents] == ["f0.pdf", "f1.pdf", "f2.pdf", "f3.pdf"]
    assert [d["flags"][0]["text"] for d in documents] == [f"number {n} text" for n in range(4)]


def test_several_files_as_tables_get_one_heading_each(tmp_path: Path) -> None:
    paths = [make_pdf(tmp_path / f"{name}.pdf") for name in ("alpha", "beta")]
    done = docflags("analyze", *map(str, paths))
    assert done.returncode == 0
    assert "== alpha.pdf ==" in done.stdout and "== beta.pdf ==" in done.stdout
    assert done.stdout.index("alpha.pdf") < done.stdout.index("beta.pdf")


def test_a_failing_file_gets_one_line_and_the_others_go_on(tmp_path: Path) -> None:
    good = make_pdf(tmp_path / "good.pdf")
    bad = tmp_path / "notes.pdf"
    bad.write_text("these are notes, not a PDF")
    missing = tmp_path / "missing.pdf"
    out = tmp_path / "out"
    done = docflags("analyze", str(bad), str(good), str(missing), "--out", str(out))
    assert done.returncode == 1
    errors = done.stderr.splitlines()
    assert len(errors) == 2
    assert f"docflags: {bad}: not a PDF file" in errors
    assert any(e.startswith(f"docflags: {missing}: ") and "not found" in e for e in errors)
    assert sorted(p.name for p in out.iterdir()) == ["good.json"]
    assert json.loads((out / "good.json").read_text())["file"] == "good.pdf"


def test_an_encrypted_file_is_reported_not_crashed_on(tmp_path: Path) -> None:
    doc = new_document()
    write_line(new_page(doc), (72, 100), "secret")
    locked = tmp_path / "locked.pdf"
    doc.save(locked, encryption=pymupdf.mupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    done = docflags("analyze", str(locked))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith(f"docflags: {locked}: ") and "password" in done.stderr
    assert "Traceback" not in done.stderr


def test_out_writes_one_file_per_input_and_keeps_same_named_inputs_apart(tmp_path: Path) -> None:
    first = make_pdf(tmp_path / "a" / "report.pdf", "first copy of words")
    second = make_pdf(tmp_path / "b" / "report.pdf", "second copy of words")
    out = tmp_path / "results"
    done = docflags("analyze", str(first), str(second), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == ["report-2.json", "report.json"]
    texts = {json.loads(p.read_text())["flags"][0]["text"] for p in out.iterdir()}
    assert texts == {"copy of words"}
    shas = {json.loads(p.read_text())["sha256"] for p in out.iterdir()}
    assert len(shas) == 2


def test_a_folder_stands_for_the_pdfs_inside_it(tmp_path: Path) -> None:
    make_pdf(tmp_path / "docs" / "one.pdf")
    make_pdf(tmp_path / "docs" / "sub" / "two.PDF")
    (tmp_path / "docs" / "readme.txt").write_text("not analysed")
    done = docflags("analyze", str(tmp_path / "docs"), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert [d["file"] for d in json.loads(done.stdout)] == ["one.pdf", "two.PDF"]


@pytest.mark.parametrize("fmt", ["csv", "md", "html"])
def test_export_formats_go_through_the_export_package(good_pdf: Path, fmt: str) -> None:
    done = docflags("analyze", str(good_pdf), "--format", fmt)
    if analyze._export() is None or fmt not in analyze._export().EXPORT_FORMATS:
        assert done.returncode == 2
        assert f"the {fmt} format is not available" in done.stderr
        return
    assert done.returncode == 0, done.stderr
    assert "flagged passage is" in done.stdout
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(done.stdout)))
        assert any("flagged passage is" in row for row in rows)


def test_xlsx_needs_out_and_writes_a_workbook(good_pdf: Path, tmp_path: Path) -> None:
    to_stdout = docflags("analyze", str(good_pdf), "--format", "xlsx")
    assert to_stdout.returncode == 2
    assert "xlsx" in to_stdout.stderr
    if analyze._export() is None:
        return
    out = tmp_path / "x"
    done = docflags("analyze", str(good_pdf), "--format", "xlsx", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert (out / "report.xlsx").read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    "args",
    [
        ["analyze"],
        ["analyze", "x.pdf", "--jobs", "0"],
        ["analyze", "x.pdf", "--format", "docx"],
        ["analyze", "x.pdf", "--ocr-lang", "eng;ind"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    done = docflags(*args)
    assert done.returncode == 2
    assert "usage:" in done.stderr
    assert done.stdout == ""


def test_help_reads_well() -> None:
    top = docflags("--help")
    assert top.returncode == 0
    assert "analyze" in top.stdout
    sub = docflags("analyze", "--help")
    assert sub.returncode == 0
    for option in ("--format", "--out", "--jobs", "--no-ocr", "--ocr-lang", "Exit status"):
        assert option in sub.stdout


def test_piped_output_can_be_cut_short_without_a_traceback(tmp_path: Path) -> None:
    paths = [make_pdf(tmp_path / f"f{n}.pdf") for n in range(3)]
    done = subprocess.run(
        f"{sys.executable} -m docflags_gui analyze --format json "
        + " ".join(map(str, paths))
        + " | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
    )
    assert "Traceback" not in done.stderr
    assert len(done.stdout) == 10


def _events(files: list[Path], jobs: int = 4, timeout_s: float | None = 60) -> list[Outcome]:
    batch = Batch(
        files, BatchOptions(jobs=jobs, worker_prefix=SCRIPTED_WORKER, timeout_s=timeout_s)
    )
    return sorted(
        (e for e in batch.events() if isinstance(e, Outcome)), key=lambda outcome: outcome.index
    )


def test_batch_runs_up_to_jobs_workers_at_the_same_time(tmp_path: Path) -> None:
    files = [tmp_path / f"timed{n}.pdf" for n in range(3)]
    for f in files:
        f.write_text("")
    outcomes = _events(files, jobs=3)
    assert all(o.result is not None for o in outcomes)
    spans = [tuple(map(float, f.read_text().split())) for f in files]
    latest_start = max(start for start, _ in spans)
    earliest_end = min(end for _, end in spans)
    assert latest_start < earliest_end  # all three were running at once


def test_batch_reports_a_worker_that_dies_without_an_answer_as_crashed(tmp_path: Path) -> None:
    files = [tmp_path / "crash.pdf", tmp_path / "garbage.pdf", tmp_path / "fine.pdf"]
    crashed, garbage, fine = _events(files)
    assert crashed.result is None and crashed.error is not None
    assert crashed.state is JobState.CRASHED
    assert "exited with code 9" in crashed.error
    assert crashed.log_path is not None
    assert "something went very wrong" in crashed.log_path.read_text()
    assert garbage.result is not None and garbage.result["file"] == "garbage.pdf"
    assert fine.result is not None and fine.error is None


def test_batch_stops_a_worker_that_exceeds_the_time_limit(tmp_path: Path) -> None:
    (outcome,) = _events([tmp_path / "hang.pdf"], timeout_s=0.5)
    assert outcome.result is None and outcome.error is not None
    assert outcome.state is JobState.TIMED_OUT
    assert "time limit" in outcome.error


def test_table_rows_fit_the_width() -> None:
    from docflags_gui.cli.cells import display_width, fit
    from docflags_gui.cli.table import render_table

    result = {
        "file": "wide.pdf",
        "pages": 2,
        "similarity": 43,
        "sources": [
            {
                "n": 1,
                "name": "example.org",
                "type": "Internet Source",
                "percent": 21,
                "label": "21%",
            }
        ],
        "flags": [
            {
                "page": 1,
                "kind": "drawn",
                "color": "#ff0000",
                "source": 1,
                "ocr": False,
                "text": "数据 " * 60,
                "comment": "a long comment " * 10,
            },
        ],
        "warnings": ["page 2: something"],
    }
    text = render_table(result, 80)
    assert all(display_width(line) <= 80 for line in text.splitlines())
    assert "similarity 43%" in text and "example.org" in text and "warning: page 2" in text
    assert fit("abcdef", 4) == "abc…"
    assert fit("数据数据", 5) == "数据…"
    assert fit("ab", 4) == "ab  "


def test_leaving_a_batch_early_stops_and_reaps_its_workers(tmp_path: Path) -> None:
    files = [tmp_path / f"hang{n}.pdf" for n in range(3)]
    batch = Batch(files, BatchOptions(jobs=2, worker_prefix=SCRIPTED_WORKER))
    events = batch.events()
    first = next(events)
    assert not isinstance(first, Outcome)  # a progress line: a worker is running
    running = batch.running_pids()
    assert running
    events.close()  # what Ctrl+C or an error in the caller does
    assert batch.running_pids() == []
    assert not [pid for pid in running if is_running(pid)]
    assert live_pids() == []


def test_the_command_line_never_imports_qt(good_pdf: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "docflags_gui", "analyze", str(good_pdf)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
    )
    assert done.returncode == 0
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]
    assert "docflags_gui.runner.batch" in imported  # the import log is really there
    assert not [name for name in imported if name.split(".")[0] in {"PySide6", "shiboken6"}]


@pytest.mark.parametrize(
    ("files", "jobs", "expected"), [(1, 4, 4), (3, 2, 2), (3, 4, 1), (2, 8, 2)]
)
def test_a_batch_shares_the_cores_between_its_files_and_their_ocr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: int, jobs: int, expected: int
) -> None:
    # Four cores: the files that run side by side (at most --jobs) share them, and each file
    # reads its raster pages with its share.
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    argvs: list[list[str]] = []
    real_popen = subprocess.Popen

    def recording_popen(argv: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        argvs.append(list(argv))
        return real_popen(argv, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr("docflags_gui.runner.process.subprocess.Popen", recording_popen)
    paths = [make_pdf(tmp_path / f"f{n}.pdf") for n in range(files)]
    outcomes = [
        e
        for e in Batch(paths, BatchOptions(jobs=jobs, worker_prefix=SCRIPTED_WORKER)).events()
        if isinstance(e, Outcome)
    ]
    assert len(outcomes) == files and all(o.error is None for o in outcomes)
    for argv in argvs:
        given = argv[argv.index("--ocr-processes") + 1] if "--ocr-processes" in argv else "1"
        assert given == str(expected)


# `docflags analyze ARGS` in a fresh Python that says, when its batch starts, how many workers
# forked at its start still wait for a job (`runner/prestarted_worker.py`).
_WAITING_AT_START = """
import sys
from docflags_gui.runner import batch, prestarted_worker

original = batch.Batch.events

def events(self):
    print("WAITING", len(prestarted_worker._waiting), flush=True)
    return original(self)

batch.Batch.events = events
from docflags_gui.__main__ import main
main(sys.argv[1:])
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_a_cluster_run_ends_the_worker_forked_for_a_local_job(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "report.pdf")
    waiting = {}
    for where, extra in (("local", []), ("cluster", ["--broker", "redis://127.0.0.1:9/0"])):
        done = run_python(_WAITING_AT_START, "analyze", str(pdf), "--no-history", *extra)
        waiting[where] = done.stdout.split("WAITING ", 1)[1].split()[0]
    # Locally the first job takes it once the batch runs; with a broker (here one that cannot
    # be reached, which fails the file) it is ended before: it would only hold memory.
    assert waiting == {"local": "1", "cluster": "0"}
