"""A worker forked as `docflags analyze` starts (Linux): it loads PyMuPDF while the command
loads its own modules and reads its arguments, then runs the command's first job.

A worker forked when its job is known (`runner/forked_worker.py`) starts by loading PyMuPDF,
about 0.1 s in which it cannot open its file, after the command has loaded its own modules
(50-70 ms) and while the command waits. Forked first, the two loads run side by side on two
cores. Measured on the 300-page text-layer reports of tests/bench_cli.py (20 alternated runs
of `docflags analyze` as whole processes each), the wall time minus half the CPU time, what
waits for one process alone, fell from 0.131 to 0.095 s (realistic) and from 0.151 to 0.107 s
(coloured text), with the same CPU time.

The command calls `prestart(argv)` before it loads anything of its own; the first job it runs
takes the waiting child (`take`): the worker's arguments and two descriptors (the protocol
pipe's write end and the job's log) go over a socket pair, and from then on the child is the
worker `fork_worker` would have forked (`forked_worker.run_forked_child`). Other jobs of the
same command fork their workers as before. A child no job will take is killed (`discard`): at
the command's exit (an exit hook; a usage error), or as soon as the jobs go to a cluster.

What the waiting child does: it makes its own session at once, so that the command can signal
its group from the start and a Ctrl-C at the terminal is the command's alone; it takes
/dev/null as stdin and an anonymous file as stdout and stderr, so that nothing it prints while
loading reaches the command's output (that file is copied into the job's log when the job
comes); it loads PyMuPDF, then the worker's modules, and waits. Without a job, the command's
end of the socket closed (the command gone), it exits. Its memory cap counts from what it had
mapped when it was forked, as for a worker forked later: what it loads counts against the cap.

When: Linux, `docflags analyze` that is not a request for help, from a process that may fork
workers at all (`fork_safety.can_fork`).
"""

from __future__ import annotations

# `_socket`, not `socket`: the pair and its messages are all that is used, and `socket` (5 ms
# to load: selectors, enums) would be loaded before the fork, which the child waits for.
import _socket
import atexit
import os
import struct
import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, NoReturn

from docflags_gui.runner.fork_safety import can_fork

if TYPE_CHECKING:
    from docflags_gui.runner.forked_worker import ForkedWorker

# A job message: its length, then the worker's arguments, NUL-separated, file-system encoded.
_LENGTH = struct.Struct("!I")
# Longer arguments in all are not sent (that job forks its own worker). A worker's arguments
# are a few hundred bytes; this bound keeps a message within one socket buffer.
MAX_MESSAGE_BYTES = 64 * 1024
# The descriptors sent with a job: the protocol pipe's write end and the job's log.
_FDS = struct.Struct("2i")

# The waiting child, its pid and the command's end of the socket, until taken or discarded
# (`list.pop` hands it to one job alone, whatever thread asks).
_waiting: list[tuple[int, _socket.socket]] = []


def wanted(argv: Sequence[str]) -> bool:
    """Whether the command's arguments `argv` are a `docflags analyze` run, not a request for
    its help."""
    return argv[:1] == ["analyze"] and not any(a in ("-h", "--help") for a in argv[1:])


def prestart(argv: Sequence[str]) -> None:
    """Fork the waiting worker when `argv` wants one (`wanted`) and this process may fork;
    nothing when the fork fails (each job forks its own worker)."""
    if not wanted(argv) or not can_fork() or _waiting:
        return
    try:
        ours, theirs = _socket.socketpair(_socket.AF_UNIX, _socket.SOCK_STREAM)
    except OSError:
        return
    try:
        pid = os.fork()
    except OSError:
        ours.close()
        theirs.close()
        return
    if pid == 0:
        ours.close()
        _wait_for_job(theirs)
    theirs.close()
    _waiting.append((pid, ours))
    atexit.register(discard)


