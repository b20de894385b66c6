"""The images that show a page: found by size and placement, their xrefs named without
digesting every image of the page where the sizes tell them apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pymupdf
import pytest

from docflags_gui.analysis.page_images import image_infos, page_images


def png(width: int, height: int, gray: int) -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height), False)
    pix.clear_with(gray)
    data: bytes = pix.tobytes("png")
    return data


@pytest.fixture
def report_page(tmp_path: Path) -> Path:
    """A page image under twelve small segment images, all of one pixel size (§6.1)."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_image(pymupdf.Rect(30, 30, 580, 760), stream=png(550, 730, 240))
    for i in range(12):  # each its own image (PyMuPDF stores identical ones once)
        y = 60 + 40 * i
        page.insert_image(pymupdf.Rect(60, y, 300, y + 11), stream=png(60, 10, 180 + i))
    path = tmp_path / "segments.pdf"
    doc.save(path)
    return path


def test_the_page_image_is_named_without_digests_when_only_small_images_share_a_size(
    report_page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = pymupdf.open(report_page)
    page = doc[0]
    expected = page_images(page.rect, page.get_image_info(xrefs=True))
    asked: list[dict[str, Any]] = []
    get_image_info = pymupdf.Page.get_image_info

    def recording(self: pymupdf.Page, *args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs)
        return get_image_info(self, *args, **kwargs)

    monkeypatch.setattr(pymupdf.Page, "get_image_info", recording)
    found = page_images(page.rect, image_infos(page))
    assert len(found) == 1 and found == expected
    assert found[0].width == 550 and found[0].xref > 0
    assert not any(kw.get("xrefs") for kw in asked)  # no MD5 of every image


def test_page_images_of_one_size_are_told_apart_by_their_digests(tmp_path: Path) -> None:
    # Two tiles of one pixel size: the size cannot name their xrefs.
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_image(pymupdf.Rect(30, 30, 580, 390), stream=png(550, 360, 240))
    page.insert_image(pymupdf.Rect(30, 390, 580, 750), stream=png(550, 360, 230))
    doc.save(tmp_path / "tiles.pdf")
    page = pymupdf.open(tmp_path / "tiles.pdf")[0]
    found = page_images(page.rect, image_infos(page))
    assert found == page_images(page.rect, page.get_image_info(xrefs=True))
    assert len(found) == 1 and found[0].height == 720 and len(found[0].strips) == 2
