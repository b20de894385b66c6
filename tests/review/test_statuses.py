"""Statuses: slugs for JSON and the command line, words and number keys for the window."""

from __future__ import annotations

import pytest

from docflags_gui.review.statuses import Status


def test_slugs_keys_and_labels() -> None:
    assert [status.value for status in Status] == [
        "to-review",
        "needs-fix",
        "quoted-cited",
        "common-phrase",
        "bibliography",
        "own-work",
        "false-positive",
        "fixed",
    ]
    assert [status.key for status in Status] == list(range(1, 9))
    assert Status.QUOTED_CITED.label == "Quoted & cited"


def test_from_slug_accepts_slugs_and_labels_and_names_the_valid_ones() -> None:
    assert Status.from_slug("needs-fix") is Status.NEEDS_FIX
    assert Status.from_slug("Own earlier work") is Status.OWN_WORK
    with pytest.raises(ValueError, match="to-review, needs-fix"):
        Status.from_slug("done")
