"""A separate process that writes the history, for the ownership and concurrency tests.

python history_writer.py DB hold       record one running job, print "ready", wait for stdin
python history_writer.py DB write N    record N finished jobs as fast as it can, print "done"
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from docflags_gui.store.history import HistoryStore


def main(argv: list[str]) -> int:
    db_path, mode = Path(argv[0]), argv[1]
    store = HistoryStore(db_path, origin="cli")
    if mode == "hold":
        running = store.record_queued("/docs/live-running.pdf")
        store.record_started(running)
        store.record_queued("/docs/live-queued.pdf")
        print("ready", flush=True)
        sys.stdin.readline()  # the test kills us, or closes stdin for an orderly exit
    elif mode == "write":
        for i in range(int(argv[2])):
            job_id = store.record_queued(f"/docs/{mode}-{i}.pdf")
            store.record_started(job_id)
            store.mark_interrupted()  # the store's own read-then-write transaction
            # A read-then-write with a gap in which the other process commits: with a deferred
            # BEGIN the write would fail at once with "database is locked" (a stale snapshot
            # cannot be upgraded); BEGIN IMMEDIATE makes it wait its turn instead.
            with store._write.begin() as conn:
                count = conn.exec_driver_sql("SELECT count(*) FROM jobs").scalar()
                time.sleep(0.002)
                conn.exec_driver_sql("UPDATE jobs SET error = ? WHERE id = ?", (str(count), job_id))
            store.record_finished(job_id, "FAILURE", error=f"error {i}")
        print("done", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
