"""indented_json writes exactly what json.dumps(ensure_ascii=False, indent=2) writes."""

from __future__ import annotations

import enum
import json
import math
import random
from pathlib import Path
from typing import Any

import pytest

from docflags_gui.json_text import indented_json


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    scalars = [
        None,
        True,
        False,
        0,
        -7,
        2**70,
        0.1,
        -1e-300,
        1e16,
        math.nan,
        math.inf,
        -math.inf,
        "",
        "plain",
        'quote " backslash \\ slash /',
        "controls \x00\x1f\x7f\n\t",
        "unicode é 中文 שלום \u2028 \U0001f600",
        "lone surrogate \udcff",
    ]
    if depth >= 4 or rng.random() < 0.4:
        return rng.choice(scalars)
    if rng.random() < 0.5:
        return [_random_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))]
    keys = ["id", "text", "", "ключ", "a\nb"]
    count = rng.randrange(5)
    return {rng.choice(keys) + str(i): _random_value(rng, depth + 1) for i in range(count)}


def test_random_documents_come_out_as_json_dumps_writes_them() -> None:
    rng = random.Random(16)
    for _ in range(2000):
        value = _random_value(rng)
        assert indented_json(value) == _dumps(value)


class Level(enum.IntEnum):
    HIGH = 2


@pytest.mark.parametrize(
    "value",
    [
        {1: "int key", None: "none key", 2.5: "float key", False: "bool key"},
        {"tuple": (1, 2.0, "x")},
        {"enum": Level.HIGH, "nested": [Level.HIGH]},
        [{}, [], [[]], {"a": {}}],
        "top-level string",
        3.25,
    ],
)
def test_what_json_writes_its_own_way_is_still_its_text(value: Any) -> None:
    assert indented_json(value) == _dumps(value)


def test_a_cycle_fails_as_json_dumps_fails() -> None:
    cycle: list[Any] = []
    cycle.append(cycle)
    with pytest.raises(ValueError, match="Circular reference"):
        indented_json(cycle)


def test_something_json_cannot_write_fails_as_json_dumps_fails() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        indented_json({"flags": [object()]})


def test_the_corpus_truth_files_come_out_as_json_dumps_writes_them(corpus_dir: Path) -> None:
    for truth in sorted((corpus_dir / "synthetic").glob("*.truth.json")):
        document = json.loads(truth.read_text(encoding="utf-8"))
        assert indented_json(document) == _dumps(document), truth.name
