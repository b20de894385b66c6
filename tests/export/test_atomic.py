"""A failed export leaves nothing behind (no partial file, no temporary file) and says why."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from docflags_gui.export import ExportError, export_results
from docflags_gui.export.atomic import atomic_write
from docflags_gui.result import ResultDocument


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "md", "html"])
def test_a_renderer_failing_midway_leaves_no_file(
    tmp_path: Path, hostile_result: ResultDocument, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    real_write = os.fdopen

    class FailingStream:
        """Accepts the first write, then fails as a full disk would."""

        def __init__(self, stream: Any) -> None:
            self._stream = stream
            self._writes = 0

        def write(self, data: bytes) -> int:
            self._writes += 1
            if self._writes > 1 or len(data) > 10:
                self._stream.write(data[:10])
                raise OSError(errno.ENOSPC, "No space left on device")
            written: int = self._stream.write(data)
            return written

        def __getattr__(self, name: str) -> Any:
            return getattr(self._stream, name)

        def __enter__(self) -> FailingStream:
            return self

        def __exit__(self, *exc: object) -> None:
            self._stream.close()

    monkeypatch.setattr(
        "docflags_gui.export.atomic.os.fdopen",
        lambda fd, mode: FailingStream(real_write(fd, mode)),
    )
    target = tmp_path / f"out.{fmt}"
    with pytest.raises(ExportError, match="disk is full"):
        export_results([hostile_result], fmt, target)
    assert _leftovers(tmp_path) == []


def test_a_failed_export_keeps_the_previous_file_intact(tmp_path: Path) -> None:
    target = tmp_path / "flags.csv"
    target.write_text("the previous export\n")

    def half_then_crash(stream: BinaryIO) -> None:
        stream.write(b"half a new export")
        raise ValueError("renderer bug")

    with pytest.raises(ExportError, match="internal error"):
        atomic_write(target, half_then_crash)
    assert target.read_text() == "the previous export\n"
    assert _leftovers(tmp_path) == ["flags.csv"]


def test_a_missing_folder_is_reported_and_nothing_is_created(
    tmp_path: Path, hostile_result: ResultDocument
) -> None:
    target = tmp_path / "no" / "such" / "folder" / "out.csv"
    with pytest.raises(ExportError, match="does not exist"):
        export_results([hostile_result], "csv", target)
    assert _leftovers(tmp_path) == []


def test_a_folder_as_target_is_refused(tmp_path: Path, hostile_result: ResultDocument) -> None:
    (tmp_path / "out.csv").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        export_results([hostile_result], "csv", tmp_path / "out.csv")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_folder_is_reported(tmp_path: Path, hostile_result: ResultDocument) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            export_results([hostile_result], "csv", folder / "out.csv")
        assert _leftovers(folder) == []
    finally:
        folder.chmod(0o700)


def test_a_refused_rename_is_reported_and_cleaned_up(
    tmp_path: Path, hostile_result: ResultDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only or locked target (Windows: open in Excel) does, even when run as root."""

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", dst)

    monkeypatch.setattr("docflags_gui.export.atomic.os.replace", refuse)
    with pytest.raises(ExportError, match="permission denied") as caught:
        export_results([hostile_result], "xlsx", tmp_path / "out.xlsx")
    assert "close it; otherwise choose a folder you can write to" in str(caught.value)
    assert _leftovers(tmp_path) == []


def test_a_successful_export_replaces_the_file_and_keeps_its_permissions(
    tmp_path: Path, hostile_result: ResultDocument
) -> None:
    target = tmp_path / "flags.json"
    target.write_text("old")
    target.chmod(0o640)
    export_results([hostile_result], "json", target)
    assert target.read_text(encoding="utf-8").startswith("{")
    assert target.stat().st_mode & 0o777 == 0o640
    assert _leftovers(tmp_path) == ["flags.json"]


def test_a_new_export_gets_the_usual_permissions(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.md", _write_notes)
    finally:
        os.umask(old_umask)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o644


def _write_notes(stream: BinaryIO) -> None:
    stream.write(b"# notes\n")


def test_a_device_or_pipe_is_never_replaced(tmp_path: Path, hostile_result: ResultDocument) -> None:
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    with pytest.raises(ExportError, match="not a regular file"):
        export_results([hostile_result], "csv", pipe)
    assert pipe.exists() and not pipe.is_file()
    assert _leftovers(tmp_path) == ["pipe.csv"]


def test_a_symlink_target_is_written_through_the_link(
    tmp_path: Path, hostile_result: ResultDocument
) -> None:
    real = tmp_path / "real" / "flags.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    export_results([hostile_result], "json", link)
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("{")
    assert sorted(p.name for p in real.parent.iterdir()) == ["flags.json"]


def test_a_long_file_name_still_exports(tmp_path: Path, hostile_result: ResultDocument) -> None:
    target = tmp_path / ("n" * 240 + ".csv")
    export_results([hostile_result], "csv", target)
    assert _leftovers(tmp_path) == [target.name]
