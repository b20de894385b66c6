"""indented_json writes exactly what json.dumps(ensure_ascii=False, indent=2) writes."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from typing import Any

import pytest

from docflags_gui.export.json_text import indented_json


def _standard(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


_CHARACTERS = 'ab "\\/\n\t\x00\x1f\x7f\u2028é中\ud800\U0001f600'


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    """Parsed JSON of every shape: nesting, empty containers, numbers at their edges, text
    with escapes, controls, surrogates and characters outside the BMP."""
    leaves: list[Callable[[], Any]] = [
        lambda: rng.choice([None, True, False]),
        lambda: rng.randint(-(2**70), 2**70),
        lambda: rng.uniform(-1e6, 1e6),
        lambda: rng.choice([0.0, -0.0, 1e-320, 5e-324, 1e308, 0.1, math.nan, math.inf, -math.inf]),
        lambda: "".join(rng.choice(_CHARACTERS) for _ in range(6)),
    ]
    if depth < 4 and rng.random() < 0.4:
        if rng.random() < 0.5:
            return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
        return {leaves[4](): _random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    return rng.choice(leaves)()


def test_random_documents_match_the_standard_library() -> None:
    rng = random.Random(16)
    for _ in range(2000):
        value = _random_value(rng)
        assert indented_json(value) == _standard(value)


def test_a_result_document_matches(hostile_result: dict[str, Any]) -> None:
    assert indented_json(hostile_result) == _standard(hostile_result)
    assert indented_json([hostile_result, {}]) == _standard([hostile_result, {}])


@pytest.mark.parametrize(
    "value",
    [
        (1, [2, (3,)]),  # tuples are lists to json
        {1: "a", None: "b", 2.5: "c", False: "d"},  # keys json turns into strings
        {"k": [1, {"deep": (2,)}]},
        [True, 1, 1.0],
    ],
)
def test_what_it_leaves_to_json_comes_out_the_same(value: Any) -> None:
    assert indented_json(value) == _standard(value)


def test_errors_are_the_standard_librarys() -> None:
    circular: list[Any] = []
    circular.append(circular)
    with pytest.raises(ValueError, match="Circular reference"):
        indented_json(circular)
    with pytest.raises(TypeError):
        indented_json({"set": {1, 2}})
