"""HTML export: one self-contained report file (inline CSS, images as data: URIs, no scripts).

Every text from a result is escaped; a Content-Security-Policy forbids scripts and any network
load, and allows only this file's own style sheet (by hash) and data: images.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any, BinaryIO

from docflags_gui import __version__
from docflags_gui.export.html_style import BASE_CSS
from docflags_gui.export.passage_images import PassageImage, PassageImages, cut_passage_images
from docflags_gui.export.rows import (
    FlagRow,
    flag_rows,
    replace_control_characters,
)
from docflags_gui.export.summary import Summary, percent_label, summarise
from docflags_gui.review.labels import SUGGESTED
from docflags_gui.review.statuses import Status

# Passage images are a few kB to ~100 kB each; past this many the file stops being something
# one mails to a supervisor.
MAX_IMAGES = 2000
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def render_html(
    results: Sequence[Mapping[str, Any]], *, pdf_paths: Mapping[str, Path] | None
) -> str:
    images_left = MAX_IMAGES
    sections: list[str] = []
    for number, result in enumerate(results, start=1):
        pdf = (pdf_paths or {}).get(str(result.get("sha256") or ""))
        if pdf_paths is None:
            images = PassageImages(note="Passage images come only with an export to a file.")
        elif images_left <= 0:
            images = PassageImages(
                note=f"No passage images for this file: the report already holds {MAX_IMAGES}."
            )
        else:
            images = cut_passage_images(result, pdf, limit=images_left)
        images_left -= len(images.images)
        sections.append(_document_section(result, number, images))
    css = BASE_CSS + _color_rules(results)
    title = (
        f"Flagged passages: {results[0].get('file') or 'untitled'}"
        if len(results) == 1
        else f"Flagged passages: {len(results)} files"
    )
    overview = _overview(results) if len(results) > 1 else ""
    exported = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_policy(css)}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_text(title)}</title>",
            f"<style>{css}</style>",
            "</head>",
            "<body>",
            "<header>",
            f"<h1>{_text(title)}</h1>",
            f'<p class="meta">Exported {_text(exported)} by docflags {_text(__version__)}.</p>',
            "</header>",
            overview,
            *sections,
            "</body>",
            "</html>",
            "",
        ]
    )


def write_html(
    results: Sequence[Mapping[str, Any]],
    stream: BinaryIO,
    *,
    pdf_paths: Mapping[str, Path] | None,
) -> None:
    stream.write(render_html(results, pdf_paths=pdf_paths or {}).encode("utf-8"))


def _policy(css: str) -> str:
    style_hash = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; script-src 'none'; object-src 'none'; "
        f"style-src 'sha256-{style_hash}'; img-src data:; font-src 'none'; "
        "connect-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'"
    )


def _color_rules(results: Sequence[Mapping[str, Any]]) -> str:
    """One swatch and one border rule per colour: inline style attributes would need the CSP's
    'unsafe-inline'. Only validated #rrggbb values reach the style sheet."""
    colors = sorted(
        {
            str(flag.get("color")).lower()
            for result in results
            for flag in result.get("flags") or []
            if isinstance(flag.get("color"), str) and _HEX_COLOR.fullmatch(flag["color"])
        }
    )
    return "".join(
        f"\n.sw-{c[1:]}{{background:{c}}}\nli.fl-{c[1:]}{{border-left-color:{c}}}" for c in colors
    )


def _overview(results: Sequence[Mapping[str, Any]]) -> str:
    total = summarise(results)
    rows = "".join(
        f'<tr><td><a href="#doc-{n}">{_text(r.get("file") or "untitled")}</a></td>'
        f'<td class="num">{_text(r.get("pages") or 0)}</td>'
        f'<td class="num">{_text(percent_label(r))}</td>'
        f'<td class="num">{len(r.get("flags") or [])}</td></tr>'
        for n, r in enumerate(results, start=1)
    )
    return (
        '<section class="overview"><h2>Files</h2>'
        f"<p>{total.files} files, {total.pages} pages, {_plural(total.flags, 'flag')}.</p>"
        "<table><thead><tr><th>File</th><th>Pages</th><th>Similarity</th><th>Flags</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></section>"
    )


def _document_section(result: Mapping[str, Any], number: int, images: PassageImages) -> str:
    summary = summarise([result])
    rows = flag_rows([result])
    parts = [
        f'<section class="document" id="doc-{number}">',
        f'<h2 dir="auto">{_text(result.get("file") or "untitled")}</h2>',
        _facts(result, summary),
        _warnings(result),
        _sources(summary),
        "<h3>Flagged passages</h3>",
    ]
    if images.note:
        parts.append(f'<p class="note">{_text(images.note)}</p>')
    if not rows:
        parts.append('<p class="empty">No flagged passages.</p>')
    # Grouped by review status when the result was reviewed, else by page, even when the flags
    # come sorted otherwise (a sorted table view); within a group they keep their order. Indexes
    # stay those of the result, which the images use.
    grouping = _status_group if any(row.status for row in rows) else _page_group
    current_group: object = object()
    for position, index in enumerate(sorted(range(len(rows)), key=lambda i: grouping(rows[i]))):
        row = rows[index]
        group = grouping(row)
        if group != current_group:
            if position:
                parts.append("</ol>")
            current_group = group
            parts.append(f'<h4 class="page">{_text(group[-1])}</h4><ol class="flags">')
        parts.append(_flag_item(row, number, images.images.get(index)))
    if rows:
        parts.append("</ol>")
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def _page_group(row: FlagRow) -> tuple[bool, int, str]:
    return (row.page is None, row.page or 0, f"Page {row.page}" if row.page else "Page unknown")


