"""Settings > Run jobs on: this computer or a cluster (broker, password, TLS and the broker's
certificate authority, Test connection).

Test connection asks the broker on a plain thread of its own that touches no Qt object; it
leaves its answer in a list which a timer of the box looks at, so the window never waits on
the network, and a dialog closed meanwhile simply never hears back.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from docflags_gui.ui.cluster_choice import ClusterChoice, broker_url_problem, cluster_installed
from docflags_gui.ui.engine_words import engine_words
from docflags_gui.ui.i18n import translate

ANSWER_POLL_MS = 100


def _ask_cluster(choice: ClusterChoice, answers: list[tuple[bool, str]]) -> None:
    """On the tester's thread: one line on the broker and its nodes, or why it failed."""
    try:
        from docflags_gui.cluster.connection import BrokerUnavailable, describe_cluster

        answers.append((True, describe_cluster(choice.cluster_settings())))
    except BrokerUnavailable as exc:
        answers.append((False, str(exc)))
    except Exception as exc:  # whatever goes wrong is shown, never raised into the window
        answers.append((False, f"{type(exc).__name__}: {exc}"))


class ClusterSettingsBox(QGroupBox):
    """Edits a ClusterChoice; `choice()` gives the edited one, `problem()` what is wrong."""

    def __init__(self, current: ClusterChoice, parent: QWidget | None = None) -> None:
        super().__init__(translate("ClusterSettings", "Run jobs on"), parent)
        self.setObjectName("clusterSettings")
        installed = cluster_installed()
        self.here = QRadioButton(translate("ClusterSettings", "This &computer"), self)
        self.here.setObjectName("runHere")
        self.cluster = QRadioButton(
            translate("ClusterSettings", "A c&luster (Celery + Redis)"), self
        )
        self.cluster.setObjectName("runOnCluster")
        group = QButtonGroup(self)
        group.addButton(self.here)
        group.addButton(self.cluster)
        (self.cluster if current.enabled and installed else self.here).setChecked(True)
        self.broker = QLineEdit(current.broker_url, self)
        self.broker.setObjectName("brokerUrl")
        self.broker.setPlaceholderText("redis://HOST:6379/0")
        self.broker.setAccessibleName(translate("ClusterSettings", "Broker URL"))
        self.password = QLineEdit(current.password, self)
        self.password.setObjectName("brokerPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(translate("ClusterSettings", "Broker password"))
        self.password.setPlaceholderText(translate("ClusterSettings", "Redis's requirepass"))
        self.tls = QCheckBox(translate("ClusterSettings", "Use &TLS (rediss://)"), self)
        self.tls.setObjectName("brokerTls")
        self.tls.setChecked(current.tls)
        self.tls_ca = QLineEdit(current.tls_ca_file, self)
        self.tls_ca.setObjectName("brokerCaFile")
        self.tls_ca.setAccessibleName(translate("ClusterSettings", "The broker's CA certificate"))
        self.tls_ca.setPlaceholderText(translate("ClusterSettings", "The system's"))
        self.tls_ca.setToolTip(
            translate(
                "ClusterSettings",
                "The certificate (PEM) of the authority that signed the broker's; for a "
                "self-signed broker, its own certificate. Empty: the system's authorities.",
            )
        )
        self.browse_ca = QPushButton(translate("ClusterSettings", "Bro&wse…"), self)
        self.browse_ca.setObjectName("browseCaFile")
        self.browse_ca.clicked.connect(self._choose_ca_file)
        self.test_button = QPushButton(translate("ClusterSettings", "Test co&nnection"), self)
        self.test_button.setObjectName("testConnection")
        self.test_button.clicked.connect(self.test_connection)
        self.status = QLabel(self)
        self.status.setObjectName("clusterStatus")
        self.status.setWordWrap(True)
        if not installed:
            self.cluster.setEnabled(False)
            self.status.setText(
                translate("ClusterSettings", "To use a cluster, install docflags[cluster].")
            )

        choices = QHBoxLayout()
        choices.addWidget(self.here)
        choices.addWidget(self.cluster)
        choices.addStretch(1)
        form = QFormLayout()
        form.addRow(translate("ClusterSettings", "&Broker URL:"), self.broker)
        form.addRow(translate("ClusterSettings", "&Password:"), self.password)
        form.addRow("", self.tls)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.tls_ca, 1)
        ca_row.addWidget(self.browse_ca)
        # A row whose field is a layout gets no buddy of its own: the label needs one for its
        # mnemonic (without it the "&" shows).
        ca_label = QLabel(translate("ClusterSettings", "CA c&ertificate:"), self)
        ca_label.setBuddy(self.tls_ca)
        form.addRow(ca_label, ca_row)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addLayout(form)
        layout.addLayout(test_row)
        self.cluster.toggled.connect(self._enable_fields)
        self._enable_fields(self.cluster.isChecked())
        self._answers: list[tuple[bool, str]] = []
        self._answer_timer = QTimer(self, interval=ANSWER_POLL_MS)
        self._answer_timer.timeout.connect(self._take_answer)

    def _enable_fields(self, on_cluster: bool) -> None:
        fields = (self.broker, self.password, self.tls, self.tls_ca, self.browse_ca)
        for widget in (*fields, self.test_button):
            widget.setEnabled(on_cluster)

    def _choose_ca_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            translate("ClusterSettings", "The broker's CA certificate"),
            self.tls_ca.text(),
            translate("ClusterSettings", "Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if chosen:
            self.tls_ca.setText(chosen)

    def choice(self) -> ClusterChoice:
        return ClusterChoice(
            enabled=self.cluster.isChecked(),
            broker_url=self.broker.text().strip(),
            password=self.password.text(),
            tls=self.tls.isChecked(),
            tls_ca_file=self.tls_ca.text().strip(),
        )

    def problem(self) -> str:
        """What keeps the choice from being saved, or ""."""
        choice = self.choice()
        if not choice.enabled:
            return ""
        if not choice.broker_url:
            return translate(
                "ClusterSettings", "Give the cluster's broker URL, like redis://HOST:6379/0."
            )
        reason = broker_url_problem(choice.broker_url)
        if reason:
            return translate("ClusterSettings", "The broker URL cannot be used: {reason}").format(
                reason=engine_words(reason)
            )
        if choice.tls_ca_file and not Path(choice.tls_ca_file).is_file():
            return translate("ClusterSettings", "The CA certificate {path} is not a file.").format(
                path=choice.tls_ca_file
            )
        return ""

    def test_connection(self) -> None:
        """Ask the broker on a thread; the answer shows in the status line when it comes."""
        problem = self.problem()
        if problem:
            self._show_answer(False, problem)
            return
        self.test_button.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(translate("ClusterSettings", "Connecting…"))
        self._answers = []
        thread = threading.Thread(
            target=_ask_cluster,
            args=(self.choice(), self._answers),
            name="docflags-test-connection",
            daemon=True,
        )
        thread.start()
        self._answer_timer.start()

    def _take_answer(self) -> None:
        if self._answers:
            self._answer_timer.stop()
            self._show_answer(*self._answers[0])

    def _show_answer(self, reachable: bool, text: str) -> None:
        self.test_button.setEnabled(self.cluster.isChecked())
        self.status.setStyleSheet("" if reachable else "color: #b00020;")
        self.status.setText(engine_words(text))  # the cluster's English, in this language
