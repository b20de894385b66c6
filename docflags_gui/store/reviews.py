"""The review's rows of the history: decisions by report and passage, rules and manuscript by job.

Functions on a connection, so reads run on the reader's connections and writes inside the
history writer's transactions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from docflags_gui.review.entries import Decision
from docflags_gui.review.rules import ReviewRules
from docflags_gui.review.statuses import Status
from docflags_gui.store.models import ReviewDecision, ReviewJob


@dataclass(frozen=True)
class StoredReview:
    """A matched job's review rules, and the manuscript it was matched with (None: unknown)."""

    rules: ReviewRules
    manuscript: Path | None


def read_decisions(conn: Connection, report_sha256: str) -> dict[str, Decision]:
    rows = conn.execute(
        select(ReviewDecision.passage_key, ReviewDecision.status, ReviewDecision.note).where(
            ReviewDecision.report_sha256 == report_sha256
        )
    )
    decisions: dict[str, Decision] = {}
    for key, status, note in rows:
        try:
            decisions[key] = Decision(Status(status), note or "")
        except ValueError:
            continue  # a status this version does not know (written by a newer docflags)
    return decisions


def write_decisions(
    conn: Connection, report_sha256: str, decisions: Mapping[str, Decision], now: float
) -> None:
    for key, decision in decisions.items():
        values = {"status": decision.status.value, "note": decision.note or None, "updated": now}
        conn.execute(
            sqlite_insert(ReviewDecision)
            .values(report_sha256=report_sha256, passage_key=key, **values)
            .on_conflict_do_update(
                index_elements=[ReviewDecision.report_sha256, ReviewDecision.passage_key],
                set_=values,
            )
        )


def read_review_job(conn: Connection, job_id: int) -> StoredReview | None:
    row = conn.execute(
        select(ReviewJob.rules_json, ReviewJob.manuscript_path).where(ReviewJob.job_id == job_id)
    ).first()
    if row is None:
        return None
    try:
        rules = ReviewRules.from_json(json.loads(row[0]))
    except (ValueError, TypeError):
        rules = ReviewRules()
    return StoredReview(rules, Path(row[1]) if row[1] else None)


def write_review_job(
    conn: Connection, job_id: int, rules: ReviewRules, manuscript: Path | None, now: float
) -> None:
    values = {
        "rules_json": json.dumps(rules.to_json()),
        "manuscript_path": None if manuscript is None else str(manuscript),
        "updated": now,
    }
    conn.execute(
        sqlite_insert(ReviewJob)
        .values(job_id=job_id, **values)
        .on_conflict_do_update(index_elements=[ReviewJob.job_id], set_=values)
    )
