"""Each flag's review object: decisions win over suggestions, carried by passage identity."""

from __future__ import annotations

from docflags_gui import RESULT_SCHEMA
from docflags_gui.matching.text_reader import paragraph_spans
from docflags_gui.result import FlagMatch, ResultDocument, ResultFlag
from docflags_gui.review.entries import Decision, apply_decisions, passage_key, review_document
from docflags_gui.review.progress import review_progress
from docflags_gui.review.rules import ManuscriptContext, ReviewRules
from docflags_gui.review.statuses import Status
from tests.store.factories import bare_flag

TEXT = "One two three four five six.\n\nSeven eight nine ten eleven twelve thirteen."


def _match(start: int, end: int, text: str, paragraph: int) -> FlagMatch:
    return {"start": start, "end": end, "text": text, "paragraph": paragraph, "page": None,
            "score": 1.0}  # fmt: skip


def _flag(flag_id: int, page: int, text: str, source: int, match: FlagMatch | None) -> ResultFlag:
    return {**bare_flag(flag_id, text, page=page, source=source), "match": match}


def document() -> ResultDocument:
    return {
        "schema": RESULT_SCHEMA, "file": "report.pdf", "sha256": "0" * 64, "pages": 3,
        "similarity": None, "sources": [], "warnings": [],
        "manuscript": {"file": "manuscript.txt", "sha256": "1" * 64, "format": "txt",
                       "chars": len(TEXT), "words": 13, "paragraphs": 2, "pages": None},
        "flags": [
            _flag(1, 2, "two three", 1, _match(4, 13, "two three", 1)),
            _flag(2, 3, "Seven eight nine ten eleven", 2,
                  _match(30, 57, "Seven eight nine ten eleven", 2)),
            _flag(3, 3, "not there", 2, None),
        ]
    }  # fmt: skip


def test_suggestion_without_decision_and_decision_over_suggestion() -> None:
    context = ManuscriptContext.of(TEXT, paragraph_spans(TEXT))
    rules = ReviewRules(exclude_small=3)
    first = document()["flags"][0]
    decisions = {passage_key(document()["flags"][1]): Decision(Status.OWN_WORK, "my 2019 paper")}
    reviewed = review_document(document(), rules, decisions, context)
    reviews = [flag["review"] for flag in reviewed["flags"]]
    assert reviews[0] == {
        "status": "to-review",
        "suggested": "common-phrase",
        "reason": "fewer than 3 words",
        "note": None,
    }
    assert reviews[1] == {"status": "own-work", "suggested": None, "reason": None,
                          "note": "my 2019 paper"}  # fmt: skip
    assert reviewed["review"]["rules"]["exclude_small"] == 3
    assert "review" not in first  # the input is left as it was


def test_passage_identity_ignores_spacing_and_case_but_not_page_or_source() -> None:
    flag = {"page": 1, "text": "Some  Passage", "source": 3}
    assert passage_key(flag) == passage_key({"page": 1, "text": "some passage", "source": 3})
    assert passage_key(flag) != passage_key({"page": 2, "text": "some passage", "source": 3})
    assert passage_key(flag) != passage_key({"page": 1, "text": "some passage", "source": 4})


def test_progress_counts_reviewed_needs_fix_and_flagged_share_after_exclusions() -> None:
    decisions = {passage_key(document()["flags"][0]): Decision(Status.NEEDS_FIX)}
    reviewed = review_document(document(), ReviewRules(exclude_small=6), decisions, None)
    progress = review_progress(reviewed)
    assert (progress.flags, progress.reviewed, progress.needs_fix) == (3, 1, 1)
    # 13 words; flag 1 (2 words, needs fix) counts, flag 2 (5 words) is a suggested common phrase.
    assert progress.flagged_share is not None
    assert abs(progress.flagged_share - 2 / 13) < 1e-9
    assert progress.summary().startswith("1 of 3 reviewed · 1 need a fix · flagged words")
    assert "docflags' estimate" in progress.summary()


def test_apply_decisions_sets_status_and_note_and_adds_review_objects_where_missing() -> None:
    plain = document()  # never reviewed: no review objects
    decisions = {passage_key(plain["flags"][2]): Decision(Status.FIXED, "rewritten")}
    decided = apply_decisions(plain, decisions)
    assert [flag.get("review") for flag in decided["flags"][:2]] == [None, None]
    assert decided["flags"][2]["review"] == {
        "status": "fixed", "suggested": None, "reason": None, "note": "rewritten"
    }  # fmt: skip
    suggested = review_document(plain, ReviewRules(exclude_small=3), {}, None)
    decided = apply_decisions(suggested, {passage_key(plain["flags"][0]): Decision(Status.FIXED)})
    assert decided["flags"][0]["review"]["status"] == "fixed"
    assert decided["flags"][0]["review"]["suggested"] == "common-phrase"
