"""Passages cut by a page break: a detector notes which of its flags start at the top of their
page's body or end at its bottom, and joins them back into one flag when it finishes."""

from __future__ import annotations

from collections.abc import Sequence

from docflags_gui.analysis.joining import join_texts_by_line, normalize_text
from docflags_gui.analysis.model import Flag


class PageEdges:
    """One detector's flags that reach the edge of their page's body (without a source badge
    of their own there), and the join of those that continue on the next page."""

    def __init__(self) -> None:
        # By id(flag), with the flag itself (so that its id is not reused while noted).
        self._edges: dict[int, tuple[Flag, bool, bool]] = {}

    def note(self, flag: Flag, *, starts_page: bool, ends_page: bool) -> None:
        """Record that `flag` starts at its page's first body word / ends at its last one."""
        self._edges[id(flag)] = (flag, starts_page, ends_page)

    def join_across_pages(self, flags: Sequence[Flag]) -> list[Flag]:
        """`flags`, in the order given, with each flag that starts its page joined to the one
        of the same kind and colour that ended the page before (a passage with a source of its
        own starts a new flag)."""
        if not self._edges:
            return list(flags)
        result: list[Flag] = []
        waiting: dict[tuple[str, str | None], Flag] = {}
        for flag in flags:
            entry = self._edges.get(id(flag))
            starts, ends = (entry[1], entry[2]) if entry and entry[0] is flag else (False, False)
            key = (flag.kind, flag.color)
            before = waiting.get(key)
            if (
                starts
                and before is not None
                and (before.end_page or before.page) + 1 == flag.page
                and (before.source is None or flag.source is None or before.source == flag.source)
            ):
                before.text = normalize_text(join_texts_by_line([(0, before.text), (1, flag.text)]))
                before.end_page = flag.end_page or flag.page
                before.end_rect = flag.end_rect or flag.rect
                if before.source is None:
                    before.source = flag.source
                if not ends:
                    del waiting[key]
                continue
            result.append(flag)
            if ends:
                waiting[key] = flag
        return result
