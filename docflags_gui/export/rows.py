"""docflags/1 results -> one row per flag: the one place every export takes its cells from."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from docflags_gui.matching.where import is_matched, match_score, where_label
from docflags_gui.review.labels import is_reviewed, review_note, status_label

# Column names, in order, as they appear in CSV headers and the XLSX Flags sheet.
COLUMNS: tuple[str, ...] = (
    "file",
    "page",
    "kind",
    "color",
    "source",
    "source_name",
    "text",
    "comment",
    "ocr",
    "id",
    # Match (docflags match): where the passage is in the manuscript, and how sure.
    "where",
    "score",
    # Review (docflags match with rules, docflags review): the flag's status and the note.
    "status",
    "note",
)

# A spreadsheet treats a cell starting with one of these as a formula (or, for tab and CR, may
# shift it into one); the full-width forms are accepted as formula starters by some locales.
FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# A cell that already starts with apostrophes before a starter gets one more, so reading back
# (strip one leading apostrophe when a starter follows) always gives the original text.
_NEEDS_QUOTE = re.compile("^'*[" + re.escape("".join(FORMULA_STARTERS)) + "]")
# Characters XML (XLSX, XHTML) cannot hold, and HTML treats as parse errors: controls other than
# tab, LF and CR, lone surrogates, and the two non-characters U+FFFE/U+FFFF.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class FlagRow:
    """One flag with its document's file name and its source's name, ready to become cells."""

    file: str
    page: int | None
    kind: str
    color: str | None
    source: int | None
    source_name: str | None
    text: str
    comment: str | None
    ocr: bool
    id: int | None
    where: str | None = None
    score: float | None = None
    status: str | None = None
    note: str | None = None

    def values(self) -> tuple[Any, ...]:
        """The cells in COLUMNS order, typed (None where the result has no value)."""
        # Not dataclasses.astuple: it deep-copies every field, which costs seconds on 100k rows.
        return tuple(getattr(self, name) for name in COLUMNS)


# The row's fields are the columns, in order: one definition for both.
assert tuple(f.name for f in fields(FlagRow)) == COLUMNS


def source_names(result: Mapping[str, Any]) -> dict[int, str]:
    """Source number -> source name, from a report's sources list."""
    names: dict[int, str] = {}
    for source in result.get("sources") or []:
        if isinstance(source, Mapping) and isinstance(source.get("n"), int):
            names[source["n"]] = str(source.get("name") or "")
    return names


def flag_rows(results: Sequence[Mapping[str, Any]]) -> list[FlagRow]:
    """Every flag of every result, in the results' order (the engine's reading order)."""
    rows: list[FlagRow] = []
    for result in results:  # checked once, by export_results / render_text
        file = str(result.get("file") or "")
        names = source_names(result)
        matched = is_matched(result)
        reviewed = is_reviewed(result)
        for flag in result.get("flags") or []:
            source = _int_or_none(flag.get("source"))
            rows.append(
                FlagRow(
                    file=file,
                    page=_int_or_none(flag.get("page")),
                    kind=str(flag.get("kind") or ""),
                    color=_str_or_none(flag.get("color")),
                    source=source,
                    source_name=names.get(source) if source is not None else None,
                    text=str(flag.get("text") or ""),
                    comment=_str_or_none(flag.get("comment")),
                    ocr=bool(flag.get("ocr")),
                    id=_int_or_none(flag.get("id")),
                    where=where_label(flag, matched),
                    score=match_score(flag),
                    status=status_label(flag) if reviewed else None,
                    note=review_note(flag) if reviewed else None,
                )
            )
    return rows


def neutralise_formula(value: str) -> str:
    """Prefix `'` to a cell a spreadsheet would run as a formula (CSV and XLSX cells)."""
    return "'" + value if _NEEDS_QUOTE.match(value) else value


def restore_formula(value: str) -> str:
    """The inverse of neutralise_formula: what a script reading our CSV back should apply."""
    return value[1:] if value.startswith("'") and _NEEDS_QUOTE.match(value[1:]) else value


def cell_text(value: Any) -> str:
    """A typed cell as spreadsheet text: empty for None, yes/no for booleans, neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return neutralise_formula(str(value))


def replace_control_characters(text: str) -> str:
    """Show a character a file format cannot hold as U+FFFD, so the loss stays visible."""
    return _CONTROL_CHARACTERS.sub("\ufffd", text)


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
