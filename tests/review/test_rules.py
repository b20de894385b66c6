"""The exclusion rules suggest the statuses the checkers' own exclusions would give."""

from __future__ import annotations

from typing import Any

from docflags_gui.matching.text_reader import paragraph_spans
from docflags_gui.review.rules import ManuscriptContext, ReviewRules, suggest
from docflags_gui.review.statuses import Status

MANUSCRIPT = (
    "Introduction\n\n"
    "Many authors agree that “learning happens best when students explain ideas to each "
    "other” (Chi & Wylie, 2014). Others wrote that “feedback is the single strongest lever of "
    "learning” and left it there. Hattie (2009) found that “visible learning changes "
    "teaching”. A footnoted view: “practice makes permanent, not perfect”.12 Then “numbered "
    "sources are cited too” [4]. The “end of a quote.” Next sentence (Smith, 2020).\n\n"
    "Our own words about the same study are not quoted at all in this paragraph.\n\n"
    "Methods\n\n"
    "We interviewed forty teachers in twelve schools.\n\n"
    "References\n\n"
    "Chi, M. T. H., & Wylie, R. (2014). The ICAP framework. Educational Psychologist, 49(4).\n\n"
    "Appendix A\n\n"
    "Interview questions for the teachers."
)
CONTEXT = ManuscriptContext.of(MANUSCRIPT, paragraph_spans(MANUSCRIPT))
ALL_RULES = ReviewRules(
    exclude_quotes=True,
    exclude_bibliography=True,
    exclude_small=5,
    exclude_sources=frozenset({7}),
    exclude_sections=frozenset({"methods"}),
)


def flag_at(passage: str, source: int | None = 1) -> dict[str, Any]:
    start = MANUSCRIPT.index(passage)
    end = start + len(passage)
    return {
        "text": passage,
        "source": source,
        "match": {"start": start, "end": end, "text": passage},
    }


def suggested(passage: str, rules: ReviewRules = ALL_RULES, source: int | None = 1) -> Any:
    suggestion = suggest(flag_at(passage, source), rules, CONTEXT)
    return None if suggestion is None else (suggestion.status, suggestion.reason)


def test_quoted_with_author_year_after_is_quoted_and_cited() -> None:
    passage = "learning happens best when students explain ideas to each other"
    assert suggested(passage) == (Status.QUOTED_CITED, "quoted and cited")


def test_quoted_without_citation_needs_fix_with_the_reason() -> None:
    passage = "feedback is the single strongest lever of learning"
    assert suggested(passage) == (Status.NEEDS_FIX, "quoted but not cited")


def test_narrative_citation_footnote_and_numbered_reference_count_as_citations() -> None:
    assert suggested("visible learning changes teaching")[0] is Status.QUOTED_CITED
    assert suggested("practice makes permanent, not perfect")[0] is Status.QUOTED_CITED
    assert suggested("sources are cited too")[0] is Status.QUOTED_CITED


def test_a_citation_in_the_next_sentence_does_not_cite_the_quotation() -> None:
    assert suggested("end of a quote.") == (Status.NEEDS_FIX, "quoted but not cited")


def test_a_passage_only_partly_inside_quotation_marks_is_not_quoted() -> None:
    passage = "strongest lever of learning” and left it there"
    assert suggested(passage) is None


def test_unquoted_passage_gets_no_suggestion() -> None:
    assert suggested("Our own words about the same study are not quoted") is None


def test_bibliography_after_its_heading_and_not_after_the_appendix() -> None:
    assert suggested("The ICAP framework. Educational Psychologist") == (
        Status.BIBLIOGRAPHY,
        "in the bibliography",
    )
    assert suggested("Interview questions for the teachers.", ReviewRules(exclude_small=0)) is None


def test_excluded_section_and_excluded_source() -> None:
    assert suggested("We interviewed forty teachers in twelve schools.")[0] is Status.FALSE_POSITIVE
    assert suggested("Our own words about the same study", source=7) == (
        Status.FALSE_POSITIVE,
        "source 7 excluded",
    )


def test_small_matches_are_common_phrases_without_a_place_too() -> None:
    flag = {"text": "in this paragraph", "source": 2, "match": None}
    suggestion = suggest(flag, ALL_RULES, None)
    assert suggestion is not None
    assert (suggestion.status, suggestion.reason) == (Status.COMMON_PHRASE, "fewer than 5 words")


def test_rules_that_are_off_suggest_nothing() -> None:
    off = ReviewRules()
    for passage in (
        "feedback is the single strongest lever of learning",
        "The ICAP framework. Educational Psychologist",
        "in this paragraph",
    ):
        assert suggested(passage, off) is None
    assert not off.any
    assert ReviewRules.from_json(ALL_RULES.to_json()) == ALL_RULES


def test_recheck_of_a_revision_suggests_fixed_and_quoted_and_cited() -> None:
    revised = (
        "Introduction\n\nMany authors agree that “learning happens best when students explain "
        "ideas to each other” (Chi & Wylie, 2014). The same study, in our own words now."
    )
    context = ManuscriptContext.of(revised, paragraph_spans(revised))
    gone = {"text": "feedback is the single strongest lever of learning", "source": 1,
            "kind": "drawn", "match": None}  # fmt: skip
    passage = "learning happens best when students explain ideas to each other"
    start = revised.index(passage)
    quoted = {"text": passage, "source": 1, "kind": "drawn",
              "match": {"start": start, "end": start + len(passage), "text": passage}}  # fmt: skip
    off = ReviewRules()
    fixed = suggest(gone, off, context, revision=True)
    now_cited = suggest(quoted, off, context, revision=True)
    assert fixed is not None and fixed.status is Status.FIXED
    assert fixed.reason == "no longer in the manuscript"
    assert now_cited is not None and now_cited.status is Status.QUOTED_CITED
    assert suggest(gone, off, context) is None  # a first match: not found is not fixed
