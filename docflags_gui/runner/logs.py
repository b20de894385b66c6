"""Per-job worker logs: where each attempt's stderr goes, and how many of them are kept.

Every job log lives in the logs folder as `job-<kind>-<YYYYmmdd-HHMMSS>-<pid>-<tag>-<name>.log`
(the app and the command line alike), next to the app's own `docflags.log`, which pruning
never touches. Several docflags processes may prune the same folder at once: a file another
one removed first is simply skipped, and so is a file still being written (newer than
`MIN_AGE_S`), so pruning never fails a run and never removes a running job's log.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

# Job logs kept in the logs folder (the newest ones).
KEEP_LOGS = 200
# A log younger than this may belong to a job that is still running: never pruned.
MIN_AGE_S = 3600.0
JOB_LOG_PREFIX = "job-"
# Names earlier versions gave job logs, pruned the same way.
_PATTERNS = (f"{JOB_LOG_PREFIX}*.log", "analyze-*.log", "20[0-9][0-9]*-*.log")
_SAFE_NAME_CHARS = frozenset("-_.")
_NAME_LIMIT = 60


def job_log_path(logs_dir: Path, kind: str, tag: str, input_path: Path) -> Path:
    """A new log's path for one job: unique per process (`tag` per job), readable by a person."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    stem = "".join(c if c.isalnum() or c in _SAFE_NAME_CHARS else "_" for c in input_path.stem)
    name = f"{JOB_LOG_PREFIX}{kind}-{stamp}-{os.getpid()}-{tag}-{stem[:_NAME_LIMIT]}.log"
    return logs_dir / name


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile (another process pruned it), or unreadable
        return None


def prune_logs(
    logs_dir: Path, keep: int = KEEP_LOGS, *, min_age_s: float = MIN_AGE_S, now: float | None = None
) -> int:
    """Remove the oldest job logs beyond the newest `keep`; returns how many were removed.

    Safe to run from several processes at once, and never raises for a file that vanished or
    could not be removed: a log we cannot tidy up is harmless.
    """
    seen: set[Path] = set()
    dated: list[tuple[float, Path]] = []
    for pattern in _PATTERNS:
        for path in logs_dir.glob(pattern):
            mtime = _mtime(path) if path not in seen else None
            seen.add(path)
            if mtime is not None:
                dated.append((mtime, path))
    dated.sort(reverse=True)
    cutoff = (time.time() if now is None else now) - min_age_s
    removed = 0
    for mtime, path in dated[keep:]:
        if mtime > cutoff:
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed
