"""A similarity report's summary pages: similarity index and the primary sources list.

Recognised pages (no flags are taken there, `ctx.is_summary`):

- Turnitin classic / iThenticate "ORIGINALITY REPORT": the big number above "SIMILARITY INDEX"
  and the "PRIMARY SOURCES" rows, which may continue on the following pages;
- new Turnitin front matter ("Integrity Overview", "NN% Overall Similarity", match groups, top
  sources), also recognised by its running header "Page 2 of 17 - Integrity Overview".

The text order of these pages differs from what one sees (big digits, "%" and labels are
separate spans), so rows are read by position: a row is the band around a source number at the
left; in it, lines of percent tokens ("5" + "%", "<1%", "105 words — 5%") give the percentage,
the first remaining line is the source's name and the next one its type.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.detector import Detector
from docflags_gui.analysis.furniture import unrotated_size
from docflags_gui.analysis.model import Flag, Source
from docflags_gui.analysis.source_colors import note_source_colors
from docflags_gui.analysis.words import Word

# Labels and headings are whole lines on these pages; matching whole lines keeps a sentence that
# mentions a "similarity index" from turning a manuscript page into a summary page.
_SIMILARITY_LABEL = re.compile(r"\s*similarity\s+index\s*", re.IGNORECASE)
_SOURCES_HEADING = re.compile(r"\s*(primary\s+sources|top\s+sources)\s*", re.IGNORECASE)
_CLASSIC_TITLE = re.compile(r"\s*originality\s+report\s*", re.IGNORECASE)
_OVERALL = re.compile(r"\s*(\d{1,3})\s*%\s*overall\s+similarity\s*", re.IGNORECASE)
_FRONT_MATTER = re.compile(
    r"\s*(integrity\s+overview|match\s+groups|top\s+sources|\d{1,3}\s*%\s*overall\s+similarity)\s*",
    re.IGNORECASE,
)
# New Turnitin's running header names the part of the report each page belongs to; these parts
# are front matter, "Integrity Submission" is the manuscript (the cover page has no marks).
_PART_HEADER = re.compile(
    r"\bpage\s+\d+\s+of\s+\d+\s*[-\u2013\u2014]\s*"
    r"(integrity\s+overview|ai\s+writing\s+overview)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(<\s*)?(\d{1,3})(?:\.\d+)?\s*%")
# Pieces a percentage is drawn in ("5", "%", "<1%", "105 words — 5%"); a line made only of them
# is part of the percentage (the big digits and the "%" are often separate lines).
_PERCENT_PIECE = re.compile(
    r"^(<?\d{1,3}(\.\d+)?%?|%|<|words?|[\u2014\u2013\u00b7\u2022|-]|\d{1,7})$"
)
_ROW_NUMBER = re.compile(r"^\d{1,3}$")
_OVERALL_LABEL = re.compile(r"\s*overall\s+similarity\s*", re.IGNORECASE)
_PERCENT_VALUE = re.compile(r"\d{1,3}%?")
_KNOWN_TYPES = frozenset({"internet source", "publication", "student paper"})
# A page can only be a summary page if one of these words is on it.
_LABEL_PAIRS = frozenset(
    {
        ("originality", "report"),
        ("similarity", "index"),
        ("primary", "sources"),
        ("top", "sources"),
        ("integrity", "overview"),
        ("writing", "overview"),
        ("match", "groups"),
        ("overall", "similarity"),
    }
)


@dataclass
class SourcesListState:
    """Where the document's sources list stands after the pages read so far."""

    open: bool = False  # the last page ended inside a sources list
    next_n: int = 1


@dataclass
class _Line:
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)


def _lines(words: Sequence[Word]) -> list[_Line]:
    """MuPDF lines, in top-to-bottom then left-to-right order."""
    by_key: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        by_key.setdefault(w.line_key, []).append(w)
    lines = [_Line(sorted(ws, key=lambda w: w.x0)) for ws in by_key.values()]
    lines.sort(key=lambda ln: (round(ln.y0, 0), ln.x0))
    return lines


_LABEL_NEEDLES = tuple(f"\n{first}\n{second}\n" for first, second in sorted(_LABEL_PAIRS))


def _has_label_pair(words: Sequence[Word]) -> bool:
    """True when two consecutive words form a report label ("PRIMARY SOURCES" ...): a cheap
    test that lets every manuscript page skip the layout work. (Words hold no white space, so
    in the words joined by newlines a label is a pair of whole lines: substring searches in C
    instead of a Python loop over the words.)"""
    text = "\n" + "\n".join([w.text for w in words]).casefold() + "\n"
    return any(needle in text for needle in _LABEL_NEEDLES)


