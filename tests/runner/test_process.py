"""WorkerProcess on its own: stop before launch, log tail per attempt, group kill and reaping."""

from __future__ import annotations

from pathlib import Path

import pytest

from docflags_gui.runner.process import WorkerProcess, live_pids
from tests.processes import FAKE_COMMAND, child_pids, scenario_file, wait_until_gone


def _fake(path: Path, log: Path) -> WorkerProcess:
    return WorkerProcess([*FAKE_COMMAND, "--input", str(path)], log)


def test_a_stop_requested_before_launch_means_no_process(inputs: Path, tmp_path: Path) -> None:
    process = _fake(scenario_file(inputs, "ok"), tmp_path / "job.log")
    process.request_stop()
    assert process.launch() is False
    assert process.pid is None and not (tmp_path / "job.log").exists()
    process.kill()  # harmless


def test_the_log_tail_holds_only_this_runs_lines(inputs: Path, tmp_path: Path) -> None:
    log = tmp_path / "job.log"
    log.write_text("an earlier attempt's noise\n" * 500)
    process = _fake(scenario_file(inputs, "crash_exit"), log)
    assert process.launch()
    lines = list(process.lines())
    assert process.reap() == 4
    assert any(b'"progress"' in line for line in lines)
    tail = process.stderr_tail()
    assert tail.endswith("RuntimeError: fake worker lost its way")
    assert "earlier attempt" not in tail
    assert live_pids() == []


def test_kill_ends_the_whole_group_and_reap_collects_the_worker(
    inputs: Path, tmp_path: Path
) -> None:
    path = scenario_file(inputs, "hang")
    process = _fake(path, tmp_path / "job.log")
    assert process.launch()
    stream = process.lines()
    first = next(stream)  # hello: the worker runs
    assert b'"hello"' in first
    next(stream)  # its progress comes after the helper was started and recorded
    helper = int(Path(f"{path}.pids").read_text().split()[1])
    process.kill()
    assert list(stream) == []  # EOF: every writer of the pipe is dead
    assert process.reap() == -9
    assert process.pid not in child_pids()
    assert wait_until_gone([helper]) == []
    process.kill()  # after reaping: a no-op, never a signal to a reused pid
    process.request_stop()


def test_a_missing_executable_raises_on_launch(tmp_path: Path) -> None:
    process = WorkerProcess([str(tmp_path / "missing"), "--input", "x"], tmp_path / "job.log")
    with pytest.raises(OSError):
        process.launch()
    assert live_pids() == []


def test_a_line_longer_than_the_limit_is_cut_and_skipped(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("docflags_gui.runner.process.MAX_LINE_BYTES", 64)
    process = _fake(scenario_file(inputs, "garbage"), tmp_path / "job.log")
    assert process.launch()
    lines = list(process.lines())
    assert process.reap() == 0
    assert all(len(line) <= 64 for line in lines)
    # The long result line was cut: its head came through without a newline, the rest skipped.
    heads = [line for line in lines if line.startswith(b'{"v": 1, "type": "result"')]
    assert len(heads) == 1 and not heads[0].endswith(b"\n")
    assert lines[-1] == b"trailing noise after the result\n"
