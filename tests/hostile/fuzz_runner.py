"""The fuzzer's worker: the real worker entry (`run_worker`) run on one file after another in
one process, so a few hundred mutants do not pay a few hundred process starts.

    python -m tests.hostile.fuzz_runner [WORKER-OPTIONS...]

Reads one path a line on stdin. For each, runs `run_worker([--input=PATH, *options])`, whose
protocol lines go to stdout as in a real worker, then writes one line of its own,
`{"fuzz-done": EXIT_CODE, "rss": BYTES, "peak": BYTES}`. The worker's log (stderr) is the
runner's stderr. A mutant that ends the process (the memory watch's exit, a crash) ends the
runner; the fuzzer starts a new one.
"""

from __future__ import annotations

import json
import os
import sys

from docflags_gui.worker.limits import current_rss, peak_rss
from docflags_gui.worker.main import run_worker


def main(options: list[str]) -> int:
    out = os.fdopen(os.dup(1), "w", buffering=1)
    for line in sys.stdin:
        path = line.rstrip("\n")
        if not path:
            continue
        code = run_worker([f"--input={path}", *options])
        sys.stderr.flush()
        peak = peak_rss() or 0
        out.write(json.dumps({"fuzz-done": code, "rss": current_rss(), "peak": peak}) + "\n")
        out.flush()
    out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