class SummaryPages(Detector):
    """A report's summary pages: no flags, but the similarity index and the sources list (into
    the document context); later detectors skip a page recognised here (`is_summary`)."""

    stage = "summary"

    def __init__(self, doc: DocContext) -> None:
        super().__init__(doc)
        self.sources_list = SourcesListState()

    def find(self, page: PageContext) -> list[Flag]:
        read_summary_page(page, self.sources_list)
        return []


def read_summary_page(ctx: PageContext, state: SourcesListState) -> None:
    """Recognise a summary page, fill `doc_ctx.similarity` / `doc_ctx.sources`, mark the page."""
    words = ctx.text.words
    if not words:
        return
    if not state.open and not _has_label_pair(words):
        return  # the common case, a manuscript page: no line building
    lines = _lines(words)
    texts = [ln.text for ln in lines]
    classic = any(
        _label(t, _CLASSIC_TITLE, "ORIGINALITY REPORT")
        or _label(t, _SIMILARITY_LABEL, "SIMILARITY INDEX")
        for t in texts
    )
    heading = next(
        (ln for ln in lines if _label(ln.text, _SOURCES_HEADING, "PRIMARY SOURCES")), None
    )
    front_matter = any(_FRONT_MATTER.fullmatch(t) for t in texts) or _is_front_matter_part(texts)
    if not (classic or heading or front_matter or state.open):
        return

    similarity = _similarity(lines)
    if similarity is not None and ctx.doc_ctx.similarity is None:
        ctx.doc_ctx.similarity = similarity

    top = heading.y1 if heading is not None else 0.0
    rows = _rows(ctx, [ln for ln in lines if ln.y0 >= top - 1], top)
    # A page after a sources list continues it only if its rows continue the numbering.
    continues = bool(rows) and rows[0].n == state.next_n
    if heading is None and not (classic or front_matter) and not continues:
        state.open = False
        return
    known = {s.n for s in ctx.doc_ctx.sources}
    for source in rows:
        if source.n not in known:
            ctx.doc_ctx.sources.append(source)
            known.add(source.n)
    if rows:
        state.next_n = rows[-1].n + 1
        note_source_colors(ctx, [(s.n, w) for s in rows for w in _row_number(ctx, s.n, top)])
    state.open = bool(rows) or (heading is not None)
    ctx.is_summary = True


def _row_number(ctx: PageContext, n: int, top: float) -> list[Word]:
    """The word of row `n`'s number (the leftmost one below `top`), as a list of 0 or 1."""
    width = unrotated_size(ctx)[0]
    found = [
        w for w in ctx.text.words if w.text == str(n) and w.x1 < 0.2 * width and w.y0 >= top - 1
    ]
    return [min(found, key=lambda w: w.x0)] if found else []


def _label(text: str, whole_line: re.Pattern[str], capitals: str) -> bool:
    """A report label: the whole line, or the label in capitals within a line (MuPDF may join
    labels that sit side by side into one line)."""
    return whole_line.fullmatch(text) is not None or capitals in text


def _is_front_matter_part(texts: Sequence[str]) -> bool:
    return any(_PART_HEADER.search(t) for t in texts)


def _similarity(lines: Sequence[_Line]) -> int | None:
    """The similarity index: "NN% Overall Similarity" on one line, or the biggest number above
    a "SIMILARITY INDEX" / "Overall Similarity" label, or just left of it on its line."""
    for ln in lines:
        m = _OVERALL.fullmatch(ln.text)
        if m is not None:
            return int(m.group(1))
    labels = [
        ln
        for ln in lines
        if _label(ln.text, _SIMILARITY_LABEL, "SIMILARITY INDEX")
        or _OVERALL_LABEL.fullmatch(ln.text)
    ]
    for label in labels:
        lx0 = label.x0
        lx1 = max(w.x1 for w in label.words)
        candidates = [
            w
            for ln in lines
            for w in ln.words
            if _PERCENT_VALUE.fullmatch(w.text)
            and (
                # above the label, within its width
                (
                    (w.y0 + w.y1) / 2 < label.y0
                    and w.y0 >= label.y0 - 90
                    and w.x0 < lx1
                    and w.x1 > lx0 - 10
                )
                # or on its line, just before it
                or (w.y0 < label.y1 and w.y1 > label.y0 and lx0 - 60 <= w.x1 <= lx0 + 2)
            )
        ]
        if candidates:
            biggest = max(candidates, key=lambda w: (w.y1 - w.y0, w.y1))
            return int(biggest.text.rstrip("%"))
    return None


