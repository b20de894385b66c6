"""Job log names and pruning: the newest kept, young logs and the app's own log never touched,
and many processes pruning one folder at once without an error."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docflags_gui.runner.logs import job_log_path, prune_logs


def _logs(folder: Path, count: int, age_s: float = 7200.0) -> list[Path]:
    """`count` job logs, the first the oldest, all at least `age_s` old."""
    now = time.time()
    made = []
    for n in range(count):
        path = job_log_path(folder, "analyze", str(n), Path(f"report {n}.pdf"))
        path = path.with_name(path.name.replace(".log", f"-{n:04d}.log"))
        path.write_text("x\n")
        stamp = now - age_s - (count - n)
        os.utime(path, (stamp, stamp))
        made.append(path)
    return made


def test_a_log_name_says_kind_process_job_and_file(tmp_path: Path) -> None:
    path = job_log_path(tmp_path, "analyze", "7", Path("-odd name?.pdf"))
    assert path.parent == tmp_path and path.suffix == ".log"
    assert path.name.startswith("job-analyze-") and path.name.endswith("-7--odd_name_.log")
    assert f"-{os.getpid()}-" in path.name


def test_pruning_keeps_the_newest_and_never_the_apps_own_log(tmp_path: Path) -> None:
    logs = _logs(tmp_path, 12)
    own = tmp_path / "docflags.log"
    own.write_text("the app's log\n")
    os.utime(own, (0, 0))
    assert prune_logs(tmp_path, keep=5) == 7
    assert sorted(tmp_path.glob("job-*.log")) == sorted(logs[-5:])
    assert own.exists()


def test_a_young_log_is_kept_even_beyond_the_count(tmp_path: Path) -> None:
    _logs(tmp_path, 4, age_s=10)  # may belong to jobs still running
    assert prune_logs(tmp_path, keep=1) == 0
    assert len(list(tmp_path.glob("job-*.log"))) == 4


def test_logs_of_earlier_versions_are_pruned_too(tmp_path: Path) -> None:
    old = [tmp_path / "analyze-20250101-000000-1-1-a.log", tmp_path / "20250101-000000-ab12.log"]
    for path in old:
        path.write_text("")
        os.utime(path, (1000, 1000))
    assert prune_logs(tmp_path, keep=0) == 2


def test_many_processes_pruning_one_folder_at_once_all_succeed(tmp_path: Path) -> None:
    _logs(tmp_path, 600)
    code = (
        "import sys, pathlib\n"
        "from docflags_gui.runner.logs import prune_logs\n"
        "prune_logs(pathlib.Path(sys.argv[1]), keep=20)\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(12)
    ]
    for run in runs:
        _, err = run.communicate(timeout=60)
        assert run.returncode == 0, err
    assert len(list(tmp_path.glob("job-*.log"))) == 20


def test_a_log_that_vanishes_while_pruning_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logs = _logs(tmp_path, 6)
    real_stat = Path.stat

    def stat_after_another_pruner(self: Path, **kwargs: object) -> os.stat_result:
        if self == logs[0]:
            self.unlink(missing_ok=True)  # another process removed it between glob and stat
        return real_stat(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "stat", stat_after_another_pruner)
    assert prune_logs(tmp_path, keep=2) == 3
    assert sorted(tmp_path.glob("job-*.log")) == sorted(logs[-2:])
