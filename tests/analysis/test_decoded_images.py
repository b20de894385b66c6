"""A scan's picture is decoded once for its tint search and its badges (`decoded_images`), what
the search finds in it scaled down is what a render of the page shows, and a picture that is
not upright, or whose pixels alone are not what the page shows (a stencil mask, a soft mask),
is searched in the render."""

from __future__ import annotations

import zlib
from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis import badge_tiles, decoded_images, pixel_tints
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.options import AnalysisOptions
from docflags_gui.analysis.page_images import PageImage
from docflags_gui.analysis.pixel_tints import page_tints
from docflags_gui.analysis.scan_pixels import PageTints
from tests.pdfbuilder.core import new_document, save_pdf
from tests.pdfbuilder.tint_report import build_tint_report

# One pixel of the search (100 dpi), in points.
SEARCH_PIXEL = 72 / pixel_tints.RENDER_DPI


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A classic report after ocrmypdf (§6.3): 400-dpi JPEG pages under a text layer."""
    folder = tmp_path_factory.mktemp("decoded-images")
    return build_tint_report(folder / "scan.pdf", seed=3, paragraphs=3).path


def _context(doc: pymupdf.Document, page: pymupdf.Page) -> PageContext:
    return PageContext(DocContext(doc, AnalysisOptions(ocr_processes=1)), page)


def _rendered_tints(
    doc: pymupdf.Document, page: pymupdf.Page, monkeypatch: pytest.MonkeyPatch
) -> PageTints:
    with monkeypatch.context() as patch:
        patch.setattr(pixel_tints, "upright", lambda _image: False)
        return page_tints(_context(doc, page))


def _distance(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    return max(abs(p - q) for p, q in zip(a, b, strict=True))


def test_a_scan_is_decoded_once_for_tints_and_badges_and_never_rendered(
    scan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decodes: list[int] = []
    decode = decoded_images._decode

    def counted(doc: pymupdf.Document, image: PageImage) -> pymupdf.Pixmap:
        decodes.append(image.xref)
        return decode(doc, image)

    def no_render(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the page was rendered")

    monkeypatch.setattr(decoded_images, "_decode", counted)
    monkeypatch.setattr(pymupdf.Page, "get_pixmap", no_render)
    doc = pymupdf.open(scan)
    tiles = 0
    for page in doc.pages():
        ctx = _context(doc, page)
        tints = page_tints(ctx)
        assert tints.runs and tints.badges
        cut = badge_tiles.baked_tiles(ctx, [b.rect for b in tints.badges])
        tiles += sum(t is not None for t in cut)
    assert len(decodes) == doc.page_count
    assert tiles >= doc.page_count


def test_the_scaled_picture_shows_the_runs_and_badges_the_render_shows(
    scan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = pymupdf.open(scan)
    for page in doc.pages():
        decoded = page_tints(_context(doc, page))
        rendered = _rendered_tints(doc, page, monkeypatch)
        assert len(decoded.runs) == len(rendered.runs) > 0
        for a, b in zip(decoded.runs, rendered.runs, strict=True):
            assert a.rgb == b.rgb
            assert _distance(a.tint, b.tint) <= 3
            assert _distance(a.rect, b.rect) <= SEARCH_PIXEL + 0.01
        # Badges are boxed in the picture's own pixels, edge to edge; the render's box, made of
        # whole search pixels, can end up to one further in or out on each side.
        assert len(decoded.badges) == len(rendered.badges) > 0
        for c, d in zip(decoded.badges, rendered.badges, strict=True):
            assert _distance(c.rect, d.rect) <= 1.5 * SEARCH_PIXEL
            assert _distance(c.rgb, d.rgb) <= 0.05


@pytest.fixture()
def renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of each page rendered from now on in the test."""
    rendered: list[int] = []
    render = pymupdf.Page.get_pixmap

    def counted(page: pymupdf.Page, *args: object, **kwargs: object) -> pymupdf.Pixmap:
        rendered.append(page.number or 0)
        return render(page, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pymupdf.Page, "get_pixmap", counted)
    return rendered


def test_a_picture_turned_on_the_page_is_searched_in_the_render(
    scan: Path, tmp_path: Path, renders: list[int]
) -> None:
    source = pymupdf.open(scan)
    picture = source.extract_image(source[0].get_images()[0][0])["image"]
    doc = new_document()
    page = doc.new_page(width=source[0].rect.width, height=source[0].rect.height)
    page.insert_image(page.rect, stream=picture, rotate=180)
    turned = pymupdf.open(save_pdf(doc, tmp_path / "turned.pdf"))
    ctx = _context(turned, turned[0])
    assert not decoded_images.upright(ctx.page_images[0])
    tints = page_tints(ctx)
    assert renders == [0]
    upright_tints = page_tints(_context(source, source[0]))
    assert len(tints.runs) == len(upright_tints.runs)
    assert {r.rgb for r in tints.runs} == {r.rgb for r in upright_tints.runs}


def _stencil_page(path: Path) -> Path:
    """A page painted with one full-page 1-bit stencil mask (/ImageMask) in pink: a bar."""
    width, height = 850, 1100
    row_bytes = (width + 7) // 8
    rows = bytearray()
    for y in range(height):
        row = bytearray(b"\xff" * row_bytes)  # 1: not painted
        if 100 <= y < 116:
            for x in range(100, 400):
                row[x // 8] &= ~(0x80 >> (x % 8))
        rows += row
    doc = new_document()
    page = doc.new_page(width=612, height=792)
    mask = doc.get_new_xref()
    doc.update_object(
        mask,
        f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ImageMask true "
        "/BitsPerComponent 1 /Filter /FlateDecode >>",
    )
    doc.update_stream(mask, zlib.compress(bytes(rows)), compress=False)
    resources = doc.get_new_xref()
    doc.update_object(resources, f"<< /XObject << /Im0 {mask} 0 R >> >>")
    doc.xref_set_key(page.xref, "Resources", f"{resources} 0 R")
    contents = doc.get_new_xref()
    doc.update_object(contents, "<< >>")
    doc.update_stream(contents, b"q 1 0.8 0.8 rg 612 0 0 792 0 0 cm /Im0 Do Q")
    doc.xref_set_key(page.xref, "Contents", f"{contents} 0 R")
    return save_pdf(doc, path)


def _soft_masked_page(path: Path) -> Path:
    """A page painted with one full-page picture whose left quarter its soft mask hides."""
    width, height = 200, 260
    samples = bytearray()
    for _ in range(height):
        for x in range(width):
            samples += bytes((200, 30, 30, 0 if x < 50 else 255))
    doc = new_document()
    page = doc.new_page(width=612, height=792)
    picture = pymupdf.Pixmap(pymupdf.csRGB, width, height, bytes(samples), True)
    page.insert_image(page.rect, pixmap=picture)
    return save_pdf(doc, path)


@pytest.mark.parametrize("make", [_stencil_page, _soft_masked_page])
def test_a_picture_whose_pixels_are_not_all_the_page_shows_is_searched_in_the_render(
    make: object, tmp_path: Path, renders: list[int]
) -> None:
    assert callable(make)
    doc = pymupdf.open(make(tmp_path / "picture.pdf"))
    ctx = _context(doc, doc[0])
    assert len(ctx.page_images) == 1 and decoded_images.upright(ctx.page_images[0])
    page_tints(ctx)
    assert renders == [0]
