"""OCR threads (`ocr_threads.OcrThreads`): canvases read on the pool's threads in the order
queued, a canvas the engine waits for (`read_now`) before every canvas queued ahead, errors
handed to whoever waits, and the queue dropped on close."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest

from docflags_gui.analysis.ocr_recognised import CanvasPixels, Recognised, RecognisedWord
from docflags_gui.analysis.ocr_threads import OcrThreads


@dataclass(frozen=True)
class _Canvas:
    samples: bytes
    width: int = 1
    height: int = 1
    dpi: int = 300
    language: str = "eng"
    tessdata: str = "/nowhere"
    components: int = 1


class _Backend:
    """Reads a canvas as the one word its samples spell; the first canvas waits for `go`."""

    name = "fake"
    version = "fake 1"
    threads_read_in_parallel = True

    def __init__(self) -> None:
        self.go = threading.Event()
        self.started = threading.Event()
        self.order: list[str] = []

    def load(self, tessdata: str, language: str) -> None:
        pass

    def recognise(self, canvas: CanvasPixels) -> Recognised:
        text = canvas.samples.decode()
        if not self.order:
            self.started.set()
            assert self.go.wait(10)
        self.order.append(text)
        if text == "bad":
            raise RuntimeError("Tesseract could not read the page")
        return ((RecognisedWord(text, 0, 0, 1, 1),),)


def test_a_canvas_read_now_goes_before_the_canvases_queued_ahead() -> None:
    backend = _Backend()
    threads = OcrThreads(backend, 1)
    try:
        first = threads.submit(_Canvas(b"page1"))
        assert backend.started.wait(10)  # the one thread holds page 1
        queued = [threads.submit(_Canvas(f"page{n}".encode())) for n in (2, 3)]
        answer: list[Recognised] = []
        waiter = threading.Thread(target=lambda: answer.append(threads.read_now(_Canvas(b"strip"))))
        waiter.start()
        while len(threads._waiting) < 3:  # the strip queued beside pages 2 and 3
            threading.Event().wait(0.01)
        backend.go.set()
        waiter.join(10)
        assert answer[0][0][0].text == "strip"
        read = [threads.result(f)[0][0].text for f in (first, *queued)]
        assert read == ["page1", "page2", "page3"]
        assert backend.order == ["page1", "strip", "page2", "page3"]
    finally:
        backend.go.set()
        threads.close()


def test_what_the_backend_raises_reaches_whoever_waits() -> None:
    backend = _Backend()
    backend.go.set()
    threads = OcrThreads(backend, 2)
    try:
        with pytest.raises(RuntimeError, match="could not read"):
            threads.read_now(_Canvas(b"bad"))
        with pytest.raises(RuntimeError, match="could not read"):
            threads.result(threads.submit(_Canvas(b"bad")))
        assert threads.read_now(_Canvas(b"good"))[0][0].text == "good"
    finally:
        threads.close()


def test_closing_drops_the_canvases_still_queued() -> None:
    backend = _Backend()
    threads = OcrThreads(backend, 1)
    reading = threads.submit(_Canvas(b"page1"))
    assert backend.started.wait(10)
    queued = [threads.submit(_Canvas(f"page{n}".encode())) for n in (2, 3)]
    closing = threading.Thread(target=threads.close)
    closing.start()
    for _ in range(1000):
        if all(f.cancelled() for f in queued):
            break
        threading.Event().wait(0.01)
    backend.go.set()  # the page being read is finished, as a Tesseract call cannot be stopped
    closing.join(10)
    assert not closing.is_alive()
    assert threads.result(reading)[0][0].text == "page1"
    assert all(f.cancelled() for f in queued)
    assert backend.order == ["page1"]
