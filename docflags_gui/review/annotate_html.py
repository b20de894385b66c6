"""An annotated copy of a plain-text or Markdown manuscript, as one self-contained HTML page.

The manuscript's text stands in one preformatted block, exactly as in the file, with each
passage inside a `<mark>` in its flag's (lightened) colour, numbered; the comments follow the
text as a numbered list, each linked to and from its passage. Where passages overlap, the later
one's mark starts where the earlier one's ends.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from docflags_gui.review.marks import Mark

_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 52em; color: #222; }
pre.manuscript { white-space: pre-wrap; font: inherit; }
mark { padding: 0 1px; border-radius: 2px; color: inherit; }
mark sup { font-size: 70%; color: #555; }
ol.comments li { white-space: pre-wrap; margin-bottom: .8em; }
"""


def annotated_html(title: str, text: str, marks: Sequence[Mark]) -> str:
    parts: list[str] = []
    position = 0
    for number, mark in enumerate(marks, start=1):
        start = max(mark.start, position)
        if start >= mark.end:
            continue
        parts.append(html.escape(text[position:start]))
        parts.append(
            f'<mark id="passage-{number}" style="background:{mark.highlight}" '
            f'title="{html.escape(mark.comment)}">{html.escape(text[start : mark.end])}'
            f'<sup><a href="#comment-{number}">[{number}]</a></sup></mark>'
        )
        position = mark.end
    parts.append(html.escape(text[position:]))
    comments = "".join(
        f'<li id="comment-{number}"><a href="#passage-{number}">↑</a> '
        f"{html.escape(mark.comment)}</li>"
        for number, mark in enumerate(marks, start=1)
    )
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} — annotated by docflags</title><style>{_STYLE}</style>"
        f"</head><body><h1>{html.escape(title)}</h1>"
        f'<pre class="manuscript">{"".join(parts)}</pre>'
        f'<h2>Comments</h2><ol class="comments">{comments}</ol></body></html>\n'
    )


def annotate_html(source_name: str, text: str, target: Path, marks: Sequence[Mark]) -> int:
    target.write_text(annotated_html(source_name, text, marks), encoding="utf-8")
    return len(marks)
