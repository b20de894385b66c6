"""A stand-in worker that speaks protocol v1 by script, for testing parents (the CLI batch).

    python tests/worker/scripted_worker.py --input PATH [worker options ignored]

The input file's name picks the scenario: "crash*" exits 9 with no terminal message,
"garbage*" prints non-protocol lines around a result, "timed*" appends its start and end times
to the file and then answers, "hang*" never answers; anything else answers at once.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def send(message: dict[str, object]) -> None:
    sys.stdout.write(json.dumps({"v": 1, **message}) + "\n")
    sys.stdout.flush()


def result_for(path: Path) -> dict[str, object]:
    return {
        "schema": "docflags/1",
        "file": path.name,
        "sha256": "0" * 64,
        "pages": 1,
        "similarity": None,
        "sources": [],
        "flags": [],
        "warnings": [],
    }


def main() -> int:
    given = next(a for a in sys.argv if a.startswith("--input="))  # the runner's only form
    path = Path(given.removeprefix("--input="))
    send({"type": "hello", "pid": os.getpid(), "version": "test", "engine": "test"})
    send({"type": "progress", "done": 0, "total": 1, "stage": "reading", "message": "Page 1/1"})
    name = path.name
    if name.startswith("crash"):
        print("something went very wrong", file=sys.stderr)
        return 9
    if name.startswith("hang"):
        time.sleep(3600)
    if name.startswith("garbage"):
        print("not json at all")
        print('{"v": 2, "type": "result"}')
    if name.startswith("timed"):
        start = time.time()
        time.sleep(0.6)
        with path.open("a") as fh:
            fh.write(f"{start} {time.time()}\n")
    send({"type": "progress", "done": 1, "total": 1, "stage": "done", "message": "Done"})
    send({"type": "result", "result": result_for(path)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
