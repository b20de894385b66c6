"""Benchmark (not a test): time every export format on many flags, against a raw baseline.

Run from the repository root: `python -m tests.export.bench_export [FLAGS]` (default 20000).
The baseline writes the same rows with the csv module alone, in the same process, so the ratios
hold across machines. (HTML here has no passage images: those cost one render per flag.)
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
import time
from pathlib import Path

from docflags_gui.export import EXPORT_FORMATS, export_results
from tests.export.conftest import make_result


def main(count: int) -> None:
    result = make_result()
    base = result["flags"]
    result["flags"] = [
        {**base[i % len(base)], "id": i + 1, "page": 1 + i // 40} for i in range(count)
    ]
    start = time.perf_counter()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for flag in result["flags"]:
        writer.writerow([result["file"], *flag.values()])
    baseline = time.perf_counter() - start
    print(f"{count} flags; baseline (csv.writer on the raw dicts): {baseline:.3f} s")
    with tempfile.TemporaryDirectory() as folder:
        for fmt, extension in EXPORT_FORMATS.items():
            target = Path(folder) / f"bench{extension}"
            start = time.perf_counter()
            export_results([result], fmt, target)
            took = time.perf_counter() - start
            size = target.stat().st_size / 1024
            print(f"{fmt:5} {took:7.3f} s  {took / baseline:7.1f}x baseline  {size:9.0f} KiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
