"""The app's remembered settings: an ini file at paths.settings_path(), read through QSettings."""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

from docflags_gui import paths
from docflags_gui.jobs import JobSettings
from docflags_gui.jobs.state import MAX_CONCURRENCY, MAX_MEMORY_MB, MIN_MEMORY_MB

__all__ = ["MAX_CONCURRENCY", "load_job_settings", "open_settings", "save_job_settings"]


def open_settings() -> QSettings:
    """The one settings file (window geometry, splitters, job settings)."""
    return QSettings(str(paths.settings_path()), QSettings.Format.IniFormat)


def _as_bool(value: object, default: bool) -> bool:
    # An ini file gives back strings ("true"/"false"); a fresh QSettings gives back bools.
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _as_number(value: object, default: float, low: float, high: float) -> float:
    try:
        number = float(str(value)) if value is not None else default
    except ValueError:
        number = default
    return min(max(number, low), high)


def default_job_settings() -> JobSettings:
    return JobSettings(concurrency=min(max(os.cpu_count() or 2, 1), MAX_CONCURRENCY))


def load_job_settings(settings: QSettings) -> JobSettings:
    """Job settings as last saved; missing or broken values fall back to the defaults."""
    defaults = default_job_settings()
    languages = settings.value("jobs/ocr_languages")
    soft = _as_number(settings.value("jobs/soft_limit_s"), defaults.soft_limit_s, 5, 86400)
    hard = _as_number(settings.value("jobs/hard_limit_s"), defaults.hard_limit_s, 5, 86400)
    return JobSettings(
        concurrency=int(
            _as_number(settings.value("jobs/concurrency"), defaults.concurrency, 1, MAX_CONCURRENCY)
        ),
        soft_limit_s=soft,
        hard_limit_s=max(hard, soft),
        retries=int(_as_number(settings.value("jobs/retries"), defaults.retries, 0, 10)),
        ocr=_as_bool(settings.value("jobs/ocr"), defaults.ocr),
        ocr_languages=str(languages).strip() or None if languages else None,
        max_memory_mb=int(
            _as_number(
                settings.value("jobs/max_memory_mb"),
                defaults.max_memory_mb,
                MIN_MEMORY_MB,
                MAX_MEMORY_MB,
            )
        ),
    )


def save_job_settings(settings: QSettings, job_settings: JobSettings) -> None:
    settings.setValue("jobs/concurrency", job_settings.concurrency)
    settings.setValue("jobs/soft_limit_s", job_settings.soft_limit_s)
    settings.setValue("jobs/hard_limit_s", job_settings.hard_limit_s)
    settings.setValue("jobs/retries", job_settings.retries)
    settings.setValue("jobs/ocr", job_settings.ocr)
    settings.setValue("jobs/ocr_languages", job_settings.ocr_languages or "")
    settings.setValue("jobs/max_memory_mb", job_settings.max_memory_mb)
    settings.sync()
