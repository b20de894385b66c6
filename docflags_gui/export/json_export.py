"""JSON export: the docflags/1 document itself (one file: the object; several: a list)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, BinaryIO

from docflags_gui.json_text import indented_json


def render_json(results: Sequence[Mapping[str, Any]]) -> str:
    document: Any = dict(results[0]) if len(results) == 1 else [dict(r) for r in results]
    return indented_json(document) + "\n"


def write_json(results: Sequence[Mapping[str, Any]], stream: BinaryIO) -> None:
    stream.write(render_json(results).encode("utf-8"))
