"""Atomic file writes: a temporary file in the target folder, fsync, then one rename.

A failed export leaves neither a partial target nor the temporary file behind, and an existing
target is replaced only once the new content is completely on disk.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from docflags_gui.export.errors import ExportError

log = logging.getLogger(__name__)

TEMP_SUFFIX = ".docflags-tmp"


def atomic_write(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Call `write(stream)` on a temporary file next to `path`, then move it over `path`.

    Raises ExportError (with the cause chained) on any failure; the temporary file is removed.
    """
    path = Path(path)
    if path.is_symlink():
        # Replace the file the link points to, not the link: the user meant that file.
        path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    _check_target(path, folder)
    # A shortened name: a target near the 255-byte limit must not fail for its temporary file.
    # os.urandom as secrets.token_hex does, without importing `secrets` (hmac, OpenSSL: 5 ms
    # of every `docflags analyze`, which checks its output format before its worker starts).
    temp = folder / f".{path.name[:80]}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
    try:
        # 0o666 lets the umask decide the final permissions, as for any file the user saves;
        # an existing target keeps its own mode.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise ExportError(_describe_os_error(exc, path)) from exc
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        _keep_existing_mode(path, temp)
        os.replace(temp, path)
    except BaseException as exc:
        _remove_quietly(temp)
        if isinstance(exc, ExportError):
            raise
        if isinstance(exc, OSError):
            raise ExportError(_describe_os_error(exc, path)) from exc
        if isinstance(exc, Exception):
            log.exception("export to %s failed", path)
            raise ExportError(
                f"Could not export to {path}: an internal error occurred ({type(exc).__name__}: "
                f"{exc}). Nothing was written; please report this."
            ) from exc
        raise  # KeyboardInterrupt, SystemExit: cleaned up, then passed on
    _sync_folder(folder)


def _check_target(path: Path, folder: Path) -> None:
    if path.name in ("", ".", ".."):
        raise ExportError(f"{path} is not a file name; choose a file to export to.")
    if not folder.exists():
        raise ExportError(f"The folder {folder} does not exist; choose an existing folder.")
    if not folder.is_dir():
        raise ExportError(f"{folder} is not a folder; choose a file inside a folder.")
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give the export a file name.")
    if path.exists() and not path.is_file():
        # A device, pipe or socket: renaming over it would destroy it, not write to it.
        raise ExportError(f"{path} is not a regular file; choose another file name.")


def _describe_os_error(exc: OSError, path: Path) -> str:
    folder = path.parent
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"Cannot write {path}: permission denied. If the file is open in another program "
            f"(a spreadsheet, a viewer), close it; otherwise choose a folder you can write to."
        )
    if exc.errno == errno.ENOSPC:
        return f"Cannot write {path}: the disk is full. Free some space or choose another disk."
    if exc.errno == errno.ENAMETOOLONG:
        return f"Cannot write {path}: the file name is too long; choose a shorter one."
    if exc.errno == errno.ENOENT:
        return f"Cannot write {path}: the folder {folder} does not exist (any more)."
    return f"Cannot write {path}: {exc.strerror or exc}."


def _keep_existing_mode(path: Path, temp: Path) -> None:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    os.chmod(temp, mode)


def _remove_quietly(temp: Path) -> None:
    try:
        temp.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        log.warning("could not remove the temporary export file %s", temp, exc_info=True)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform lets a folder be opened for that."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
