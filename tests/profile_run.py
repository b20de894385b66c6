"""`python -m tests.profile_run OUT ARGS...`: run `docflags ARGS...` in this process under
cProfile and write its statistics to OUT (for `bench_cli.py --profile`).

`python -m cProfile` writes its file when the program returns, but `docflags analyze` and its
worker end with `os._exit` once their output is written (`docflags_gui/__main__.py`), so it
would write nothing: here `os._exit` writes the statistics first.

Processes forked from the one profiled (the command's forked worker, the worker's forked
read-ahead helper) are not profiled and write nothing: they would run slowed by the profiler
and, leaving through the same `os._exit`, overwrite OUT with the parent's statistics so far.
"""

from __future__ import annotations

import cProfile
import os
import sys
from typing import NoReturn


def main() -> int:
    out, args = sys.argv[1], sys.argv[2:]
    profile = cProfile.Profile()
    profiled = os.getpid()
    exit_now = os._exit

    def write_then_exit(status: int) -> NoReturn:
        if os.getpid() == profiled:
            profile.disable()
            profile.dump_stats(out)
        exit_now(status)

    os._exit = write_then_exit
    os.register_at_fork(after_in_child=profile.disable)
    sys.argv = ["docflags", *args]
    from docflags_gui.__main__ import main as docflags_main

    profile.enable()
    try:
        code = docflags_main(args)
    finally:
        profile.disable()
        profile.dump_stats(out)
    return code


if __name__ == "__main__":
    sys.exit(main())
