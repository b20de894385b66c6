"""A PDF written object by object, for files no well-behaved library would write.

`RawPdf` numbers objects as they are added and writes a classic cross-reference table (or, on
request, a wrong one, or none). Objects are given as the bytes between `N 0 obj` and `endobj`;
`stream()` builds a stream object with a correct /Length unless told otherwise. Writing a
page of 10,000 annotations this way takes milliseconds; PyMuPDF's `add_*_annot` calls are
quadratic in the number already on the page.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field


def stream(
    data: bytes, extra: bytes = b"", *, compress: bool = False, length: int | None = None
) -> bytes:
    """A stream object's body: dictionary (with `extra` entries) and data."""
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    size = len(data) if length is None else length
    return b"<< /Length %d %s >>\nstream\n" % (size, extra) + data + b"\nendstream"


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


@dataclass
class RawPdf:
    """Objects in order; object 1 is the catalog, 2 the page tree (both written by `finish`)."""

    objects: list[bytes | None] = field(default_factory=lambda: [None, None])
    pages: list[int] = field(default_factory=list)
    font: int = 0

    def add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def reserve(self) -> int:
        self.objects.append(b"null")
        return len(self.objects)

    def set(self, number: int, body: bytes) -> None:
        self.objects[number - 1] = body

    def font_ref(self) -> int:
        if not self.font:
            self.font = self.add(HELVETICA)
        return self.font

    def page(
        self,
        content: bytes,
        *,
        size: tuple[float, float] = (595, 842),
        annots: list[int] | None = None,
        resources: bytes | None = None,
        extra: bytes = b"",
        compress: bool = False,
    ) -> int:
        """A page with `content` as its stream, Helvetica as /F1 unless `resources` is given."""
        contents = self.add(stream(content, compress=compress))
        if resources is None:
            resources = b"<< /Font << /F1 %d 0 R >> >>" % self.font_ref()
        annot_entry = b""
        if annots:
            annot_entry = b" /Annots [" + b" ".join(b"%d 0 R" % a for a in annots) + b"]"
        number = self.add(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents %d 0 R"
            b" /Resources %s%s%s >>" % (size[0], size[1], contents, resources, annot_entry, extra)
        )
        self.pages.append(number)
        return number

    def finish(
        self, *, catalog_extra: bytes = b"", xref: str = "ok", trailer_extra: bytes = b""
    ) -> bytes:
        """The file. `xref`: "ok", "none" (no table: MuPDF must rebuild it) or "wrong" offsets."""
        kids = b" ".join(b"%d 0 R" % p for p in self.pages)
        if self.objects[0] is None:
            self.objects[0] = b"<< /Type /Catalog /Pages 2 0 R%s >>" % catalog_extra
        if self.objects[1] is None:
            self.objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(self.pages))
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets: list[int] = []
        for number, body in enumerate(self.objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + (body or b"null") + b"\nendobj\n"
        start = len(out)
        if xref != "none":
            out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1)
            for offset in offsets:
                if xref == "wrong":
                    offset = offset // 2 + 7
                out += b"%010d 00000 n \n" % offset
        out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\n" % (len(self.objects) + 1, trailer_extra)
        out += b"startxref\n%d\n%%%%EOF\n" % start
        return bytes(out)


def text_lines(
    lines: list[str], *, top: float = 800, leading: float = 12, size: float = 10
) -> bytes:
    """A content stream writing `lines` in Helvetica (/F1) from the top down."""
    parts = [b"BT /F1 %g Tf %g TL 40 %g Td" % (size, leading, top)]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        parts.append(b"(%s) Tj T*" % escaped.encode("latin-1"))
    parts.append(b"ET")
    return b"\n".join(parts)
