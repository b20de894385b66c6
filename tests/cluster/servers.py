"""A real Redis server and real `docflags worker` nodes for the cluster's tests.

Redis listens on a free loopback port with a password, keeps nothing on disk, and is stopped
after the tests. Each node is `python -m docflags_gui worker` as a user starts it, with its own
data folder and its log in a file the tests read ("... ready." means it takes jobs).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import redis

PASSWORD = "docflags-test-password"
STARTUP_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) for 127.0.0.1, made by openssl; the certificate is its own CA."""
    certificate, key = folder / "broker-cert.pem", folder / "broker-key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(certificate),
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return certificate, key


class RedisServer:
    """redis-server on 127.0.0.1 only, password protected, nothing saved; with `tls`, it
    speaks TLS only, with a self-signed certificate (`ca_file`), and clients need none."""

    def __init__(self, folder: Path, *, tls: bool = False) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError(
                "redis-server is not installed: the cluster tests need it "
                "(bash .ci/install-system-deps installs it)"
            )
        self.port = free_port()
        self.tls = tls
        self.log_path = folder / "redis.log"
        argv = [
            binary,
            "--bind", "127.0.0.1",
            "--port", str(self.port),
            "--requirepass", PASSWORD,
            "--save", "",
            "--appendonly", "no",
            "--dir", str(folder),
            "--logfile", str(self.log_path),
        ]  # fmt: skip
        self.ca_file: Path | None = None
        tls_options: dict[str, Any] = {}
        if tls:
            certificate, key = self_signed_certificate(folder)
            self.ca_file = certificate
            argv[3:5] = ["--port", "0", "--tls-port", str(self.port)]
            argv += ["--tls-cert-file", str(certificate), "--tls-key-file", str(key)]
            argv += ["--tls-ca-cert-file", str(certificate), "--tls-auth-clients", "no"]
            tls_options = {"ssl": True, "ssl_ca_certs": str(certificate)}
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL)
        self.client = redis.Redis(
            host="127.0.0.1", port=self.port, password=PASSWORD, **tls_options
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            try:
                self.client.ping()
                break
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start: {self.log_tail()}") from None
                time.sleep(0.05)

    @property
    def url(self) -> str:
        """The broker URL without its password (that goes in DOCFLAGS_BROKER_PASSWORD)."""
        scheme = "rediss" if self.tls else "redis"
        return f"{scheme}://127.0.0.1:{self.port}/0"

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def flush(self) -> None:
        self.client.flushall()

    def stop(self) -> None:
        self.client.close()
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def node_environment(data_dir: Path, password: str = PASSWORD) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCFLAGS_BROKER")}
    env["DOCFLAGS_DATA_DIR"] = str(data_dir)
    env["DOCFLAGS_BROKER_PASSWORD"] = password
    return env


class Node:
    """One `docflags worker` subprocess; `name` is the node name it announced."""

    def __init__(self, broker_url: str, folder: Path, *extra: str, password: str = PASSWORD):
        folder.mkdir(parents=True, exist_ok=True)
        self.log_path = folder / "node.log"
        argv = [sys.executable, "-m", "docflags_gui", "worker", "--broker", broker_url]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [*argv, "--concurrency", "1", *extra],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=node_environment(folder / "data", password),
            )
        self.name = ""

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self) -> Node:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            text = self.log()
            found = re.search(r"^docflags worker (\S+):", text, re.MULTILINE)
            if found and f"{found[1]} ready." in text:
                self.name = found[1]
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"the node exited with {self.process.returncode}:\n{text}")
            time.sleep(0.1)
        raise RuntimeError(f"the node did not get ready:\n{self.log()}")

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """As a crash or a pulled plug: SIGKILL, no goodbye to the broker."""
        self.process.kill()
        self.process.wait()

    def quit(self) -> None:
        """SIGQUIT: Celery's cold shutdown, for tearing down between tests."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def stop(self) -> None:
        """Ctrl+C, then a second one if it does not drain in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
