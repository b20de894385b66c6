"""The hostile corpus: PDFs made to break, exhaust or abuse the engine, with what must happen.

Each case is a function that writes one file's bytes, and an `Expect`: a result (whose warnings
name what was lost, whose flags come from the pages that could be read) or a one-line error
with its protocol code. Sizes are chosen to show each failure (a content stream that inflates
past every budget, 10,000 highlights) while the whole corpus builds in a few seconds.

    python -m tests.hostile.corpus DIR     writes every case into DIR (to try them by hand)
"""

from __future__ import annotations

import random
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.hostile.rawpdf import RawPdf, stream, text_lines

MIB = 1024 * 1024
WORDS = [
    "the",
    "quick",
    "brown",
    "fox",
    "jumps",
    "over",
    "the",
    "lazy",
    "dog",
    "while",
    "flagged",
    "passages",
    "wait",
]


@dataclass(frozen=True)
class Expect:
    """What the worker must end with for a case.

    `outcome` "result" or an error code ("bad-input", "too-complex"). For a result: at least
    `min_flags` flags, and for each of `warnings` some warning containing it.
    """

    outcome: str = "result"
    min_flags: int = 0
    warnings: tuple[str, ...] = ()
    error_contains: str = ""
    ocr: bool = False
    slow: bool = False  # built and run only when DOCFLAGS_HOSTILE_FULL is set


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], bytes]
    expect: Expect = field(default_factory=Expect)


def _line(n: int = 10) -> str:
    return " ".join(WORDS[i % len(WORDS)] for i in range(n))


def _highlight(pdf: RawPdf, rect: tuple[float, float, float, float], *, quads: bytes = b"") -> int:
    x0, y0, x1, y1 = rect
    points = quads or b"[%g %g %g %g %g %g %g %g]" % (x0, y1, x1, y1, x0, y0, x1, y0)
    return pdf.add(
        b"<< /Type /Annot /Subtype /Highlight /Rect [%g %g %g %g] /QuadPoints %s"
        b" /C [1 0.92 0.23] /F 4 /Contents (checked) >>" % (x0, y0, x1, y1, points)
    )


def _good_page(pdf: RawPdf, text: str = "a good page after a bad one") -> int:
    """A page with one highlight over its first line: the flag that must survive."""
    return pdf.page(text_lines([text]), annots=[_highlight(pdf, (38, 796, 200, 810))])


