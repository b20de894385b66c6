"""Where the window runs its jobs: this computer or a cluster, remembered in the settings file.

The choice is plain data; `make_executor` turns it into the runner's cluster executor, and only
then is the cluster package (Celery, redis-py) imported. The broker's password is kept in the
settings file, which is made readable by its owner only.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSettings

from docflags_gui.jobs import JobManager
from docflags_gui.jobs.state import JobSettings
from docflags_gui.runner.executor import Executor
from docflags_gui.ui.engine_words import engine_words
from docflags_gui.ui.i18n import translate

if TYPE_CHECKING:
    from docflags_gui.cluster.settings import ClusterSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClusterChoice:
    """Settings > Run jobs on: `enabled` means a cluster, at `broker_url`; `tls_ca_file` is
    the certificate (PEM) of the authority that signed a TLS broker's (for a self-signed one:
    its own), "" to trust the system's authorities."""

    enabled: bool = False
    broker_url: str = ""
    password: str = ""
    tls: bool = False
    tls_ca_file: str = ""

    def cluster_settings(self) -> ClusterSettings:
        """The cluster package's settings for this choice (the password from the environment
        when none is given). BrokerAddressError when the URL cannot be used."""
        from docflags_gui.cluster.settings import PASSWORD_ENV, ClusterSettings

        password = self.password or os.environ.get(PASSWORD_ENV) or None
        ca_file = Path(self.tls_ca_file) if self.tls_ca_file else None
        return ClusterSettings(
            self.broker_url, password=password, tls=self.tls, tls_ca_file=ca_file
        )


class ClusterChoiceError(Exception):
    """The chosen cluster cannot be used; str() says why, for the user."""


def cluster_installed() -> bool:
    """Whether the `cluster` extra (Celery, redis-py) is installed; imports neither."""
    return all(importlib.util.find_spec(name) is not None for name in ("celery", "redis"))


def broker_url_problem(url: str) -> str:
    """Why `url` cannot name a broker, or "" when it can (no Celery needed to tell)."""
    from docflags_gui.cluster.settings import BrokerAddressError, check_broker_url

    try:
        check_broker_url(url)
    except BrokerAddressError as exc:
        return str(exc)
    return ""


def load_cluster_choice(settings: QSettings) -> ClusterChoice:
    def text(key: str) -> str:
        value = settings.value(f"cluster/{key}")
        return str(value).strip() if value is not None else ""

    return ClusterChoice(
        enabled=text("enabled").lower() in ("1", "true"),
        broker_url=text("broker_url"),
        password=text("password"),
        tls=text("tls").lower() in ("1", "true"),
        tls_ca_file=text("tls_ca_file"),
    )


def save_cluster_choice(settings: QSettings, choice: ClusterChoice) -> None:
    settings.setValue("cluster/enabled", choice.enabled)
    settings.setValue("cluster/broker_url", choice.broker_url)
    settings.setValue("cluster/password", choice.password)
    settings.setValue("cluster/tls", choice.tls)
    settings.setValue("cluster/tls_ca_file", choice.tls_ca_file)
    settings.sync()
    if choice.password and os.name == "posix":
        with contextlib.suppress(OSError):  # the password is in it: the owner's eyes only
            Path(settings.fileName()).chmod(0o600)


class ChosenSettings(Protocol):
    """What the Settings dialog hands back."""

    def job_settings(self) -> JobSettings: ...

    def cluster_choice(self) -> ClusterChoice: ...


def apply(settings: QSettings, manager: JobManager, chosen: ChosenSettings) -> str:
    """Apply the dialog's job settings, remember its cluster choice and send the manager's
    next jobs there; returns a problem for the status bar, or "" (see use_cluster_choice)."""
    job_settings = chosen.job_settings()
    manager.apply_settings(job_settings)
    save_cluster_choice(settings, chosen.cluster_choice())
    return use_cluster_choice(manager, chosen.cluster_choice(), job_settings)


def use_cluster_choice(
    manager: JobManager, choice: ClusterChoice, job_settings: JobSettings
) -> str:
    """Send the manager's next jobs where `choice` says; returns why they stay on this computer
    when the chosen cluster cannot be used at all ("" when all is well)."""
    try:
        executor = make_executor(choice, job_settings)
    except ClusterChoiceError as exc:
        log.warning("cluster not used: %s", exc)
        manager.set_executor(None)
        return translate("ClusterSettings", "Jobs run on this computer: {reason}").format(
            reason=engine_words(str(exc))
        )
    manager.set_executor(executor)
    return ""


def make_executor(choice: ClusterChoice, job_settings: JobSettings) -> Executor | None:
    """The cluster executor for `choice` (None: run here). ClusterChoiceError when the chosen
    cluster cannot be used at all (not installed, no broker); an unreachable broker is only
    found when a job is sent, on its own thread."""
    if not choice.enabled:
        return None
    if not cluster_installed():
        raise ClusterChoiceError(
            "cluster support is not installed (pip install 'docflags[cluster]')"
        )
    from docflags_gui.cluster.executor import ClusterExecutor
    from docflags_gui.cluster.settings import BrokerAddressError

    try:
        settings = choice.cluster_settings()
    except BrokerAddressError as exc:
        raise ClusterChoiceError(str(exc)) from None
    return ClusterExecutor(
        settings,
        soft_time_limit_s=job_settings.soft_limit_s,
        time_limit_s=job_settings.hard_limit_s,
    )
