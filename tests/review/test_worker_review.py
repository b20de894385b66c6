"""The worker's match job with review rules: each flag comes back with the rules' suggestion."""

from __future__ import annotations

import json
from pathlib import Path

from docflags_gui.review.rules import ReviewRules
from docflags_gui.worker import protocol
from tests.worker.test_match_job import _report, _spec_args
from tests.worker.test_worker_process import assert_well_formed, messages_of, run_worker_process

MANUSCRIPT = (
    "Teachers said that “blended learning needs a school that supports its teachers” "
    "(Rahman, 2021). Others held that “a questionnaire is never the whole story” and moved on.\n\n"
    "Our own results follow in the next section of this short manuscript.\n\n"
    "References\n\n"
    "Rahman, A. (2021). Blended learning in rural provinces. Journal of Schools, 4(2), 1-20."
)


def test_match_with_rules_suggests_statuses_and_counts_the_manuscript_words(
    tmp_path: Path,
) -> None:
    manuscript = tmp_path / "thesis.md"
    manuscript.write_text(MANUSCRIPT, encoding="utf-8")
    texts = [
        "blended learning needs a school that supports its teachers",
        "a questionnaire is never the whole story",
        "Blended learning in rural provinces. Journal of Schools",
        "Our own results follow",
        "in the next section of this short manuscript",
    ]
    rules = ReviewRules(exclude_quotes=True, exclude_bibliography=True, exclude_small=5)
    args = _spec_args(
        manuscript, _report(tmp_path, texts), review_rules=json.dumps(rules.to_json())
    )
    code, lines, stderr = run_worker_process(args)
    terminal = assert_well_formed(messages_of(lines))
    assert code == protocol.EXIT_OK, stderr
    document = terminal["result"]
    reviews = [(f["review"]["status"], f["review"]["suggested"]) for f in document["flags"]]
    assert reviews == [
        ("to-review", "quoted-cited"),
        ("to-review", "needs-fix"),
        ("to-review", "bibliography"),
        ("to-review", "common-phrase"),
        ("to-review", None),
    ]
    assert document["flags"][1]["review"]["reason"] == "quoted but not cited"
    assert document["review"]["rules"]["exclude_small"] == 5
    assert document["manuscript"]["words"] == len(MANUSCRIPT.split())
