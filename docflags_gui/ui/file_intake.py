"""What a drop, File > Open or the command line hands us: PDFs to queue, the rest explained."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

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
            names = ", ".join(p.name for p in self.rejected[:3])
            more = f" and {len(self.rejected) - 3} more" if len(self.rejected) > 3 else ""
            verb = "is not a PDF" if len(self.rejected) == 1 else "are not PDFs"
            parts.append(f"{names}{more} {verb}, so nothing was queued for it.")
        if self.missing:
            parts.append(f"{', '.join(p.name for p in self.missing[:3])} could not be found.")
        if self.in_progress:
            names = ", ".join(p.name for p in self.in_progress[:3])
            more = f" and {len(self.in_progress) - 3} more" if len(self.in_progress) > 3 else ""
            parts.append(f"{names}{more}: already being analysed.")
        if self.empty_folders:
            folders = ", ".join(p.name for p in self.empty_folders[:3])
            parts.append(f"No PDFs in {folders}.")
        if len(parts) == 1 and self.rejected and len(self.rejected) > 1:
            parts[0] = parts[0].replace("for it", "for them")
        return " ".join(parts)


def collect_pdfs(paths: Iterable[Path], busy: Collection[Path] = ()) -> Intake:
    """Expand folders to the PDFs inside them (recursively, sorted); keep order; no duplicates,
    and none of `busy` (resolved paths of files already waiting or running)."""
    intake = Intake()
    seen: set[Path] = set()

    def add(pdf: Path) -> None:
        key = pdf.resolve()
        if key in busy:
            if key not in seen:
                seen.add(key)
                intake.in_progress.append(pdf)
        elif key not in seen:
            seen.add(key)
            intake.pdfs.append(pdf)

    for path in paths:
        if path.is_dir():
            found = sorted(
                (p for p in path.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file()),
                key=lambda p: str(p).casefold(),
            )
            if not found:
                intake.empty_folders.append(path)
            for pdf in found:
                add(pdf)
        elif not path.is_file():
            intake.missing.append(path)
        elif looks_like_pdf(path):
            add(path)
        else:
            intake.rejected.append(path)
    return intake
