"""ForkedChild: a forked process held like a Popen (exit status once, kill before reaping)."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from docflags_gui.worker.forked_child import ForkedChild

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX only")


def _fork(then: str) -> ForkedChild:
    pid = os.fork()
    if pid == 0:  # the child: exit at once with 3, or wait to be killed
        try:
            if then == "sleep":
                time.sleep(30)
        finally:
            os._exit(3)
    return ForkedChild(pid)


def test_wait_gives_the_exit_status_and_poll_keeps_it() -> None:
    child = _fork("exit")
    assert child.wait() == 3
    assert child.returncode == 3 and child.poll() == 3 and child.wait() == 3
    child.kill()  # reaped: a no-op, never a signal to a reused pid


def test_poll_is_none_while_it_runs_and_kill_ends_it() -> None:
    child = _fork("sleep")
    assert child.poll() is None and child.returncode is None
    child.kill()
    assert child.wait() == -signal.SIGKILL
    assert child.poll() == -signal.SIGKILL


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX only")
def test_kill_of_a_child_gone_unreaped_is_harmless() -> None:
    child = _fork("exit")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # exited, not yet reaped: a zombie
        state = os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        if state is not None:
            break
        time.sleep(0.01)
    child.kill()
    assert child.wait() == 3
