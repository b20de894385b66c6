"""Which process owns an unfinished job, and whether that process is still alive.

Each process that writes jobs takes a random owner id and holds an exclusive lock on the file
`<owners dir>/<owner id>.lock` for its whole life. The operating system drops that lock when the
process ends in any way (exit, crash, SIGKILL, power loss), so "can someone else take the lock?"
answers "is the owner gone?" exactly. Unlike a pid, a random id is never reused, and unlike a pid
plus start time it needs no /proc. The lock file is opened non-inheritable (Python's default),
so worker subprocesses cannot keep a dead app's lock alive.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

# A lock file younger than this is never swept: its owner may be between creating and locking it.
_SWEEP_MIN_AGE_S = 60.0


def _try_lock(handle: IO[bytes]) -> bool:
    """Take the exclusive lock without waiting; False when another process holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class ProcessOwner:
    """This process's owner id, proven by a lock held until `release()` or process death."""

    def __init__(self, owners_dir: Path) -> None:
        self.owners_dir = owners_dir
        # 128 random bits in 32 hex digits, as uuid4().hex has (122 of them): importing uuid
        # loads `platform`, 10 ms of each `docflags analyze` while its worker starts up.
        self.owner_id = os.urandom(16).hex()
        self.pid = os.getpid()
        owners_dir.mkdir(parents=True, exist_ok=True)
        self._path = owners_dir / f"{self.owner_id}.lock"
        self._handle: IO[bytes] | None = open(self._path, "wb")  # noqa: SIM115 - held for life
        if not _try_lock(self._handle):  # a fresh random name: only a file system without
            self._handle.close()  # locks (some network shares) refuses it
            raise OSError(f"cannot lock {self._path}: the history folder does not support locks")
        self._handle.write(f"{self.pid}\n".encode())
        self._handle.flush()

    def release(self) -> None:
        """Give up ownership (orderly exit); the lock file goes too."""
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            self._path.unlink()
        self._handle.close()
        self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None


def owners_dir_for(db_path: Path) -> Path:
    """The folder of the owner lock files of the history database at `db_path`."""
    return db_path.with_name(db_path.name + ".owners")


def owner_alive(owners_dir: Path, owner_id: str) -> bool:
    """True while the process that took `owner_id` is running (it still holds the lock)."""
    path = owners_dir / f"{owner_id}.lock"
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below; closing releases a lock we took
    except FileNotFoundError:
        return False
    except OSError as exc:
        # Cannot tell (permissions?): assume alive, so a live job is never marked interrupted.
        log.warning("cannot check owner lock %s: %s", path, exc)
        return True
    with handle:
        return not _try_lock(handle)


def sweep_dead_owner_files(owners_dir: Path) -> int:
    """Delete the lock files of owners that are gone; returns how many were removed."""
    removed = 0
    if not owners_dir.is_dir():
        return 0
    now = time.time()
    for path in owners_dir.glob("*.lock"):
        try:
            if now - path.stat().st_mtime < _SWEEP_MIN_AGE_S:
                continue
            with open(path, "rb") as handle:
                if _try_lock(handle):
                    path.unlink()
                    removed += 1
        except OSError:
            continue  # vanished meanwhile, or locked on Windows: leave it
    return removed
