"""Where a passage was found in the manuscript, as the table says it: the place ("¶ 4 · p. 2",
"not in the manuscript") and its tooltip (the matched characters), in the window's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docflags_gui.matching.where import NOT_FOUND, where_label
from docflags_gui.ui.i18n import translate


def where_cell(flag: Mapping[str, Any]) -> str:
    """The Where column's words for a flag of a matched result ("" when it has none)."""
    return where_words(where_label(flag, "match" in flag) or "")


def where_words(label: str) -> str:
    """The matcher's place words ("¶ 4 · p. 2", "not in the manuscript") in this language."""
    if label == NOT_FOUND:
        return translate("FlagsTable", "not in the manuscript")
    return label.replace(" · p. ", translate("FlagsTable", " · p. "))


def where_tip(flag: Mapping[str, Any]) -> str | None:
    """The matched characters, for a tooltip over the place (None when not found)."""
    match = flag.get("match")
    if not isinstance(match, Mapping):
        return None
    return translate("FlagsTable", "Manuscript characters {start}-{end}: {text}").format(
        start=match.get("start"), end=match.get("end"), text=match.get("text")
    )
