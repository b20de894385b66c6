"""What a node accepts as a job: only docflags' kinds, only files inside its shared folder."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from docflags_gui.cluster.payload import InvalidJob, build_payload, check_payload
from docflags_gui.cluster.settings import BrokerAddressError, ClusterSettings, redact


def job(**fields: object) -> dict[str, object]:
    payload: dict[str, object] = {"v": 2, "kind": "analyze", "name": "r.pdf", "options": {}}
    payload.update(fields)
    return payload


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    (folder / "intake").mkdir(parents=True)
    (folder / "intake" / "r.pdf").write_bytes(b"%PDF-1.7\n")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.7 not yours\n")
    return folder


def test_bytes_travel_as_base64_and_come_back_unchanged(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n\x00\xff binary")
    payload = build_payload("analyze", pdf, {"ocr": False, "ocr_processes": 4})
    assert payload["options"] == {"ocr": False}  # the node decides its own processes
    checked = check_payload(payload, shared_dir=None)
    assert checked.data == pdf.read_bytes()
    assert checked.name == "report.pdf"
    assert checked.options == {"ocr": False}


def test_a_file_in_the_shared_folder_travels_as_its_relative_path(shared: Path) -> None:
    payload = build_payload("analyze", shared / "intake" / "r.pdf", {}, shared_dir=shared)
    assert payload["shared_path"] == "intake/r.pdf"
    assert "data" not in payload
    assert check_payload(payload, shared_dir=shared).shared_path == shared / "intake" / "r.pdf"


def test_a_file_outside_the_shared_folder_is_refused_on_the_client(shared: Path) -> None:
    with pytest.raises(InvalidJob, match="not inside the shared folder"):
        build_payload("analyze", shared.parent / "secret.pdf", {}, shared_dir=shared)


@pytest.mark.parametrize(
    "relative",
    ["../secret.pdf", "intake/../../secret.pdf", "/etc/passwd", "intake\\..\\..\\secret.pdf", ""],
)
def test_a_node_never_opens_a_path_outside_its_shared_folder(shared: Path, relative: str) -> None:
    with pytest.raises(InvalidJob):
        check_payload(job(shared_path=relative), shared_dir=shared)


def test_a_link_out_of_the_shared_folder_is_refused(shared: Path) -> None:
    (shared / "link.pdf").symlink_to(shared.parent / "secret.pdf")
    with pytest.raises(InvalidJob, match="outside the shared folder"):
        check_payload(job(shared_path="link.pdf"), shared_dir=shared)


def test_a_node_without_a_shared_folder_takes_no_paths(shared: Path) -> None:
    with pytest.raises(InvalidJob, match="no shared folder"):
        check_payload(job(shared_path="intake/r.pdf"), shared_dir=None)


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"kind": "shell"}, "only docflags jobs"),
        ({"kind": "analyze", "argv": ["rm", "-rf", "/"]}, "unknown fields"),
        ({"data": "not base64!"}, "not valid base64"),
        ({"data": "", "shared_path": "intake/r.pdf"}, "not both"),
        ({}, "not both"),
        ({"data": "", "options": {"worker_prefix": "sh"}}, "unknown option"),
        ({"data": "", "options": {"ocr": "yes"}}, "wrong type"),
        ({"data": "", "options": {"ocr_languages": "eng; rm"}}, "OCR languages"),
        ({"data": "", "name": "x" * 300}, "file name"),
        ({"data": "", "v": 1}, "job format"),
    ],
)
def test_anything_but_a_docflags_job_is_refused(fields: dict[str, object], why: str) -> None:
    with pytest.raises(InvalidJob, match=why):
        check_payload(job(**fields), shared_dir=None)


def test_not_a_mapping_is_refused() -> None:
    with pytest.raises(InvalidJob):
        check_payload(["analyze", "/etc/passwd"], shared_dir=None)


def test_empty_bytes_decode_to_an_empty_file() -> None:
    assert check_payload(job(data=base64.b64encode(b"").decode()), shared_dir=None).data == b""


def test_the_password_fills_in_and_never_shows() -> None:
    settings = ClusterSettings("redis://broker.example:6379/0", password="p@ss:word")
    assert settings.connection_url() == "redis://:p%40ss%3Aword@broker.example:6379/0"
    assert "p@ss" not in settings.display_url()
    assert settings.display_url() == "redis://:***@broker.example:6379/0"
    assert redact("redis://user:pw@h:1/0") == "redis://user:***@h:1/0"


def test_tls_switches_the_scheme() -> None:
    assert ClusterSettings("redis://h/0", tls=True).connection_url() == "rediss://h/0"
    assert ClusterSettings("rediss://h:6380/1").uses_tls


@pytest.mark.parametrize(
    "url", ["http://h:6379/0", "redis://:6379/0", "redis://h:port/0", "redis://h:6379/x", "h:6379"]
)
def test_a_broker_url_that_cannot_work_is_refused_with_a_reason(url: str) -> None:
    with pytest.raises(BrokerAddressError):
        ClusterSettings(url)
