"""What a drop, File > Open or the command line hands us: PDFs to queue, the rest explained."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from docflags_gui.ui.i18n import translate

_PDF_MAGIC = b"%PDF-"
# The PDF header may sit after some junk; readers accept it within the first kilobyte.
_HEADER_WINDOW = 1024


def looks_like_pdf(path: Path) -> bool:
    """A .pdf name, or a PDF header near the start (PDFs saved without an extension)."""
    if path.suffix.lower() == ".pdf":
        return True
    try:
        with path.open("rb") as handle:
            return _PDF_MAGIC in handle.read(_HEADER_WINDOW)
    except OSError:
        return False


@dataclass
class Intake:
    pdfs: list[Path] = field(default_factory=list)
    rejected: list[Path] = field(default_factory=list)  # not PDFs
    missing: list[Path] = field(default_factory=list)  # not there (or unreadable)
    empty_folders: list[Path] = field(default_factory=list)  # folders without any PDF
    in_progress: list[Path] = field(default_factory=list)  # already waiting or running

    def notice(self) -> str:
        """A short, polite sentence about what was not queued ('' when everything was)."""
        parts = []
        if self.rejected:
            names = _names(self.rejected)
            parts.append(
                translate("FileIntake", "{names} is not a PDF, so nothing was queued for it.")
                if len(self.rejected) == 1
                else translate(
                    "FileIntake", "{names} are not PDFs, so nothing was queued for them."
                )
            )
            parts[-1] = parts[-1].format(names=names)
        if self.missing:
            parts.append(
                translate("FileIntake", "{names} could not be found.").format(
                    names=_names(self.missing)
                )
            )
        if self.in_progress:
            parts.append(
                translate("FileIntake", "{names}: already being analysed.").format(
                    names=_names(self.in_progress)
                )
            )
        if self.empty_folders:
            parts.append(
                translate("FileIntake", "No PDFs in {folders}.").format(
                    folders=_names(self.empty_folders)
                )
            )
        return " ".join(parts)


def _names(paths: list[Path]) -> str:
    """Up to three file names, then how many more."""
    names = ", ".join(p.name for p in paths[:3])
    if len(paths) > 3:
        names = translate("FileIntake", "{names} and {n} more").format(
            names=names, n=len(paths) - 3
        )
    return names


class PdfCollector:
    """Sorts dropped or opened paths out one at a time into an Intake (see collect_pdfs), so
    that a drop of thousands can be spread over event-loop turns (ui/drop_intake.py)."""

    def __init__(self, busy: Collection[Path] = ()) -> None:
        self.intake = Intake()
        self._busy = busy
        self._seen: set[Path] = set()

    def add(self, path: Path) -> list[Path]:
        """Sort out one dropped path; a folder's PDFs (recursively, sorted) are returned, each
        to be given to `add_pdf`."""
        if path.is_dir():
            found = sorted(
                (p for p in path.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file()),
                key=lambda p: str(p).casefold(),
            )
            if not found:
                self.intake.empty_folders.append(path)
            return found
        if not path.is_file():
            self.intake.missing.append(path)
        elif looks_like_pdf(path):
            self.add_pdf(path)
        else:
            self.intake.rejected.append(path)
        return []

    def add_pdf(self, pdf: Path) -> None:
        key = pdf.resolve()
        if key in self._busy:
            if key not in self._seen:
                self._seen.add(key)
                self.intake.in_progress.append(pdf)
        elif key not in self._seen:
            self._seen.add(key)
            self.intake.pdfs.append(pdf)


def collect_pdfs(paths: Iterable[Path], busy: Collection[Path] = ()) -> Intake:
    """Expand folders to the PDFs inside them (recursively, sorted); keep order; no duplicates,
    and none of `busy` (resolved paths of files already waiting or running)."""
    collector = PdfCollector(busy)
    for path in paths:
        for pdf in collector.add(path):
            collector.add_pdf(pdf)
    return collector.intake
