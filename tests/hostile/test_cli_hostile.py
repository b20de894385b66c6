"""The command line against hostile names and hard conditions: file names that are not UTF-8
or carry terminal escapes, a symlink loop, a name that looks like an option, many runs at once
and a killed run. Every case ends with results or one-line messages, no traceback, and a
history whose every row is accounted for."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pymupdf
import pytest

from docflags_gui import paths
from tests.processes import child_pids

ESCAPES = ("\x1b", "\x07", "\x9b")


def _pdf(path: Path, text: str = "hostile names are still files", comment: str = "ok") -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), text, fontsize=12)
    annot = page.add_highlight_annot(pymupdf.Rect(70, 60, 250, 76))
    annot.set_info(content=comment)
    annot.update()
    Path(path).write_bytes(doc.tobytes())  # any name, whatever bytes it is made of


def _cli(*args: str | bytes, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "docflags_gui", *args],
        capture_output=True,
        cwd=cwd,
        timeout=180,
        check=False,
    )


def _assert_clean(run: subprocess.CompletedProcess[bytes]) -> None:
    for stream in (run.stdout, run.stderr):
        text = stream.decode("utf-8", "replace")
        assert "Traceback" not in text, text
        for escape in ESCAPES:
            assert escape not in text, (escape, text)


def _history_rows() -> list[tuple[str, str, bytes | None, str]]:
    with sqlite3.connect(paths.history_db_path()) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return conn.execute("SELECT file_name, path, path_bytes, state FROM jobs").fetchall()


@pytest.mark.skipif(sys.platform != "linux", reason="Linux file names are bytes")
def test_a_name_that_is_not_utf8_is_analysed_and_kept_losslessly(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw_name = b"caf\xe9-\xff.pdf"  # Latin-1 bytes: not UTF-8
    bad = Path(os.fsdecode(os.path.join(os.fsencode(folder), raw_name)))
    _pdf(bad)
    _pdf(folder / "good.pdf")

    run = _cli("analyze", str(folder), "--no-ocr", "--format", "json")
    _assert_clean(run)
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    assert sorted(r["file"] for r in results) == ["caf\ufffd-\ufffd.pdf", "good.pdf"]
    rows = _history_rows()
    assert sorted(r[3] for r in rows) == ["SUCCESS", "SUCCESS"]
    stored = next(r for r in rows if r[2] is not None)
    assert stored[2] == os.fsencode(bad)  # the bytes, to open the file again
    assert stored[0] == "caf\ufffd-\ufffd.pdf"  # the display form

    listing = _cli("history")
    _assert_clean(listing)
    assert "caf\ufffd-\ufffd.pdf" in listing.stdout.decode()


def test_terminal_escapes_in_names_and_text_are_shown_not_sent(tmp_path: Path) -> None:
    evil = tmp_path / "\x1b[2J\x1b]0;owned\x07evil\nname.pdf"
    _pdf(evil, comment="ring \x07 the bell \x1b[31m red")
    missing = tmp_path / "\x1b[2Jmissing.pdf"

    run = _cli("analyze", str(evil), str(missing), "--no-ocr")
    _assert_clean(run)
    assert run.returncode == 1  # the missing file failed, with one line
    lines = run.stderr.decode().splitlines()
    assert any("\\x1b[2Jmissing.pdf" in line and "not found" in line for line in lines)
    assert "\\x07" in run.stdout.decode()  # the comment's BEL, escaped in the table

    for args in (("history",), ("history", "--format", "json"), ("show", "1"), ("show", "2")):
        shown = _cli(*args)
        _assert_clean(shown)
    assert json.loads(_cli("history", "--format", "json").stdout)  # still valid JSON


def test_a_symlink_loop_is_one_line(tmp_path: Path) -> None:
    loop = tmp_path / "loop.pdf"
    os.symlink(loop, loop)
    run = _cli("analyze", str(loop), "--no-ocr")
    _assert_clean(run)
    assert run.returncode == 1
    lines = run.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "loop.pdf" in lines[0], lines
    assert [r[3] for r in _history_rows()] == ["FAILURE"]


def test_a_name_that_looks_like_an_option(tmp_path: Path) -> None:
    _pdf(tmp_path / "-x.pdf")
    run = _cli("analyze", "--no-ocr", "--format", "json", "--", "-x.pdf", cwd=tmp_path)
    _assert_clean(run)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["file"] == "-x.pdf"


def test_many_runs_at_once_keep_every_row(tmp_path: Path) -> None:
    files = []
    for n in range(3):
        files.append(tmp_path / f"f{n}.pdf")
        _pdf(files[-1])
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "docflags_gui", "analyze", "--no-ocr", "-j", "1",
             "--format", "json", *map(str, files)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(6)
    ]  # fmt: skip
    for proc in runs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert b"Traceback" not in err
        # A run that gives up its history (a lock held past the busy timeout) says why here.
        assert b"not recording" not in err, err
        assert len(json.loads(out)) == 3
    rows = _history_rows()
    assert len(rows) == 18 and {r[3] for r in rows} == {"SUCCESS"}


@pytest.mark.skipif(sys.platform != "linux", reason="parent-death signal is Linux's")
def test_a_killed_run_leaves_no_worker_and_its_jobs_interrupted(tmp_path: Path) -> None:
    from tests.hostile.corpus import ten_thousand_pages

    slow = tmp_path / "slow.pdf"
    slow.write_bytes(ten_thousand_pages())
    proc = subprocess.Popen(
        [sys.executable, "-m", "docflags_gui", "analyze", "--no-ocr", str(slow)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _rows_in(("RUNNING",)):
        time.sleep(0.1)
    workers = child_pids(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for pid in workers:
        _wait_gone(pid)
    listing = _cli("history", "--format", "json")
    _assert_clean(listing)
    assert [job["state"] for job in json.loads(listing.stdout)] == ["INTERRUPTED"]


def _rows_in(states: tuple[str, ...]) -> bool:
    if not paths.history_db_path().exists():
        return False
    try:
        return any(r[3] in states for r in _history_rows())
    except sqlite3.Error:
        return False


def _wait_gone(pid: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError(f"worker {pid} outlived the killed CLI")
