"""The annotations as the engine reads them (`annotation_reading`): the same values as PyMuPDF's
own properties, and no reference cycles (the engine runs with the cycle collector off)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis.annotation_reading import page_annotations
from tests.pdfbuilder import annotated

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real"
KEYS = ("RT", "State", "QuadPoints", "IRT", "C", "Popup", "Subtype", "AAPL:AKExtras", "RC", "F")

BUILDERS: list[Callable[[Path], object]] = [
    annotated.build_markup_kinds,
    annotated.build_quads_and_appearance_quirks,
    annotated.build_partial_words,
    lambda path: annotated.build_rotated(path, 90, cropped=True),
]


def _documents(tmp_path: Path) -> Iterator[pymupdf.Document]:
    for n, build in enumerate(BUILDERS):
        path = tmp_path / f"built-{n}.pdf"
        build(path)
        yield pymupdf.open(path)
    for path in sorted(REAL.glob("*.pdf")):
        yield pymupdf.open(path)


def _corners(rect: pymupdf.Rect) -> tuple[float, float, float, float]:
    return (rect.x0, rect.y0, rect.x1, rect.y1)


def test_each_annotation_reads_as_pymupdf_reads_it(tmp_path: Path) -> None:
    compared = 0
    for doc in _documents(tmp_path):
        for page in doc.pages():
            ours = page_annotations(page)
            theirs = [a for a in page.annots()]
            assert [a.xref for a in ours] == [a.xref for a in theirs]
            for mine, annot in zip(ours, theirs, strict=True):
                assert mine.kind == annot.type[1]
                assert mine.flags == annot.flags
                assert mine.irt_xref == annot.irt_xref
                assert repr(_corners(mine.rect)) == repr(_corners(annot.rect))  # -0.0 too
                assert mine.colors == annot.colors
                assert mine.contents == annot.info["content"]
                assert mine.author == annot.info["title"]
                for key in KEYS:
                    assert mine.key(key) == doc.xref_get_key(annot.xref, key), key
                compared += 1
    # The built documents hold 27 annotations; the real corpus, when it lies beside the
    # project (../shared), adds the rest.
    assert compared > (40 if any(REAL.glob("*.pdf")) else 20)


def test_annotations_of_a_page_leave_no_reference_cycle(tmp_path: Path) -> None:
    """A cycle through an annotation keeps its page open in MuPDF, and with the collector off
    every later page load walks all such pages."""
    path = tmp_path / "case.pdf"
    annotated.build_markup_kinds(path)
    doc = pymupdf.open(path)
    collecting = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        for page in doc.pages():
            for annot in page_annotations(page):
                annot.rect, annot.annot.vertices  # noqa: B018 (read, as detectors do)
        assert gc.collect() == 0
    finally:
        if collecting:
            gc.enable()


@pytest.mark.parametrize("rotation", [0, 90])
def test_a_page_without_annotations_has_none(rotation: int) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.set_rotation(rotation)
    assert page_annotations(page) == []
