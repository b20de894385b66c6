"""The result digest: the same values as a pass over every flag would find."""

from __future__ import annotations

import random
from typing import Any

from docflags_gui.result_digest import digest_flags


def _flags(seed: int, count: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    flags = []
    for n in range(count):
        flag: dict[str, Any] = {
            "id": n,
            "page": rng.randint(1, 30),
            "kind": rng.choice(["drawn", "highlight", "underline", "colored", ""]),
            "color": rng.choice(["#ffff00", "#FFFF00", "#00ff00", None, ""]),
            "source": rng.choice([None, 1, 2, 3, 17]),
            "comment": rng.choice([None, "", "see here"]) if seed % 2 else None,
            "text": "passage",
        }
        if seed % 3 == 0 and rng.random() < 0.5:
            flag["match"] = None
        flags.append(flag)
    return flags


def test_the_digest_holds_what_every_flag_holds() -> None:
    for seed in range(6):
        flags = _flags(seed, 500)
        digest = digest_flags(flags)  # type: ignore[arg-type]
        assert digest.flag_count == 500
        assert digest.pages == {f["page"] for f in flags}
        assert digest.shown_kinds() == sorted({f["kind"] for f in flags if f["kind"]})
        assert digest.shown_colors() == sorted({f["color"] for f in flags if f["color"]})
        assert digest.shown_sources() == sorted({f["source"] for f in flags} - {None})
        assert digest.kind_cells == {
            (f["kind"], f["color"], f["source"] is not None) for f in flags
        }
        assert digest.has_comment == any(f["comment"] for f in flags)
        assert digest.matched == any("match" in f for f in flags)


def test_a_value_that_cannot_be_in_a_set_is_kept_by_its_words() -> None:
    flags = [{"page": [1, 2], "kind": "drawn", "color": None, "source": None}]
    digest = digest_flags(flags)  # type: ignore[arg-type]
    assert digest.pages == {"[1, 2]"} and digest.kinds == {"drawn"}
