"""The worker's English messages in the window's language: known ones translated with their
arguments, unknown ones as the worker wrote them, English unchanged."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from docflags_gui.ui import i18n
from docflags_gui.ui.engine_words import engine_words

MESSAGES = [
    ("Page 3/9: OCR", "Halaman 3/9: OCR"),
    ("not a PDF file", "bukan berkas PDF"),
    ("page 4: could not be read (bad xref)", "halaman 4: tidak dapat dibaca (bad xref)"),
    (
        "Stopped: the analysis ran past the time limit of 540 s.",
        "Dihentikan: analisis melewati batas waktu 540 dtk.",
    ),
    (
        "The analysis stopped without a result: it exited with code 4.\n\n"
        "Last lines of the worker log:\nTraceback (most recent call last)",
        "Analisis berhenti tanpa hasil: keluar dengan kode 4.\n\n"
        "Baris terakhir log pekerja:\nTraceback (most recent call last)",
    ),
    (
        "page 3: empty, its content was lost where the file is damaged",
        "halaman 3: kosong, isinya hilang di bagian berkas yang rusak",
    ),
    ("a message nobody listed", "a message nobody listed"),
]


@pytest.fixture
def indonesian(monkeypatch: pytest.MonkeyPatch, qapp: object) -> Iterator[None]:
    monkeypatch.setenv("LANGUAGE", "id")
    assert i18n.install_language("system") == "id"
    yield
    i18n.install_language("en")


@pytest.mark.parametrize(("english", "indonesian_text"), MESSAGES)
def test_worker_messages_are_translated_with_their_arguments(
    indonesian: None, english: str, indonesian_text: str
) -> None:
    assert engine_words(english) == indonesian_text


@pytest.mark.parametrize(("english", "_indonesian"), MESSAGES)
def test_in_english_the_worker_words_stay_as_they_are(
    qapp: object, english: str, _indonesian: str
) -> None:
    assert engine_words(english) == english
