"""Match and annotate on the cluster: `docflags match/annotate --broker` give what a local run
gives (the manuscript and the report's result travel with the task, the annotated copy comes
back), by bytes or through a shared folder; the window's match goes to a node as well."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobState
from docflags_gui.matching.readers import read_manuscript
from docflags_gui.ui.cluster_choice import ClusterChoice, save_cluster_choice
from docflags_gui.ui.main_window import MainWindow
from docflags_gui.ui.settings_store import open_settings
from tests.cli.test_review_cli import PARAGRAPHS, PASSAGES, write_docx
from tests.cluster.servers import PASSWORD, Node, RedisServer
from tests.cluster.test_end_to_end import docflags
from tests.matching.reports import build_report
from tests.ui.conftest import drop_paths, make_window, wait_all_final
from tests.ui.test_review_window import reviewer

__all__ = ["make_window"]  # the window fixture, from the window's tests

RULES = ("--exclude-quotes", "--exclude-bibliography")


def json_of(*args: str) -> dict[str, Any]:
    done = docflags(*args)
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def zip_members(path: Path) -> dict[str, bytes]:
    """The copy's parts, each comment's time of writing left out (the two copies were made
    seconds apart)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/comments.xml"] = re.sub(rb'w:date="[^"]*"', b"", parts["word/comments.xml"])
    return parts


def ran_on_nodes(nodes: list[Node], task: str) -> int:
    return sum(node.log().count(f"Task {task}[") // 2 for node in nodes)  # received, succeeded


def test_match_review_and_annotate_on_the_cluster_give_what_they_give_locally(
    nodes: list[Node], redis_server: RedisServer, broker_password: str, tmp_path: Path
) -> None:
    report = build_report(tmp_path / "report.pdf", PASSAGES, "#ff8800")
    manuscript = write_docx(PARAGRAPHS, tmp_path / "thesis.docx")
    broker = ("--broker", redis_server.url)
    before = ran_on_nodes(nodes, "docflags.match")
    remote = json_of("match", str(report), str(manuscript), "-f", "json", *RULES, *broker)
    local = json_of("match", str(report), str(manuscript), "-f", "json", *RULES, "--no-history")
    assert remote["manuscript"]["file"] == "thesis.docx"
    assert [flag["match"] for flag in remote["flags"]] == [flag["match"] for flag in local["flags"]]
    assert remote == local
    assert [flag["review"]["suggested"] for flag in remote["flags"]] == [
        "quoted-cited", "needs-fix", None, "bibliography",
    ]  # fmt: skip
    assert ran_on_nodes(nodes, "docflags.match") == before + 1

    # The review is the history's (on this computer); the annotated copy is made on a node.
    decided = docflags("review", "1", "--set", "3=needs-fix", "--note", "rewrite it")
    assert decided.returncode == 0, decided.stderr
    on_cluster, here = tmp_path / "cluster.docx", tmp_path / "here.docx"
    sent = docflags("annotate", "1", "-o", str(on_cluster), *broker)
    assert sent.returncode == 0, sent.stderr
    made_here = docflags("annotate", "1", "-o", str(here))
    assert made_here.returncode == 0, made_here.stderr
    assert sent.stderr.replace("cluster.docx", "here.docx") == made_here.stderr
    assert "4 of 4 flagged passages annotated" in sent.stderr
    assert zip_members(on_cluster) == zip_members(here)
    assert b"rewrite it" in zip_members(on_cluster)["word/comments.xml"]
    assert ran_on_nodes(nodes, "docflags.annotate") == 1
    assert not list(tmp_path.glob(".cluster-*"))  # written through a temporary file


def test_annotate_through_a_shared_folder_and_a_manuscript_that_cannot_be_read(
    nodes: list[Node], redis_server: RedisServer, shared_dir: Path, broker_password: str
) -> None:
    folder = shared_dir / "thesis-job"
    folder.mkdir()
    report = build_report(folder / "report.pdf", PASSAGES, "#ff8800")
    manuscript = folder / "thesis.md"
    manuscript.write_text("\n\n".join(PARAGRAPHS), encoding="utf-8")
    cluster = ("--broker", redis_server.url, "--shared-dir", str(shared_dir))
    copy, local_copy = folder / "thesis-annotated.html", folder / "local.html"
    done = docflags("annotate", str(report), str(manuscript), "-o", str(copy), *cluster)
    assert done.returncode == 0, done.stderr
    here = docflags("annotate", str(report), str(manuscript), "-o", str(local_copy))
    assert here.returncode == 0, here.stderr
    assert copy.read_bytes() == local_copy.read_bytes()
    assert "4 of 4 flagged passages annotated" in done.stderr
    # Outside the shared folder: refused on this computer, nothing is sent.
    outside = shared_dir.parent / "elsewhere.md"
    outside.write_text("text", encoding="utf-8")
    refused = docflags("match", str(report), str(outside), *cluster)
    assert refused.returncode == 1
    assert "is not inside the shared folder" in refused.stderr
    # A manuscript the node cannot read: the node's worker says why, as a local one does.
    broken = folder / "broken.docx"
    broken.write_bytes(b"not a zip")
    failed = docflags("match", str(report), str(broken), "--no-history", *cluster)
    locally = docflags("match", str(report), str(broken), "--no-history")
    assert failed.returncode == locally.returncode == 1
    assert failed.stderr.splitlines()[-1] == locally.stderr.splitlines()[-1]


def test_the_windows_match_goes_to_the_cluster(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    nodes: list[Node],
    redis_server: RedisServer,
    tmp_path: Path,
) -> None:
    save_cluster_choice(open_settings(), ClusterChoice(True, redis_server.url, PASSWORD))
    window = make_window()
    heard: list[tuple[str, str]] = []
    window.manager.job_progress.connect(lambda job, _percent, text: heard.append((job, text)))
    before = ran_on_nodes(nodes, "docflags.match")
    analyses = ran_on_nodes(nodes, "docflags.analyze")
    annotated = ran_on_nodes(nodes, "docflags.annotate")
    report = build_report(tmp_path / "report.pdf", PASSAGES, "#ff8800")
    manuscript = write_docx(PARAGRAPHS, tmp_path / "thesis.docx")
    drop_paths(window, [report, manuscript])
    qtbot.waitUntil(lambda: any(i.kind == "match" for i in window.manager.jobs()), timeout=90_000)
    wait_all_final(qtbot, window)
    match = next(info for info in window.manager.jobs() if info.kind == "match")
    assert match.state is JobState.SUCCESS, match.error
    assert match.result is not None and match.result["manuscript"]["file"] == "thesis.docx"
    assert [flag["match"] is not None for flag in match.result["flags"]] == [True] * 4
    said = [text for job, text in heard if job == match.job_id]
    assert said[0] == "Queued on the cluster, waiting for a node", said
    # The analysis and the match ran on the nodes (a short match may end between two looks at
    # its state, so its progress need not name the node).
    assert ran_on_nodes(nodes, "docflags.match") == before + 1
    assert ran_on_nodes(nodes, "docflags.analyze") == analyses + 1
    qtbot.waitUntil(lambda: window.flags_table.model().columnCount() == 9)
    # File > Save Annotated Manuscript…: the node writes the copy, it comes back here.
    copy = tmp_path / "thesis-annotated.docx"
    reviewer(window).ask_copy_path = lambda suggested: copy
    reviewer(window).save_action.trigger()
    qtbot.waitUntil(lambda: any(i.kind == "annotate" for i in window.manager.jobs()))
    wait_all_final(qtbot, window)
    annotate = next(info for info in window.manager.jobs() if info.kind == "annotate")
    assert annotate.state is JobState.SUCCESS, annotate.error
    assert ran_on_nodes(nodes, "docflags.annotate") == annotated + 1
    assert len(docx.Document(str(copy)).comments) == 4
    assert read_manuscript(copy).text == read_manuscript(manuscript).text
