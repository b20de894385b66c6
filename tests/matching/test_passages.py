"""What reports do to a passage, and what the match must still find (or refuse to find)."""

from __future__ import annotations

from pathlib import Path

from docflags_gui.matching.manuscript import Manuscript
from docflags_gui.matching.normalize import normalize
from docflags_gui.matching.passages import PassageMatcher
from docflags_gui.matching.result import match_document
from tests.store.factories import bare_flag, bare_result

MANUSCRIPT = (
    "Chapter one.\n\n"
    "The “first” figure shows how the self-collected data were analysed in the framework of the "
    "study, with a reliability coefficient above the usual threshold for such instruments.\n\n"
    "Participants were recruited from three provinces; each signed a consent form before the "
    "interviews began, and the transcripts were coded twice by independent readers.\n\n"
    "Repeated sentence about blended learning in rural schools and their teachers.\n\n"
    "A paragraph in between that says something else entirely about the budget of the project.\n\n"
    "Repeated sentence about blended learning in rural schools and their teachers.\n"
)


def _place(passage: str) -> str | None:
    (placement,) = PassageMatcher(MANUSCRIPT).match_all([passage])
    return None if placement is None else MANUSCRIPT[placement.start : placement.end]


def test_normalize_maps_each_letter_back_to_its_original_offset() -> None:
    folded = normalize("Ein ﬁnaler “Café”")
    assert folded.text == "einfinalercafe"
    assert folded.span(3, 9) == (4, 9)  # "finale" comes from the ligature "ﬁ" + "nale"


def test_ligatures_quotes_case_and_spacing_do_not_matter() -> None:
    found = _place('THE "FIRST" ﬁgure shows how the self collected data  were analysed')
    assert found == "The “first” figure shows how the self-collected data were analysed"


def test_joined_hyphenation_and_ocr_errors_are_tolerated() -> None:
    found = _place("howthe selfcollected data wene anaIysed in the frarnework of the study, with")
    assert found == "how the self-collected data were analysed in the framework of the study, with"


def test_passage_across_two_paragraphs_is_found_whole() -> None:
    found = _place("for such instruments. Participants were recruited from three provinces")
    assert found == "for such instruments.\n\nParticipants were recruited from three provinces"


def test_ellipsis_pieces_are_chained_in_order() -> None:
    found = _place("Participants were recruited ... the transcripts were coded twice")
    assert found is not None
    assert found.startswith("Participants were recruited")
    assert found.endswith("the transcripts were coded twice")


def test_passage_not_in_the_manuscript_gets_none() -> None:
    assert _place("The second figure shows a completely different result for the sample") is None
    assert _place("budget of the province") is None


def test_repeated_text_is_placed_in_report_order() -> None:
    repeated = "Repeated sentence about blended learning in rural schools"
    first, between, second = PassageMatcher(MANUSCRIPT).match_all(
        [repeated, "says something else entirely about the budget", repeated]
    )
    assert first is not None and second is not None and between is not None
    assert first.start < between.start < second.start
    assert MANUSCRIPT[second.start : second.end] == repeated


def test_match_document_adds_manuscript_and_a_match_per_flag(tmp_path: Path) -> None:
    path = tmp_path / "m.txt"
    path.write_text(MANUSCRIPT, encoding="utf-8", newline="")
    spans = [(0, 12), (14, 184), (186, 345), (347, 424), (426, 516), (518, 595)]
    manuscript = Manuscript("txt", MANUSCRIPT, spans, [None] * 6, None, ["a warning"])
    document = bare_result(
        "report.pdf",
        [
            bare_flag(1, "each signed a consent form", kind="highlight"),
            bare_flag(2, "each signed a consent form", kind="note"),
            bare_flag(3, "nothing like this is in the manuscript at all", kind="drawn"),
        ],
    )
    matched = match_document(document, path, manuscript)
    assert "match" not in document["flags"][0]  # the input is left as it was
    assert matched["manuscript"]["format"] == "txt"
    assert matched["manuscript"]["chars"] == len(MANUSCRIPT)
    assert matched["manuscript"]["paragraphs"] == 6
    assert matched["manuscript"]["pages"] is None
    assert len(matched["manuscript"]["sha256"]) == 64
    first = matched["flags"][0]["match"]
    assert first is not None
    assert first["text"] == "each signed a consent form"
    assert MANUSCRIPT[first["start"] : first["end"]] == first["text"]
    assert first["paragraph"] == 3 and first["page"] is None and first["score"] == 1.0
    assert matched["flags"][1]["match"] is None
    assert matched["flags"][2]["match"] is None
    assert matched["warnings"] == ["manuscript: a warning"]