def take(args: Sequence[str], log_file: IO[bytes]) -> ForkedWorker | None:
    """The waiting worker, given the worker's arguments `args` and the job's log `log_file`,
    held as `fork_worker` holds the worker it forks; None when there is none (not started,
    taken already) or the job could not be handed to it (the child is then ended)."""
    try:
        pid, sock = _waiting.pop()
    except IndexError:
        return None
    # Loaded by now (`runner.process` uses it): not loaded here before the fork.
    from docflags_gui.runner.forked_worker import ForkedWorker

    message = b"\0".join(os.fsencode(arg) for arg in args)
    if len(message) > MAX_MESSAGE_BYTES:
        _end(pid, sock)
        return None
    from_child, to_parent = os.pipe()
    try:
        data = _LENGTH.pack(len(message)) + message
        fds = _FDS.pack(to_parent, log_file.fileno())
        sent = sock.sendmsg([data], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fds)])
        sock.sendall(data[sent:])
    except OSError:
        os.close(from_child)
        os.close(to_parent)
        _end(pid, sock)
        return None
    # The child holds its own copies now.
    os.close(to_parent)
    sock.close()
    return ForkedWorker(pid, os.fdopen(from_child, "rb"))


def discard() -> None:
    """End the waiting worker if no job took it (killed and reaped)."""
    while True:
        try:
            pid, sock = _waiting.pop()
        except IndexError:
            return
        _end(pid, sock)


def _end(pid: int, sock: _socket.socket) -> None:
    """Close the command's end, kill the child and reap it."""
    import signal  # loaded by the command by now, not before the fork

    sock.close()
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _wait_for_job(sock: _socket.socket) -> NoReturn:
    """The child: get ready, wait for the job, run it as a forked worker; never returns."""
    try:
        from docflags_gui.worker.limits import address_space

        inherited = address_space() or 0
        os.setsid()
        early_output = os.memfd_create("docflags-worker-start")
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(early_output, 1)
        os.dup2(early_output, 2)
        os.close(null)
        # Python's streams on the new descriptors (the command's, with whatever their buffers
        # hold, are never flushed here: `run_forked_child` sets them aside).
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115  # lives as long as the child
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
        _load_worker()
        job = _receive(sock)
        if job is None:
            os._exit(0)
        args, (stdout_fd, log_fd) = job
        sys.stdout.flush()
        sys.stderr.flush()
        _copy_into(early_output, log_fd)
        os.close(early_output)
        from docflags_gui.runner import forked_worker
    except BaseException:
        os._exit(0)
    forked_worker.run_forked_child(args, stdout_fd, log_fd, inherited=inherited)


def _load_worker() -> None:
    """What every job's worker loads before it opens its file, PyMuPDF first. A failure is the
    job's to report: its worker loads the same modules again."""
    try:
        import pymupdf  # noqa: F401

        import docflags_gui.runner.forked_worker
        import docflags_gui.worker.main  # noqa: F401
    except Exception:
        pass


def _receive(sock: _socket.socket) -> tuple[list[str], tuple[int, int]] | None:
    """The job sent over `sock`: the worker's arguments and the two descriptors; None when the
    command closed its end without sending one."""
    data, ancillary, _flags, _address = sock.recvmsg(
        MAX_MESSAGE_BYTES, _socket.CMSG_SPACE(_FDS.size)
    )
    fds: list[int] = []
    for level, kind, payload in ancillary:
        if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS:
            whole = len(payload) - len(payload) % 4
            fds.extend(struct.unpack(f"{whole // 4}i", payload[:whole]))
    if len(fds) != 2:
        return None
    received = bytearray(data)
    while len(received) < _LENGTH.size or len(received) < _LENGTH.size + _length(received):
        more = sock.recv(MAX_MESSAGE_BYTES)
        if not more:
            return None
        received += more
    body = bytes(received[_LENGTH.size : _LENGTH.size + _length(received)])
    args = [os.fsdecode(arg) for arg in body.split(b"\0")] if body else []
    return args, (fds[0], fds[1])


def _length(received: bytearray) -> int:
    """The body's length, from a message's first bytes (at least `_LENGTH.size` of them)."""
    return int(_LENGTH.unpack_from(received)[0])


def _copy_into(source: int, target: int) -> None:
    """What the child printed while it loaded (the anonymous file `source`), appended to the
    job's log `target`."""
    os.lseek(source, 0, os.SEEK_SET)
    while chunk := os.read(source, 65536):
        os.write(target, chunk)
