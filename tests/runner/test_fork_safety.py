"""Whether a process may fork workers: Linux, with neither MuPDF nor Qt loaded."""

from __future__ import annotations

import sys

import pytest

from docflags_gui.runner.fork_safety import can_fork


@pytest.mark.parametrize("loaded", ["pymupdf", "PySide6"])
def test_a_process_holding_mupdf_or_qt_starts_its_workers_as_programs(
    monkeypatch: pytest.MonkeyPatch, loaded: str
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("pymupdf", "fitz", "PySide6"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    assert can_fork()
    monkeypatch.setitem(sys.modules, loaded, sys)  # any module object: only the name counts
    assert not can_fork()
    monkeypatch.delitem(sys.modules, loaded)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not can_fork()
