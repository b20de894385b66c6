"""Markdown export: a reviewer's notes, one section per file and page, by colour on busy pages."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, BinaryIO

from docflags_gui.export.rows import FlagRow, flag_rows
from docflags_gui.export.summary import percent_label, summarise

# A page with more flags than this, in more than one colour, is split by colour: in a similarity
# report a colour is a source (or a match group), which is how a reader works through the page.
GROUP_BY_COLOR_ABOVE = 3

# Characters that are Markdown syntax anywhere in a line (CommonMark + GitHub extensions), each
# written with a backslash before it.
_INLINE_SYNTAX = str.maketrans({char: "\\" + char for char in "\\`*_[]<>|~$"})
_ENTITY = re.compile(r"&(?=#?\w+;)")
# GitHub turns bare "scheme://..." and "www." into links; an escaped ":" or "." stops that.
_SCHEME = re.compile(r"(?<=[A-Za-z]):(?=//)")
_WWW = re.compile(r"(?<![\w.])(www)\.", re.IGNORECASE)
# Syntax that only counts at the start of a line (headings, quotes, lists, setext underlines).
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+(?=[.)]))")
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def escape_markdown(text: str) -> str:
    """Text that renders literally: every Markdown construct in it is backslash-escaped."""
    lines = []
    for line in text.splitlines() or [""]:
        line = line.strip().translate(_INLINE_SYNTAX)
        # Each pattern only where its text is: a regular-expression pass per field cost more
        # than the rest of the export (1,140 flags: 24 ms with the four passes, tests/bench_cli).
        if "&" in line:
            line = _ENTITY.sub(r"\\&", line)
        if "://" in line:
            line = _SCHEME.sub(r"\\:", line)
        if "www." in line.lower():
            line = _WWW.sub(r"\1\\.", line)
        match = _LINE_START.match(line)
        if match:
            if match.group(2).isdigit():  # "1." / "1)" would start an ordered list
                end = match.end()
                line = line[:end] + "\\" + line[end:]
            else:
                line = line[: match.start(2)] + "\\" + line[match.start(2) :]
        lines.append(line)
    return "\n".join(lines)


def _single_line(text: str) -> str:
    return " ".join(line for line in escape_markdown(text).split("\n") if line)


def render_markdown(results: Sequence[Mapping[str, Any]]) -> str:
    out: list[str] = []
    if len(results) > 1:
        total = summarise(results)
        out += [
            "# Flagged passages",
            "",
            f"{total.files} files, {total.pages} pages, {_count(total.flags, 'flag')}.",
            "",
        ]
    heading = "##" if len(results) > 1 else "#"
    for result in results:
        out += _render_result(result, heading)
    return "\n".join(out).rstrip("\n") + "\n"


def _render_result(result: Mapping[str, Any], h: str) -> list[str]:
    rows = flag_rows([result])
    summary = summarise([result])
    out = [f"{h} {_single_line(str(result.get('file') or 'Untitled'))}", ""]
    facts = [f"{result.get('pages') or 0} pages"]
    if result.get("similarity") is not None:
        facts.append(f"similarity index {percent_label(result)}")
    kinds = ", ".join(f"{kind} {n}" for kind, n in summary.by_kind)
    facts.append(_count(summary.flags, "flag") + (f" ({kinds})" if kinds else ""))
    out += ["- " + " · ".join(facts)]
    for warning in result.get("warnings") or []:
        out.append(f"- Warning: {_single_line(str(warning))}")
    out.append("")
    if summary.sources:
        out += [
            f"{h}# Sources",
            "",
            "| # | Source | Type | Share | Flags |",
            "|---:|---|---|---:|---:|",
        ]
        for s in summary.sources:
            out.append(
                f"| {s.n} | {_single_line(s.name)} | {_single_line(s.type or '')} "
                f"| {_single_line(s.label or '')} | {s.flags} |"
            )
        out.append("")
    if not rows:
        out += ["No flagged passages.", ""]
    for page, page_rows in _by_page(rows):
        out += [f"{h}# Page {page}" if page is not None else f"{h}# Page unknown", ""]
        colors = list(dict.fromkeys(r.color for r in page_rows))
        if len(page_rows) > GROUP_BY_COLOR_ABOVE and len(colors) > 1:
            for color in colors:
                group = [r for r in page_rows if r.color == color]
                out += [f"{h}## {_color_heading(color, group)}", ""]
                out += [line for r in group for line in _flag_item(r, show_color=False)]
                out.append("")
        else:
            out += [line for r in page_rows for line in _flag_item(r, show_color=True)]
            out.append("")
    return out


def _by_page(rows: list[FlagRow]) -> list[tuple[int | None, list[FlagRow]]]:
    pages: dict[int | None, list[FlagRow]] = {}
    for row in rows:
        pages.setdefault(row.page, []).append(row)
    return sorted(pages.items(), key=lambda item: (item[0] is None, item[0] or 0))


def _color_code(color: str) -> str:
    return f"`{color}`" if _HEX_COLOR.fullmatch(color) else _single_line(color)


def _color_heading(color: str | None, group: list[FlagRow]) -> str:
    label = f"Colour {_color_code(color)}" if color else "No colour"
    sources = sorted({r.source for r in group if r.source is not None})
    if len(sources) == 1:
        label += f" · source {sources[0]}"
        name = next((r.source_name for r in group if r.source_name), None)
        if name:
            label += f" ({_single_line(name)})"
    return label


def _flag_item(row: FlagRow, *, show_color: bool) -> list[str]:
    meta = [_single_line(row.kind)]
    if show_color and row.color:
        meta.append(_color_code(row.color))
    if row.source is not None:
        meta.append(
            f"source {row.source}"
            + (f" ({_single_line(row.source_name)})" if row.source_name else "")
        )
    if row.ocr:
        meta.append("OCR")
    if row.where is not None:
        meta.append(_single_line(row.where) + (f" (score {row.score:.2f})" if row.score else ""))
    if row.status is not None:
        meta.append(f"status: {_single_line(row.status)}")
    text = _single_line(row.text) if row.text.strip() else "*(no text)*"
    lines = [f"- {text}  ", f"  *{' · '.join(meta)}*"]
    if row.comment and row.comment.strip():
        lines[-1] += "  "
        lines += ["  > " + line for line in escape_markdown(row.comment).split("\n")]
    if row.note and row.note.strip():
        lines[-1] += "  "
        lines.append(f"  Note: {_single_line(row.note)}")
    return lines


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def write_markdown(results: Sequence[Mapping[str, Any]], stream: BinaryIO) -> None:
    stream.write(render_markdown(results).encode("utf-8"))
