"""`python -m tests.profile_run OUT ARGS...`: run `docflags ARGS...` in this process under
cProfile and write its statistics to OUT (for `bench_cli.py --profile`).

`python -m cProfile` writes its file when the program returns, but `docflags analyze` and its
worker end with `os._exit` once their output is written (`docflags_gui/__main__.py`), so it
would write nothing: here `os._exit` writes the statistics first.
"""

from __future__ import annotations

import cProfile
import os
import sys
from typing import NoReturn


def main() -> int:
    out, args = sys.argv[1], sys.argv[2:]
    profile = cProfile.Profile()
    exit_now = os._exit

    def write_then_exit(status: int) -> NoReturn:
        profile.disable()
        profile.dump_stats(out)
        exit_now(status)

    os._exit = write_then_exit
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
