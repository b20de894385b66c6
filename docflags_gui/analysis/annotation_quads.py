"""Where a markup annotation lies: the box of each of its quads in unrotated page space (the
space of the text layer), read once per page for every detector that asks."""

from __future__ import annotations

from collections.abc import Sequence

import pymupdf

from docflags_gui.analysis.annotation_reading import Annotation
from docflags_gui.analysis.context import PageContext, per_page
from docflags_gui.analysis.geometry import Rect

# Keyed by the PDF /Subtype name (PyMuPDF's `annot.type[1]`).
MARKUP_KINDS: dict[str, str] = {
    "Highlight": "highlight",
    "Underline": "underline",
    "StrikeOut": "strikeout",
    "Squiggly": "squiggly",
}


def quad_boxes(
    annot: Annotation, matrix: Sequence[float] | None = None, rotation: int | None = None
) -> list[Rect]:
    """The bounding box of each quad, whatever the order of its four vertices, in unrotated
    page space (the space of the text layer). Annotations without usable QuadPoints fall back
    to their normalised /Rect (x1 < x0 and y1 < y0 are allowed there). `matrix` and `rotation`
    are the page's `transformation_matrix` and `rotation` when the caller has them (PyMuPDF
    computes them anew on each access)."""
    boxes: list[Rect] = []
    for xs, ys in _quads(annot, matrix, rotation):
        if max(xs) - min(xs) > 0 and max(ys) - min(ys) > 0:
            boxes.append((min(xs), min(ys), max(xs), max(ys)))
    if not boxes:
        r = pymupdf.Rect(annot.rect).normalize()
        if not r.is_empty:
            boxes.append((r.x0, r.y0, r.x1, r.y1))
    return boxes


def _quads(
    annot: Annotation, matrix: Sequence[float] | None, rotation: int | None
) -> list[tuple[list[float], list[float]]]:
    """Each quad's four x and four y coordinates in unrotated page space.

    On unrotated pages the raw /QuadPoints are mapped with the page's transformation matrix
    (ten times cheaper than PyMuPDF's `vertices`); on rotated pages that matrix is not the one
    into unrotated space (PyMuPDF 2.0 drops the CropBox offset there), so `vertices` is used.
    """
    page = annot.page
    if rotation is None:
        rotation = page.rotation
    numbers = None if rotation % 360 else _raw_quad_points(annot)
    if numbers is None:
        try:
            vertices = annot.annot.vertices or []
        except Exception:  # QuadPoints MuPDF cannot read either (a damaged file): use /Rect
            vertices = []
        return [
            ([float(p[0]) for p in vertices[i : i + 4]], [float(p[1]) for p in vertices[i : i + 4]])
            for i in range(0, len(vertices) - 3, 4)
        ]
    a, b, c, d, e, f = matrix if matrix is not None else tuple(page.transformation_matrix)
    quads = []
    for i in range(0, len(numbers) - 7, 8):
        pdf_xs, pdf_ys = numbers[i : i + 8 : 2], numbers[i + 1 : i + 8 : 2]
        xs = [a * x + c * y + e for x, y in zip(pdf_xs, pdf_ys, strict=True)]
        ys = [b * x + d * y + f for x, y in zip(pdf_xs, pdf_ys, strict=True)]
        quads.append((xs, ys))
    return quads


def _raw_quad_points(annot: Annotation) -> list[float] | None:
    """The numbers of /QuadPoints ([] when there are none), None when they are not plain."""
    kind, value = annot.key("QuadPoints")
    if kind == "xref":  # an indirect array
        try:
            value = annot.doc.xref_object(int(value.split()[0]), compressed=True)
        except Exception:  # a reference beyond the cross-reference table: no quads
            return []
    elif kind != "array":
        return []
    try:
        return [float(v) for v in value.strip().strip("[]").split()]
    except ValueError:  # indirect numbers or other oddities: let PyMuPDF read them
        return None


@per_page
def _boxes_by_xref(ctx: PageContext) -> dict[int, list[Rect]]:
    return {}


def annotation_boxes(ctx: PageContext, annot: Annotation) -> list[Rect]:
    """`quad_boxes` of one of the page's annotations, once per page (drawn-mark detection
    needs them too, to tell annotation appearances from marks)."""
    by_xref = _boxes_by_xref(ctx)
    boxes = by_xref.get(annot.xref)
    if boxes is None:
        boxes = quad_boxes(annot, ctx.transformation_matrix, ctx.rotation)
        by_xref[annot.xref] = boxes
    return boxes