def _deflate_repeated(unit: bytes, size: int) -> bytes:
    """zlib data inflating to `unit` repeated up to `size` bytes, made without building it."""
    packer = zlib.compressobj(9)
    chunk = unit * (MIB // len(unit))
    parts = [packer.compress(chunk) for _ in range(max(1, size // len(chunk)))]
    parts.append(packer.flush())
    return b"".join(parts)


def _bomb_page(pdf: RawPdf, unit: bytes, size: int, resources: bytes | None = None) -> None:
    data = _deflate_repeated(unit, size)
    contents = pdf.add(
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    )
    if resources is None:
        resources = b"<< /Font << /F1 %d 0 R >> >>" % pdf.font_ref()
    pdf.pages.append(
        pdf.add(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
            b" /Resources %s >>" % (contents, resources)
        )
    )


# -- resource exhaustion ---------------------------------------------------------------------


def rect_bomb() -> bytes:
    """A content stream of 64 MiB of small red rectangles (past the 32 MB budget): MuPDF's
    drawing list alone took +3 GB for this before budgets."""
    pdf = RawPdf()
    _bomb_page(pdf, b"1 0 0 rg 10 10 5 5 re f\n", 64 * MIB)
    _good_page(pdf)
    return pdf.finish()


def rect_bomb_1gib() -> bytes:
    """The issue's file: 2.6 MB inflating to 1 GiB of rectangles."""
    pdf = RawPdf()
    _bomb_page(pdf, b"1 0 0 rg 10 10 5 5 re f\n", 1024 * MIB)
    _good_page(pdf)
    return pdf.finish()


def drawing_count_bomb() -> bytes:
    """Under the size budget (6 MB) but 500,000 filled paths."""
    pdf = RawPdf()
    _bomb_page(pdf, b"0 0 1 1 re f\n", 6 * MIB)
    _good_page(pdf)
    return pdf.finish()


def image_paint_bomb() -> bytes:
    """1 MB of paints of one image: 131,000 image records for MuPDF to make."""
    pdf = RawPdf()
    image = pdf.add(
        stream(
            b"\x80" * 12,
            b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceRGB"
            b" /BitsPerComponent 8",
        )
    )
    resources = b"<< /XObject << /Im1 %d 0 R >> >>" % image
    _bomb_page(pdf, b"/Im1 Do\n", MIB, resources)
    _good_page(pdf)
    return pdf.finish()


def form_bomb() -> bytes:
    """A small page content painting a form whose own stream is the 64 MiB bomb."""
    pdf = RawPdf()
    data = _deflate_repeated(b"1 0 0 rg 10 10 5 5 re f\n", 64 * MIB)
    form = pdf.add(
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d"
        b" /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    )
    pdf.page(
        b"/Fm1 Do " + text_lines([_line()]),
        resources=b"<< /Font << /F1 %d 0 R >> /XObject << /Fm1 %d 0 R >> >>"
        % (pdf.font_ref(), form),
    )
    _good_page(pdf)
    return pdf.finish()


def quadpoints_bomb() -> bytes:
    """One highlight with 2 million QuadPoints numbers (MuPDF draws an appearance for every
    quad: the issue's 10 million took 4.26 GB)."""
    pdf = RawPdf()
    quad = b"40 810 200 810 40 795 200 795 "
    numbers = b"[" + quad * (2_000_000 // 8) + b"]"
    pdf.page(text_lines([_line()]), annots=[_highlight(pdf, (38, 796, 200, 810), quads=numbers)])
    _good_page(pdf)
    return pdf.finish()


def text_bomb() -> bytes:
    """Under every budget but with 1.5 million glyphs: the memory cap is the backstop (the
    page is read, or given up with a warning; the worker never passes its cap)."""
    pdf = RawPdf()
    _bomb_page(pdf, b"BT /F1 1 Tf 10 10 Td (abcdefghij) Tj ET\n", 6 * MIB)
    _good_page(pdf)
    return pdf.finish()


def many_highlights(count: int = 10_000) -> Callable[[], bytes]:
    def build() -> bytes:
        pdf = RawPdf()
        rng = random.Random(count)
        lines = [_line(12)] * 64
        annots = []
        for _ in range(count):
            top = 810 - 12 * rng.randrange(64)
            x = rng.uniform(40, 400)
            annots.append(_highlight(pdf, (x, top - 12, x + 60, top)))
        pdf.page(text_lines(lines), annots=annots)
        return pdf.finish()

    build.__doc__ = f"{count:,} highlights on one page (quadratic before: 2,000 took 12.6 s)."
    return build


def annotation_count_bomb() -> bytes:
    """40,000 annotations on one page, past the budget of 20,000."""
    pdf = RawPdf()
    note = pdf.add(b"<< /Type /Annot /Subtype /Text /Rect [10 10 20 20] /Contents (x) >>")
    page_annots = [note] * 40_000
    pdf.page(text_lines([_line()]), annots=page_annots)
    _good_page(pdf)
    return pdf.finish()


def huge_page() -> bytes:
    """A page 14,400 inches wide (PDF's largest) and one of 1e9 points."""
    pdf = RawPdf()
    pdf.page(text_lines([_line()]), size=(14400 * 72, 14400 * 72))
    pdf.page(text_lines([_line()]), size=(1e9, 1e9))
    _good_page(pdf)
    return pdf.finish()


def ten_thousand_pages() -> bytes:
    pdf = RawPdf()
    content = pdf.add(stream(text_lines(["page"])))
    resources = b"<< /Font << /F1 %d 0 R >> >>" % pdf.font_ref()
    for _ in range(10_000):
        pdf.pages.append(
            pdf.add(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents %d 0 R"
                b" /Resources %s >>" % (content, resources)
            )
        )
    _good_page(pdf)
    return pdf.finish()


# -- damaged objects ---------------------------------------------------------------------------


def quadpoints_beyond_xref() -> bytes:
    pdf = RawPdf()
    pdf.page(
        text_lines([_line()]), annots=[_highlight(pdf, (38, 796, 200, 810), quads=b"99999 0 R")]
    )
    _good_page(pdf)
    return pdf.finish()


def _image_page(pdf: RawPdf, image_dict: bytes) -> None:
    image = pdf.add(
        stream(
            b"\xff" * 12,
            b"/Type /XObject /Subtype /Image %s /ColorSpace /DeviceRGB /BitsPerComponent 8"
            % image_dict,
        )
    )
    pdf.page(
        b"q 300 0 0 300 200 200 cm /Im1 Do Q " + text_lines([_line()]),
        resources=b"<< /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >>"
        % (pdf.font_ref(), image),
        annots=[_highlight(pdf, (38, 796, 200, 810)), _highlight(pdf, (300, 250, 400, 300))],
    )


def image_negative_width() -> bytes:
    pdf = RawPdf()
    _image_page(pdf, b"/Width -5 /Height 5")
    _good_page(pdf)
    return pdf.finish()


def image_missing_width() -> bytes:
    pdf = RawPdf()
    _image_page(pdf, b"/Height 5")
    _good_page(pdf)
    return pdf.finish()


def image_smask_not_stream() -> bytes:
    pdf = RawPdf()
    _image_page(pdf, b"/Width 2 /Height 2 /SMask << /Type /XObject >>")
    _good_page(pdf)
    return pdf.finish()


def nested_graphics_states() -> bytes:
    pdf = RawPdf()
    pdf.page(b"q " * 5000 + text_lines([_line()]) + b" Q" * 5000)
    _good_page(pdf)
    return pdf.finish()


def deep_nesting() -> bytes:
    """Arrays and dictionaries nested 100,000 deep, in the page's resources and an annotation."""
    pdf = RawPdf()
    deep = pdf.add(b"[" * 100_000 + b"]" * 100_000)
    dicts = pdf.add(b"<< /A " * 50_000 + b"1" + b" >>" * 50_000)
    pdf.page(
        text_lines([_line()]),
        resources=b"<< /Font << /F1 %d 0 R >> /Properties << /P %d 0 R /Q %d 0 R >> >>"
        % (pdf.font_ref(), deep, dicts),
    )
    _good_page(pdf)
    return pdf.finish()


def page_tree_loop() -> bytes:
    pdf = RawPdf()
    first = pdf.page(text_lines([_line()]), annots=[_highlight(pdf, (38, 796, 200, 810))])
    pdf.set(2, b"<< /Type /Pages /Kids [%d 0 R 2 0 R] /Count 3 >>" % first)
    return pdf.finish()


def page_tree_bad_count() -> bytes:
    """/Kids is not an array and /Count is negative: no page can be listed."""
    pdf = RawPdf()
    pdf.page(text_lines([_line()]))
    pdf.set(2, b"<< /Type /Pages /Kids 5 /Count -3 >>")
    return pdf.finish()


def missing_kid() -> bytes:
    pdf = RawPdf()
    first = pdf.page(text_lines([_line()]), annots=[_highlight(pdf, (38, 796, 200, 810))])
    pdf.set(2, b"<< /Type /Pages /Kids [%d 0 R 77 0 R] /Count 2 >>" % first)
    return pdf.finish()


def form_loop() -> bytes:
    """A form that paints itself."""
    pdf = RawPdf()
    form = pdf.reserve()
    pdf.set(
        form,
        stream(
            b"/Fm1 Do 1 0 0 rg 0 0 10 10 re f",
            b"/Type /XObject /Subtype /Form /BBox [0 0 100 100]"
            b" /Resources << /XObject << /Fm1 %d 0 R >> >>" % form,
        ),
    )
    pdf.page(
        b"/Fm1 Do " + text_lines([_line()]),
        resources=b"<< /Font << /F1 %d 0 R >> /XObject << /Fm1 %d 0 R >> >>"
        % (pdf.font_ref(), form),
    )
    _good_page(pdf)
    return pdf.finish()


def reference_loop() -> bytes:
    """Objects that refer to each other for ever: /Contents, /Resources and /Annots loops."""
    pdf = RawPdf()
    a = pdf.reserve()
    b = pdf.reserve()
    pdf.set(a, b"%d 0 R" % b)
    pdf.set(b, b"%d 0 R" % a)
    pdf.page(text_lines([_line()]), resources=b"%d 0 R" % a, extra=b" /Annots %d 0 R" % b)
    _good_page(pdf)
    return pdf.finish()


def encrypted() -> bytes:
    """A file with a user password (built with PyMuPDF: the encryption is real)."""
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret")
    data: bytes = doc.tobytes(
        encryption=pymupdf.mupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user"
    )
    return data


def owner_password_only() -> bytes:
    """Encrypted with an empty user password: readable, as viewers read it."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "readable words here")
    page.add_highlight_annot(pymupdf.Rect(70, 60, 200, 76))
    data: bytes = doc.tobytes(encryption=pymupdf.mupdf.PDF_ENCRYPT_AES_256, owner_pw="owner")
    return data


def truncated() -> bytes:
    """Three good pages, cut after the first: MuPDF repairs the file and finds one page."""
    pdf = RawPdf()
    for n in range(3):
        _good_page(pdf, f"page {n + 1} of a file cut short")
    data = pdf.finish()
    cut = data.index(b"page 2 of a file")
    return data[:cut]


def wrong_xref() -> bytes:
    pdf = RawPdf()
    _good_page(pdf)
    return pdf.finish(xref="wrong")


def no_xref() -> bytes:
    pdf = RawPdf()
    _good_page(pdf)
    return pdf.finish(xref="none")


def not_a_pdf() -> bytes:
    return b"GIF89a" + bytes(range(256)) * 4


def empty_file() -> bytes:
    return b""


def header_only() -> bytes:
    return b"%PDF-1.7\n%%EOF\n"


# -- active content: nothing may run, open a connection or start a program ----------------------


def active_content() -> bytes:
    pdf = RawPdf()
    js = pdf.add(
        stream(b"app.launchURL('http://127.0.0.1:9/x'); this.submitForm('http://127.0.0.1:9/');")
    )
    uri = pdf.add(b"<< /S /URI /URI (http://127.0.0.1:9/beacon) >>")
    launch = pdf.add(b"<< /S /Launch /F (/bin/sh) /Win << /F (cmd.exe) /P (/c calc) >> >>")
    submit = pdf.add(b"<< /S /SubmitForm /F << /FS /URL /F (http://127.0.0.1:9/submit) >> >>")
    remote = pdf.add(
        b"<< /S /GoToR /F << /FS /URL /F (http://127.0.0.1:9/remote.pdf) >> /D [0 /Fit] >>"
    )
    link = pdf.add(
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /A %d 0 R /AA << /E %d 0 R >> >>"
        % (uri, launch)
    )
    widget = pdf.add(
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (f) /Rect [10 10 100 30]"
        b" /AA << /K << /S /JavaScript /JS %d 0 R >> >> /A %d 0 R >>" % (js, submit)
    )
    embedded = pdf.add(
        stream(b"#!/bin/sh\necho owned > /tmp/docflags-owned\n", b"/Type /EmbeddedFile")
    )
    attach = pdf.add(
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [10 40 30 60]"
        b" /FS << /Type /Filespec /F (run.sh) /EF << /F %d 0 R >> >> >>" % embedded
    )
    image_url = pdf.add(
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Length 0 /F << /FS /URL /F (http://127.0.0.1:9/i.png) >> >>"
        b"\nstream\n\nendstream"
    )
    pdf.page(
        b"q 100 0 0 100 300 300 cm /Im1 Do Q " + text_lines([_line()]),
        resources=b"<< /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >>"
        % (pdf.font_ref(), image_url),
        annots=[link, widget, attach, _highlight(pdf, (38, 796, 200, 810))],
        extra=b" /AA << /O %d 0 R >>" % remote,
    )
    return pdf.finish(
        catalog_extra=b" /OpenAction << /S /JavaScript /JS %d 0 R >>"
        b" /AcroForm << /Fields [%d 0 R] /XFA (<xdp:xdp/>) >>"
        b" /URI << /Base (http://127.0.0.1:9/) >>" % (js, widget)
    )


CASES: tuple[Case, ...] = (
    Case("rect-bomb", rect_bomb, Expect(min_flags=1, warnings=("page 1: skipped",))),
    Case(
        "rect-bomb-1gib",
        rect_bomb_1gib,
        Expect(min_flags=1, warnings=("page 1: skipped",), slow=True),
    ),
    Case("drawing-count-bomb", drawing_count_bomb, Expect(min_flags=1, warnings=("drawn shapes",))),
    Case("image-paint-bomb", image_paint_bomb, Expect(min_flags=1, warnings=("images or forms",))),
    Case("form-bomb", form_bomb, Expect(min_flags=1, warnings=("page 1: skipped",))),
    Case("quadpoints-bomb", quadpoints_bomb, Expect(min_flags=1, warnings=("page 1: skipped",))),
    Case("text-bomb", text_bomb, Expect(outcome="any")),
    Case("highlights-2000", many_highlights(2000), Expect(min_flags=2000)),
    Case("highlights-10000", many_highlights(10_000), Expect(min_flags=10_000, slow=True)),
    Case(
        "annotation-count-bomb",
        annotation_count_bomb,
        Expect(min_flags=1, warnings=("40,000 annotations",)),
    ),
    Case("huge-page", huge_page, Expect(min_flags=1)),
    Case("ten-thousand-pages", ten_thousand_pages, Expect(min_flags=1)),
    Case("quadpoints-beyond-xref", quadpoints_beyond_xref, Expect(min_flags=2)),
    Case("image-negative-width", image_negative_width, Expect(min_flags=3, ocr=True)),
    Case("image-missing-width", image_missing_width, Expect(min_flags=3, ocr=True)),
    Case("image-smask-not-stream", image_smask_not_stream, Expect(min_flags=3, ocr=True)),
    Case("nested-graphics-states", nested_graphics_states, Expect(min_flags=1)),
    Case("deep-nesting", deep_nesting, Expect(min_flags=1)),
    Case("page-tree-loop", page_tree_loop, Expect(min_flags=1, warnings=("page 2",))),
    Case("page-tree-bad-count", page_tree_bad_count, Expect("bad-input", error_contains="damaged")),
    Case("missing-kid", missing_kid, Expect(min_flags=1, warnings=("page 2",))),
    Case("form-loop", form_loop, Expect(min_flags=1)),
    Case("reference-loop", reference_loop, Expect(min_flags=1)),
    Case("encrypted", encrypted, Expect("bad-input", error_contains="password")),
    Case("owner-password-only", owner_password_only, Expect(min_flags=1)),
    Case("truncated", truncated, Expect(min_flags=1, warnings=("repaired",))),
    Case("wrong-xref", wrong_xref, Expect(min_flags=1, warnings=("repaired",))),
    Case("no-xref", no_xref, Expect(min_flags=1, warnings=("repaired",))),
    Case("not-a-pdf", not_a_pdf, Expect("bad-input", error_contains="not a PDF")),
    Case("empty-file", empty_file, Expect("bad-input", error_contains="not a PDF")),
    Case("header-only", header_only, Expect("bad-input")),
    Case("active-content", active_content, Expect(min_flags=1, ocr=True)),
)


def write_all(folder: Path, *, slow: bool = False) -> list[tuple[Case, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for case in CASES:
        if case.expect.slow and not slow:
            continue
        path = folder / f"{case.name}.pdf"
        path.write_bytes(case.build())
        written.append((case, path))
    return written


if __name__ == "__main__":
    for case, path in write_all(Path(sys.argv[1]), slow=True):
        print(f"{path}  {path.stat().st_size:>12,}  {case.build.__doc__ or ''}".rstrip())
