"""The docflags/1 result as types (no Qt): the document, its flags, sources, the manuscript a
match was made in and each flag's match; `parse_result` checks a document once, where it enters
the program (a worker's result message), so that every consumer can rely on its shape.

`match` and `manuscript` are present after `docflags match`, `review` after a review.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NotRequired, TypedDict

from docflags_gui import RESULT_SCHEMA


class FlagMatch(TypedDict):
    """Where a flag's passage is in the manuscript: `start`/`end` index its plain text (end
    exclusive), `paragraph` and `page` are 1-based, `score` in [0, 1]."""

    start: int
    end: int
    text: str
    paragraph: int
    page: int | None
    score: float


class FlagReview(TypedDict):
    """The reviewer's view of a flag (`docflags match` with review rules): `status` the decision
    ("to-review" until someone decides), `suggested` the rules' status or null, `reason` the
    rule's words, `note` the reviewer's."""

    status: str
    suggested: str | None
    reason: str | None
    note: NotRequired[str | None]


class ResultFlag(TypedDict):
    """One flagged passage; `rect` is its box on its first page (unrotated page space)."""

    id: int
    page: int
    kind: str
    color: str | None
    text: str
    source: int | None
    comment: str | None
    rect: list[float]
    ocr: bool
    match: NotRequired[FlagMatch | None]
    review: NotRequired[FlagReview]


class ResultSource(TypedDict):
    """One row of a similarity report's sources list."""

    n: int
    name: str
    type: str | None
    percent: int | None
    label: str | None


class ManuscriptInfo(TypedDict):
    """The manuscript a result's flags were matched in."""

    file: str
    sha256: str
    format: str
    chars: int
    words: NotRequired[int]
    paragraphs: int
    pages: int | None


class ResultDocument(TypedDict):
    """One analysed PDF: the docflags/1 document."""

    schema: str
    file: str
    sha256: str
    pages: int
    similarity: int | None
    sources: list[ResultSource]
    flags: list[ResultFlag]
    warnings: list[str]
    manuscript: NotRequired[ManuscriptInfo]
    review: NotRequired[dict[str, Any]]  # the review's rules, when the flags were reviewed
    annotated: NotRequired[dict[str, Any]]  # the annotated copy written (`docflags annotate`)


class ResultError(ValueError):
    """A document that is not a docflags/1 result; the message says what is wrong."""


def parse_result(value: object) -> ResultDocument:
    """`value` as a docflags/1 document, or ResultError naming the first thing that is wrong."""
    document = _mapping(value, "the result")
    if document.get("schema") != RESULT_SCHEMA:
        raise ResultError(f"the result has schema {document.get('schema')!r}, not {RESULT_SCHEMA}")
    _typed(document, "the result", {"file": str, "sha256": str, "pages": int})
    _optional(document, "the result", {"similarity": int})
    for key in ("sources", "flags", "warnings"):
        if not isinstance(document.get(key), list):
            raise ResultError(f"the result's {key} is not a list")
    for index, source in enumerate(document["sources"], start=1):
        where = f"source {index}"
        _typed(_mapping(source, where), where, {"n": int, "name": str})
        _optional(source, where, {"type": str, "percent": int, "label": str})
    for index, flag in enumerate(document["flags"], start=1):
        if not _is_plain_flag(flag):
            _check_flag(_mapping(flag, f"flag {index}"), f"flag {index}")
    if not all(isinstance(w, str) for w in document["warnings"]):
        raise ResultError("the result's warnings are not all text")
    if "manuscript" in document:
        where = "the manuscript"
        _typed(_mapping(document["manuscript"], where), where, {"file": str, "sha256": str})
    return document  # type: ignore[return-value]  # checked above, key by key


def _check_flag(flag: Mapping[str, Any], where: str) -> None:
    _typed(flag, where, {"id": int, "page": int, "kind": str, "text": str, "ocr": bool})
    _optional(flag, where, {"color": str, "source": int, "comment": str})
    rect = flag.get("rect")
    if not isinstance(rect, list) or len(rect) != 4 or not all(_is_number(v) for v in rect):
        raise ResultError(f"{where}: rect is not four numbers")
    match = flag.get("match")
    if match is not None:
        _typed(_mapping(match, f"{where}'s match"), f"{where}'s match", {"start": int, "end": int})
        if not _is_number(match.get("score")):
            raise ResultError(f"{where}'s match has no score")


_NUMBER_TYPES = (int, float)


def _is_plain_flag(flag: object) -> bool:
    """The common flag (JSON's own types, no match) checked in one expression: a result's
    100,000 flags are validated on a thread the window shares the interpreter with. Anything
    else goes through `_check_flag`, which accepts the same and names what is wrong."""
    if type(flag) is not dict:
        return False
    get = flag.get
    rect, color, source, comment = get("rect"), get("color"), get("source"), get("comment")
    return (
        type(get("id")) is int
        and type(get("page")) is int
        and type(get("kind")) is str
        and type(get("text")) is str
        and type(get("ocr")) is bool
        and (color is None or type(color) is str)
        and (source is None or type(source) is int)
        and (comment is None or type(comment) is str)
        and "color" in flag
        and "source" in flag
        and "comment" in flag
        and type(rect) is list
        and len(rect) == 4
        and type(rect[0]) in _NUMBER_TYPES
        and type(rect[1]) in _NUMBER_TYPES
        and type(rect[2]) in _NUMBER_TYPES
        and type(rect[3]) in _NUMBER_TYPES
        and get("match") is None
    )


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ResultError(f"{where} is not an object")
    return value


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _fits(value: object, kind: type) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _typed(value: Mapping[str, Any], where: str, keys: Mapping[str, type]) -> None:
    for key, kind in keys.items():
        if not _fits(value.get(key), kind):
            raise ResultError(f"{where}: {key} is missing or not {_words(kind)}")


def _optional(value: Mapping[str, Any], where: str, keys: Mapping[str, type]) -> None:
    for key, kind in keys.items():
        if key not in value:
            raise ResultError(f"{where}: {key} is missing")
        if value[key] is not None and not _fits(value[key], kind):
            raise ResultError(f"{where}: {key} is not {_words(kind)} or null")


def _words(kind: type) -> str:
    return {int: "a whole number", str: "text", bool: "true or false"}.get(kind, kind.__name__)
