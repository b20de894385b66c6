"""Where docflags keeps its data, logs and cache (platformdirs; DOCFLAGS_DATA_DIR overrides)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "docflags"
DATA_DIR_ENV = "DOCFLAGS_DATA_DIR"


def data_dir() -> Path:
    """Settings, history database and logs live here; created on first use."""
    override = os.environ.get(DATA_DIR_ENV)
    path = (
        Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def logs_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    path = (
        Path(override) / "cache"
        if override
        else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def history_db_path() -> Path:
    return data_dir() / "history.sqlite3"


def settings_path() -> Path:
    return data_dir() / "settings.ini"
