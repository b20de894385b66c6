"""DropIntake: what it counts as pending while a drop is sorted out, announced and submitted."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from docflags_gui.ui.drop_intake import DropIntake
from docflags_gui.ui.file_intake import Intake


def test_a_drop_stays_pending_from_its_last_path_sorted_out_to_its_submission(
    qtbot: QtBot, tmp_path: Path
) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
    announced: list[Intake] = []
    submitted: list[Path] = []

    def announce(intake: Intake) -> list[Path]:
        announced.append(intake)
        return list(intake.pdfs)

    intake = DropIntake(set, announce, submitted.append)
    intake._timer.stop()  # driven step by step here, as the loop turns would
    intake.add([pdf, tmp_path / "missing.pdf"])
    counts = [intake.pending()]
    while intake._step():
        counts.append(intake.pending())
    # Each step: start sorting, sort out the PDF, sort out the missing file (the drop's last
    # path: sorted out, not yet announced), announce, submit. Only the last leaves nothing.
    assert counts == [2, 2, 2, 1, 1, 0]
    assert len(announced) == 1 and announced[0].missing == [tmp_path / "missing.pdf"]
    assert submitted == [pdf]


def test_a_drop_of_nothing_but_unreadable_paths_is_pending_until_announced(
    qtbot: QtBot, tmp_path: Path
) -> None:
    announced: list[Intake] = []

    def announce(found: Intake) -> list[Path]:
        announced.append(found)
        return []

    intake = DropIntake(set, announce, lambda _pdf: None)
    intake._timer.stop()
    intake.add([tmp_path / "gone.pdf"])
    counts = [intake.pending()]
    while intake._step():
        counts.append(intake.pending())
    assert counts == [1, 1, 1, 0] and len(announced) == 1
