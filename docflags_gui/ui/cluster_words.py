"""The cluster's own words (broker problems, Test connection's answer, a cluster job's progress
and failures) as patterns with translatable templates in the EngineWords context; ui.engine_words
applies them.

The cluster package stays Qt-free and writes English, as the engine does; each of its messages
a person sees is listed here once. A message that matches none is shown as it was written.
"""

from __future__ import annotations

from docflags_gui.ui.i18n import QT_TRANSLATE_NOOP

# (pattern the cluster's English matches, template with the pattern's named groups).
CLUSTER_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r"^cluster support is not installed \(pip install 'docflags\[cluster\]'\)$",
        QT_TRANSLATE_NOOP(
            "EngineWords", "cluster support is not installed (pip install 'docflags[cluster]')"
        ),
    ),
    (
        r"^the broker must be a Redis URL like redis://HOST:6379/0, not (?P<url>.+)$",
        QT_TRANSLATE_NOOP(
            "EngineWords", "the broker must be a Redis URL like redis://HOST:6379/0, not {url}"
        ),
    ),
    (
        r"^the port in (?P<url>.+) is not a number$",
        QT_TRANSLATE_NOOP("EngineWords", "the port in {url} is not a number"),
    ),
    (
        r"^the port in (?P<url>.+) is out of range$",
        QT_TRANSLATE_NOOP("EngineWords", "the port in {url} is out of range"),
    ),
    (
        r"^no host in the broker URL (?P<url>.+)$",
        QT_TRANSLATE_NOOP("EngineWords", "no host in the broker URL {url}"),
    ),
    (
        r"^the database in (?P<url>.+) is a number, like /0$",
        QT_TRANSLATE_NOOP("EngineWords", "the database in {url} is a number, like /0"),
    ),
    (
        r"^the broker at (?P<where>\S+) has no password set, but one was given$",
        QT_TRANSLATE_NOOP(
            "EngineWords", "the broker at {where} has no password set, but one was given"
        ),
    ),
    (
        r"^the broker at (?P<where>\S+) needs a password \(the settings, or (?P<env>\w+)\)$",
        QT_TRANSLATE_NOOP(
            "EngineWords", "the broker at {where} needs a password (the settings, or {env})"
        ),
    ),
    (
        r"^the broker at (?P<where>\S+) refused the password$",
        QT_TRANSLATE_NOOP("EngineWords", "the broker at {where} refused the password"),
    ),
    (
        r"^the broker at (?P<where>\S+) answered with an error: (?P<detail>.*)$",
        QT_TRANSLATE_NOOP("EngineWords", "the broker at {where} answered with an error: {detail}"),
    ),
    (
        r"^cannot reach the broker at (?P<where>\S+): nothing is listening there "
        r"\(connection refused\)$",
        QT_TRANSLATE_NOOP(
            "EngineWords",
            "cannot reach the broker at {where}: nothing is listening there (connection refused)",
        ),
    ),
    (
        r"^cannot reach the broker at (?P<where>\S+): no answer \(timed out\)$",
        QT_TRANSLATE_NOOP(
            "EngineWords", "cannot reach the broker at {where}: no answer (timed out)"
        ),
    ),
    (
        r"^cannot reach the broker at (?P<where>\S+): its TLS certificate is not trusted "
        r"\((?P<why>.*)\): give the certificate of its authority \(--tls-ca FILE, or CA "
        r"certificate in Settings\)$",
        QT_TRANSLATE_NOOP(
            "EngineWords",
            "cannot reach the broker at {where}: its TLS certificate is not trusted ({why}): "
            "give the certificate of its authority (--tls-ca FILE, or CA certificate in "
            "Settings)",
        ),
    ),
    (
        r"^cannot reach the broker at (?P<where>\S+): it closed the connection \(if it speaks "
        r"TLS only, use rediss://\)$",
        QT_TRANSLATE_NOOP(
            "EngineWords",
            "cannot reach the broker at {where}: it closed the connection (if it speaks TLS "
            "only, use rediss://)",
        ),
    ),
    (
        r"^cannot reach the broker at (?P<where>\S+): (?P<detail>.*)$",
        QT_TRANSLATE_NOOP("EngineWords", "cannot reach the broker at {where}: {detail}"),
    ),
    (
        r"^Connected to (?P<where>\S+), but no docflags node is running: jobs wait in the queue "
        r"until one starts \(docflags worker --broker \.\.\.\)\.$",
        QT_TRANSLATE_NOOP(
            "EngineWords",
            "Connected to {where}, but no docflags node is running: jobs wait in the queue "
            "until one starts (docflags worker --broker ...).",
        ),
    ),
    (
        r"^Connected to (?P<where>\S+): (?P<n>\d+) node\(s\) running: (?P<nodes>.+)\.$",
        QT_TRANSLATE_NOOP("EngineWords", "Connected to {where}: {n} node(s) running: {nodes}."),
    ),
    (
        r"^Queued on the cluster, waiting for a node$",
        QT_TRANSLATE_NOOP("EngineWords", "Queued on the cluster, waiting for a node"),
    ),
    (
        r"^Queued on the cluster \((?P<n>\d+) node\(s\) up, all busy\)$",
        QT_TRANSLATE_NOOP("EngineWords", "Queued on the cluster ({n} node(s) up, all busy)"),
    ),
    (
        r"^Queued on the cluster: no node is running \(start `docflags worker`\)$",
        QT_TRANSLATE_NOOP(
            "EngineWords", "Queued on the cluster: no node is running (start `docflags worker`)"
        ),
    ),
    (
        r"^Lost the connection to the cluster; trying again$",
        QT_TRANSLATE_NOOP("EngineWords", "Lost the connection to the cluster; trying again"),
    ),
    (
        r"^The worker crashed; the cluster retries the job \((?P<info>.*)\)$",
        QT_TRANSLATE_NOOP(
            "EngineWords", "The worker crashed; the cluster retries the job ({info})"
        ),
    ),
    (
        r"^The cluster node (?P<node>\S+) stopped answering while it ran this job; sent it again$",
        QT_TRANSLATE_NOOP(
            "EngineWords",
            "The cluster node {node} stopped answering while it ran this job; sent it again",
        ),
    ),
    (
        r"^The cluster node (?P<node>\S+) stopped answering while it ran this job "
        r"\(its heartbeat stopped\)\.$",
        QT_TRANSLATE_NOOP(
            "EngineWords",
            "The cluster node {node} stopped answering while it ran this job (its heartbeat "
            "stopped).",
        ),
    ),
    (
        r"^The job was revoked on the cluster\.$",
        QT_TRANSLATE_NOOP("EngineWords", "The job was revoked on the cluster."),
    ),
    (
        r"^Stopped: the analysis ran past the time limit of (?P<limit>.+) on the cluster and was "
        r"killed on (?P<node>.+)\.$",
        QT_TRANSLATE_NOOP(
            "EngineWords",
            "Stopped: the analysis ran past the time limit of {limit} on the cluster and was "
            "killed on {node}.",
        ),
    ),
    (
        r"^The cluster node refused the job: (?P<info>.*)$",
        QT_TRANSLATE_NOOP("EngineWords", "The cluster node refused the job: {info}"),
    ),
    (
        r"^The job's process on (?P<node>\S+) died: (?P<info>.*)$",
        QT_TRANSLATE_NOOP("EngineWords", "The job's process on {node} died: {info}"),
    ),
    (
        r"^The job failed on (?P<node>\S+): (?P<info>.*)$",
        QT_TRANSLATE_NOOP("EngineWords", "The job failed on {node}: {info}"),
    ),
    (
        r"^Following the job on the cluster failed: (?P<detail>.*)$",
        QT_TRANSLATE_NOOP("EngineWords", "Following the job on the cluster failed: {detail}"),
    ),
    (
        r"^The annotated copy did not come back from the cluster: (?P<detail>.*)\.$",
        QT_TRANSLATE_NOOP(
            "EngineWords", "The annotated copy did not come back from the cluster: {detail}."
        ),
    ),
)