def _rows(ctx: PageContext, lines: Sequence[_Line], top: float) -> list[Source]:
    """The sources-list rows below `top`: one per source number at the left."""
    width = unrotated_size(ctx)[0]
    numbers = [
        w
        for ln in lines
        for w in ln.words
        if _ROW_NUMBER.match(w.text) and w.x1 < 0.2 * width and w.y0 >= top - 1
    ]
    numbers.sort(key=lambda w: (w.y0 + w.y1) / 2)
    if not numbers:
        return []
    centers = [(w.y0 + w.y1) / 2 for w in numbers]
    rows: list[Source] = []
    for i, number in enumerate(numbers):
        c = centers[i]
        spacing = (
            (centers[i + 1] - c) if i + 1 < len(numbers) else (c - centers[i - 1] if i else 40)
        )
        lo = (centers[i - 1] + c) / 2 if i else max(top, c - spacing / 2)
        hi = (c + centers[i + 1]) / 2 if i + 1 < len(numbers) else c + spacing / 2
        source = _row(number, lines, lo, hi)
        if source is not None:
            rows.append(source)
    return rows


def _row(number: Word, lines: Sequence[_Line], lo: float, hi: float) -> Source | None:
    text_lines: list[tuple[str, float]] = []  # (text, height) of the row's text lines
    percent_tokens: list[Word] = []
    for ln in lines:
        cy = (ln.y0 + ln.y1) / 2
        if not lo <= cy < hi:
            continue
        # Left to right: the file may paint "%" before its digits.
        kept = sorted((w for w in ln.words if w.x0 > number.x1 + 1), key=lambda w: w.x0)
        only_pieces = all(_PERCENT_PIECE.match(w.text) for w in kept)
        cut = 0 if only_pieces else _percent_tail_start(kept)
        percent_tokens.extend(kept[cut:])
        kept = kept[:cut]
        if kept:
            text_lines.append((" ".join(w.text for w in kept), ln.y1 - ln.y0))
    percent_tokens.sort(key=lambda w: w.x0)
    matches = list(_PERCENT.finditer(" ".join(w.text for w in percent_tokens)))
    if not text_lines or not matches:
        return None
    m = matches[-1]
    less_than = m.group(1) is not None
    value = int(m.group(2))
    name, kind = _name_and_type(text_lines)
    return Source(
        n=int(number.text),
        name=name,
        type=kind,
        percent=0 if less_than else value,
        label=f"<{value}%" if less_than else f"{value}%",
    )


_DASHES = frozenset("\u2014\u2013\u00b7\u2022|-")


def _percent_tail_start(words: Sequence[Word]) -> int:
    """Where a line's trailing percentage begins ("5%", "5 %", "<1%", "< 1 %", "105 words — 5%").

    Read right to left, so a number that ends a source's name ("Submitted to Universitas 3")
    stays in the name: a bare number belongs to the percentage only right before a lone "%"
    or before "words".
    """
    i = len(words)
    if i and words[i - 1].text == "%":
        i -= 1
        if i and _PERCENT_VALUE.fullmatch(words[i - 1].text.lstrip("<")):
            i -= 1
    elif i and _PERCENT.fullmatch(words[i - 1].text):
        i -= 1
    else:
        return i
    if i and words[i - 1].text == "<":
        i -= 1
    if i and words[i - 1].text in _DASHES:
        j = i - 1
        if j and words[j - 1].text.casefold() in ("words", "word"):
            j -= 1
            if j and words[j - 1].text.replace(",", "").isdigit():
                return j - 1
        return i - 1
    counted = i >= 2 and words[i - 1].text.casefold() in ("words", "word")
    if counted and words[i - 2].text.replace(",", "").isdigit():
        return i - 2
    return i


def _name_and_type(text_lines: Sequence[tuple[str, float]]) -> tuple[str, str | None]:
    """The source's name (possibly wrapped over several lines) and its type line: a known type
    ("Internet Source", "Publication", "Student Paper") or the first line in smaller print."""
    texts = [t for t, _ in text_lines]
    at = next((i for i, t in enumerate(texts) if t.casefold() in _KNOWN_TYPES), None)
    if at is None:
        first = text_lines[0][1]
        at = next((i for i, (_, h) in enumerate(text_lines) if i and h < 0.85 * first), None)
    if at is None:
        return texts[0], (texts[1] if len(texts) > 1 else None)
    if at == 0:
        return (texts[1] if len(texts) > 1 else ""), texts[0]
    return " ".join(texts[:at]), texts[at]
