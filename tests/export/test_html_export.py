"""HTML: one self-contained report; every text escaped; no network; passage images from the PDF."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pymupdf

from docflags_gui.export import export_results, render_text
from docflags_gui.result import ResultDocument
from tests.export.conftest import ALL_TEXTS, HOSTILE_COMMENTS, make_result

# The only elements the report itself writes; anything else came from a text unescaped.
REPORT_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p",
    "section", "dl", "dt", "dd", "ul", "ol", "li", "span", "div", "table", "thead", "tbody",
    "tr", "th", "td", "blockquote", "img", "a",
}  # fmt: skip


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        self.text.append(data)


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def _export(tmp_path: Path, results: list[ResultDocument], pdf_paths: Any = None) -> str:
    path = tmp_path / "report.html"
    export_results(results, "html", path, pdf_paths=pdf_paths)
    return path.read_text(encoding="utf-8")


def test_texts_are_escaped_and_no_markup_gets_through(
    tmp_path: Path, hostile_result: ResultDocument
) -> None:
    html = _export(tmp_path, [hostile_result])
    page = _parse(html)
    assert {tag for tag, _ in page.tags} <= REPORT_TAGS
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    assert "<script" not in html and "<iframe" not in html and "<img src=x" not in html
    text = "".join(page.text)
    for hostile in ALL_TEXTS:
        assert hostile.strip() in text
    for comment in HOSTILE_COMMENTS:
        if comment:
            # HTML parsing turns CR LF into LF, as every browser does.
            assert comment.strip().replace("\r\n", "\n") in text


def test_report_makes_no_network_reference(
    tmp_path: Path, pdf_and_result: tuple[Path, ResultDocument]
) -> None:
    pdf, result = pdf_and_result
    html = _export(tmp_path, [result], {result["sha256"]: pdf})
    for tag, attrs in _parse(html).tags:
        for name in ("src", "href", "action", "data", "poster"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith(("data:", "#")), (tag, name, value[:40])
    assert not re.search(r"url\(|@import", html)
    assert not re.search(r"https?://", html), "not even as text"


def test_content_security_policy_blocks_scripts_and_allows_only_its_own_style(
    tmp_path: Path, hostile_result: ResultDocument
) -> None:
    page = _parse(_export(tmp_path, [hostile_result]))
    policies = [
        attrs["content"]
        for tag, attrs in page.tags
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert len(policies) == 1
    policy = policies[0] or ""
    assert "default-src 'none'" in policy and "script-src 'none'" in policy
    assert "unsafe-inline" not in policy
    digest = base64.b64encode(hashlib.sha256(page.style.encode("utf-8")).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in policy
    assert not any("style" in attrs for _, attrs in page.tags), "inline styles would be blocked"


def test_each_flag_has_an_image_of_its_passage_reading_left_to_right_on_a_rotated_page(
    tmp_path: Path, pdf_and_result: tuple[Path, ResultDocument]
) -> None:
    pdf, result = pdf_and_result
    page = _parse(_export(tmp_path, [result], {result["sha256"]: pdf}))
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    assert len(images) == len(result["flags"])
    with pymupdf.open(pdf) as document:
        assert document[2].rotation == 90, "page 3 is shown sideways by a viewer"
    for attrs in images:
        pixmap = _image(attrs)
        # Page 3's upright content is shown sideways; its passages still read left to right.
        assert pixmap.width > 3 * pixmap.height
        assert _dark_fraction(pixmap) > 0.02, "the image shows the passage's text, not paper"
    assert pymupdf.open(pdf)[2].rotation == 90, "the PDF itself is never changed"


def test_vertical_text_is_turned_to_read_and_a_scan_is_shown_as_a_viewer_shows_it(
    tmp_path: Path,
) -> None:
    pdf = tmp_path / "vertical.pdf"
    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    page.insert_text((300, 700), "Vertical passage going up the page", fontsize=14, rotate=90)
    words = page.get_text("words")
    vertical = pymupdf.Rect(words[0][:4])
    for word in words[1:]:
        vertical |= pymupdf.Rect(word[:4])
    scan = document.new_page(width=595, height=842)
    scan.draw_rect(pymupdf.Rect(100, 100, 400, 130), color=None, fill=(0, 0, 0))
    scan.set_rotation(90)
    document.save(pdf)
    document.close()
    result = make_result(file="vertical.pdf", sha256=hashlib.sha256(pdf.read_bytes()).hexdigest())
    result["flags"] = [
        {
            **result["flags"][0],
            "page": 1,
            "rect": [vertical.x0, vertical.y0, vertical.x1, vertical.y1],
        },
        {**result["flags"][1], "page": 2, "rect": [100.0, 100.0, 400.0, 130.0]},
    ]
    page_tags = _parse(_export(tmp_path, [result], {result["sha256"]: pdf})).tags
    text_image, scan_image = (_image(attrs) for tag, attrs in page_tags if tag == "img")
    assert text_image.width > 3 * text_image.height, "upward text turned to read left to right"
    assert scan_image.height > scan_image.width, "no text: the page as a viewer shows it"


def _image(attrs: dict[str, str | None]) -> pymupdf.Pixmap:
    header, data = (attrs["src"] or "").split(",", 1)
    assert header in ("data:image/png;base64", "data:image/jpeg;base64")
    return pymupdf.Pixmap(base64.b64decode(data))


def _dark_fraction(pixmap: pymupdf.Pixmap) -> float:
    samples = pixmap.samples
    step = pixmap.n
    dark = sum(1 for i in range(0, len(samples), step) if samples[i] < 160)
    area: int = pixmap.width * pixmap.height
    return dark / area


def test_without_the_pdf_there_are_no_images_and_a_note(
    tmp_path: Path, pdf_and_result: tuple[Path, ResultDocument]
) -> None:
    _, result = pdf_and_result
    html = _export(tmp_path, [result], {})
    assert "<img" not in html
    assert "The PDF was not available" in html


def test_a_changed_pdf_gives_no_wrong_images(
    tmp_path: Path, pdf_and_result: tuple[Path, ResultDocument]
) -> None:
    pdf, result = pdf_and_result
    pdf.write_bytes(pdf.read_bytes() + b"\n% edited\n")
    html = _export(tmp_path, [result], {result["sha256"]: pdf})
    assert "<img" not in html
    assert "has changed since it was analysed" in html


def test_report_shows_summary_sources_and_right_to_left_text(
    tmp_path: Path, hostile_result: ResultDocument
) -> None:
    html = _export(tmp_path, [hostile_result])
    assert "Similarity index</dt><dd>43%</dd>" in html
    assert "repository.example.ac.id" in html and "&lt;1%" in html
    assert '<blockquote class="text" dir="auto">שלום עולם, זהו משפט בעברית</blockquote>' in html


def test_several_results_get_an_overview_and_a_section_each(
    two_results: list[ResultDocument],
) -> None:
    html = render_text(two_results, "html")
    assert html.count('<section class="document"') == 2
    assert '<a href="#doc-2">second.pdf</a>' in html


def test_flags_are_grouped_by_page_whatever_their_order(
    tmp_path: Path, pdf_and_result: tuple[Path, ResultDocument]
) -> None:
    pdf, result = pdf_and_result
    result["flags"].reverse()
    html = _export(tmp_path, [result], {result["sha256"]: pdf})
    assert re.findall(r'<h4 class="page">Page (\d+)</h4>', html) == ["1", "2", "3"]
    page = _parse(html)
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    alts = [attrs["alt"] for attrs in images]
    assert alts == [f"The passage on page {n}" for n in (1, 1, 1, 2, 2, 2, 3, 3, 3)]


def test_images_stop_at_the_limit_with_a_note(
    tmp_path: Path, pdf_and_result: tuple[Path, ResultDocument], monkeypatch: Any
) -> None:
    pdf, result = pdf_and_result
    monkeypatch.setattr("docflags_gui.export.html_export.MAX_IMAGES", 4)
    second: ResultDocument = {**result, "file": "again.pdf"}
    html = _export(tmp_path, [result, second], {result["sha256"]: pdf})
    assert html.count('src="data:image/') == 4
    assert "Images are shown for the first 4 passages only" in html
    text = "".join(_parse(html).text)
    assert "No passage images for this file: the report already holds 4." in text