def _status_group(row: FlagRow) -> tuple[int, str]:
    label = (row.status or Status.TO_REVIEW.label).removesuffix(f" ({SUGGESTED})")
    order = [status.label for status in Status]
    return (order.index(label) if label in order else len(order), label)


def _facts(result: Mapping[str, Any], summary: Summary) -> str:
    facts = [("Pages", str(result.get("pages") or 0))]
    if result.get("similarity") is not None:
        facts.append(("Similarity index", percent_label(result)))
    facts.append(("Flagged passages", str(summary.flags)))
    kinds = ", ".join(f"{kind} {n}" for kind, n in summary.by_kind)
    if kinds:
        facts.append(("By kind", kinds))
    items = "".join(f"<dt>{_text(k)}</dt><dd>{_text(v)}</dd>" for k, v in facts)
    colors = "".join(
        f'<li>{_swatch(color)}<span class="code">{_text(color or "no colour")}</span> '
        f'<span class="count">{n}</span></li>'
        for color, n in summary.by_color
    )
    color_list = f'<ul class="colors">{colors}</ul>' if colors else ""
    return f'<dl class="facts">{items}</dl>{color_list}'


def _warnings(result: Mapping[str, Any]) -> str:
    warnings = [str(w) for w in result.get("warnings") or []]
    if not warnings:
        return ""
    items = "".join(f'<li dir="auto">{_text(w)}</li>' for w in warnings)
    return f'<div class="warnings"><h3>Warnings</h3><ul>{items}</ul></div>'


def _sources(summary: Summary) -> str:
    if not summary.sources:
        return ""
    rows = "".join(
        f'<tr><td class="num">{s.n}</td><td dir="auto">{_text(s.name)}</td>'
        f'<td>{_text(s.type or "")}</td><td class="num">{_text(s.label or "")}</td>'
        f'<td class="num">{s.flags}</td></tr>'
        for s in summary.sources
    )
    return (
        '<h3>Sources</h3><table class="sources"><thead><tr><th>#</th><th>Source</th>'
        "<th>Type</th><th>Share</th><th>Flags</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _flag_item(row: FlagRow, document_number: int, image: PassageImage | None) -> str:
    color = row.color.lower() if row.color and _HEX_COLOR.fullmatch(row.color) else None
    classes = "flag" + (f" fl-{color[1:]}" if color else "")
    meta = [f'<span class="kind">{_text(row.kind)}</span>']
    if row.color:
        meta.append(f'{_swatch(row.color)}<span class="code">{_text(row.color)}</span>')
    if row.source is not None:
        name = f" ({_text(row.source_name)})" if row.source_name else ""
        meta.append(f'<span class="source">source {row.source}{name}</span>')
    if row.ocr:
        meta.append('<span class="ocr" title="text read by OCR">OCR</span>')
    if row.where is not None:
        score = f" (score {row.score:.2f})" if row.score else ""
        meta.append(f'<span class="where">{_text(row.where + score)}</span>')
    if row.status is not None:
        meta.append(f'<span class="status">{_text(row.status)}</span>')
    parts = [
        f'<li class="{classes}" id="doc-{document_number}-flag-{row.id or 0}">',
        f'<div class="flag-meta">{" · ".join(meta)}</div>',
    ]
    if image is not None:
        alt = _text(f"The passage on page {row.page}")
        encoded = base64.b64encode(image.data).decode("ascii")
        parts.append(
            f'<img class="passage" alt="{alt}" width="{image.width}" height="{image.height}" '
            f'src="data:{image.mime};base64,{encoded}">'
        )
    # Leading tabs and line breaks are extraction noise, not part of what the reader must see.
    text = _text(row.text.strip()) if row.text.strip() else '<span class="empty">(no text)</span>'
    parts.append(f'<blockquote class="text" dir="auto">{text}</blockquote>')
    if row.comment and row.comment.strip():
        parts.append(
            '<div class="comment"><span class="label">Comment</span>'
            f'<p dir="auto">{_text(row.comment.strip())}</p></div>'
        )
    if row.note and row.note.strip():
        parts.append(
            '<div class="comment"><span class="label">Note</span>'
            f'<p dir="auto">{_text(row.note.strip())}</p></div>'
        )
    parts.append("</li>")
    return "".join(parts)


def _swatch(color: str | None) -> str:
    if color and _HEX_COLOR.fullmatch(color):
        return f'<span class="swatch sw-{color[1:].lower()}"></span>'
    return '<span class="swatch none"></span>'


def _text(value: object) -> str:
    """Text as HTML: markup escaped, and ":" as a character reference, so that a URL in a
    passage or source name ("=HYPERLINK(\"http://…\")") shows as written but the file holds no
    "http://" that a link checker or mail filter could take for a network reference."""
    return escape(replace_control_characters(str(value)), quote=True).replace(":", "&#58;")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
