"""Benchmark (a script, not a test): `docflags analyze` as a whole process against bare PyMuPDF
started as its own process, so that start-up, the worker subprocess, the result's JSON and the
history write all count.

    python -m tests.bench_cli [--pages 300] [--repeat 3] [--pdf PATH] [--profile DIR]
        [--kind realistic|overlay|colored|annotated|two-column|all] [--reports DIR]
        [--format json|table|csv|md|html]  (what docflags analyze can print)

- `docflags analyze REPORT --format json` (`--format` picks another output: `table` is what the
  command prints by default; history written, into a temporary data folder) of a
  300-page text-layer report (`bench_engine.build_realistic_report`: new-Turnitin-like, three
  matches a page) against `python -c` running the bare pass of `bench_engine.bare_pass` (words,
  drawings and annotations of every page) on the same file. Target <= 1.5x.
  `--kind` picks another text-layer encoding (`bench_kinds`: overlay polygons, coloured text,
  annotations, two columns), `all` runs every kind in turn; `--reports DIR` keeps the built
  reports there (and reuses them).
- `docflags analyze --help` against `python -c "import pymupdf"`. Target <= 1.3x.

Each pair runs alternately, best of `--repeat` (the machine is shared: the best run is the one
least disturbed; both sides see the same disturbance on average). Wall-clock seconds, and the CPU
seconds of the process and its children (the worker), are printed with their ratios.
`--profile DIR` also writes cProfile files of the CLI process and of its worker into DIR
(`python -m pstats DIR/cli.prof`).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docflags_gui.cli.analyze import BINARY_FORMATS, FORMATS
from docflags_gui.worker.launch import ocr_processes_for, worker_argv, worker_prefix
from tests.bench_kinds import KINDS, build_kind

TARGET_ANALYZE = 1.5
TARGET_HELP = 1.3

BARE_PASS = """
import sys
import pymupdf
count = 0
with pymupdf.open(sys.argv[1]) as doc:
    for page in doc:
        count += len(page.get_text("words"))
        count += len(page.get_drawings())
        for annot in page.annots():
            count += len(annot.vertices or ())
print(count)
"""


@dataclass
class Timing:
    """Best wall-clock and best CPU seconds (this command's process and its children)."""

    wall: float = float("inf")
    cpu: float = float("inf")


def run_once(command: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of `command` (output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:  # a page's warnings are not news here, a failure is
        sys.stderr.buffer.write(done.stderr)
        done.check_returncode()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def best_of(
    repeat: int, commands: dict[str, Sequence[str]], env: dict[str, str]
) -> dict[str, Timing]:
    """Each command `repeat` times, alternately; the best wall and CPU of each."""
    best = {name: Timing() for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            wall, cpu = run_once(command, env)
            best[name].wall = min(best[name].wall, wall)
            best[name].cpu = min(best[name].cpu, cpu)
    return best


def report(title: str, best: dict[str, Timing], subject: str, baseline: str, target: float) -> None:
    wall = best[subject].wall / best[baseline].wall
    cpu = best[subject].cpu / best[baseline].cpu
    verdict = "OK" if wall <= target else "OVER TARGET"
    print(title)
    for name in (baseline, subject):
        print(f"  {name:<28} wall {best[name].wall:7.3f} s   CPU {best[name].cpu:7.3f} s")
    print(f"  ratio wall {wall:.2f}x (target <= {target}x: {verdict}), CPU {cpu:.2f}x")


def docflags_command(*args: str) -> list[str]:
    """The installed `docflags` script beside this Python, as a user runs it; else `-m`."""
    script = Path(sys.executable).parent / "docflags"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "docflags_gui", *args]


def profile_runs(pdf: Path, folder: Path, env: dict[str, str]) -> None:
    """cProfile files of one `docflags analyze` (cli.prof) and of its worker (worker.prof),
    the worker run with the arguments the command gives it for one file (a second process:
    the read-ahead helper, not profiled)."""
    folder.mkdir(parents=True, exist_ok=True)
    cli = folder / "cli.prof"
    worker = folder / "worker.prof"
    prefix = worker_prefix()
    worker_args = worker_argv(pdf, ocr_processes=ocr_processes_for(1))[len(prefix) - 1 :]
    for out, args in (
        (cli, ["analyze", str(pdf), "--format", "json"]),
        (worker, worker_args),
    ):
        subprocess.run(
            [sys.executable, "-m", "tests.profile_run", str(out), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            env=env,
            check=True,
        )
    print(f"profiles: python -m pstats {cli}  /  python -m pstats {worker}")


def compare_analyze(pdf: Path, repeat: int, env: dict[str, str], fmt: str = "json") -> None:
    """`docflags analyze --format FMT` of `pdf` (its output to /dev/null) against the bare
    pass, best of `repeat`, alternated."""
    size = pdf.stat().st_size // 1024
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"report: {pdf.name}, {size} KB; python {sys.version.split()[0]}; load {load}")
    subject = f"docflags analyze --format {fmt}"
    best = best_of(
        repeat,
        {
            "bare PyMuPDF pass (process)": [sys.executable, "-c", BARE_PASS, str(pdf)],
            subject: docflags_command("analyze", str(pdf), "--format", fmt),
        },
        env,
    )
    report(
        f"whole process, best of {repeat}, alternated:",
        best,
        subject,
        "bare PyMuPDF pass (process)",
        TARGET_ANALYZE,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--help-repeat", type=int, default=7)
    parser.add_argument("--pdf", type=Path, help="use (or keep) the report here")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="write cProfile files here")
    parser.add_argument("--kind", choices=(*KINDS, "all"), default="realistic")
    parser.add_argument("--reports", type=Path, metavar="DIR", help="keep built reports here")
    parser.add_argument(
        "--format",
        default="json",
        choices=[fmt for fmt in FORMATS if fmt not in BINARY_FORMATS],  # printed, not written
        help="the output docflags analyze prints (default json; table is the command's own)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        # History and logs into a folder of their own, as a first run would write them.
        env = {**os.environ, "DOCFLAGS_DATA_DIR": str(Path(tmp) / "data")}
        kinds = KINDS if args.kind == "all" else (args.kind,)
        reports = args.reports or Path(tmp)
        reports.mkdir(parents=True, exist_ok=True)
        for kind in kinds:
            pdf = args.pdf or reports / f"{kind}-{args.pages}.pdf"
            if not pdf.exists():
                build_kind(kind, pdf, args.pages)
            compare_analyze(pdf, args.repeat, env, args.format)
        best = best_of(
            args.help_repeat,
            {
                'python -c "import pymupdf"': [sys.executable, "-c", "import pymupdf"],
                "docflags analyze --help": docflags_command("analyze", "--help"),
            },
            env,
        )
        report(
            f"start-up, best of {args.help_repeat}, alternated:",
            best,
            "docflags analyze --help",
            'python -c "import pymupdf"',
            TARGET_HELP,
        )
        if args.profile:
            profile_runs(pdf, args.profile, env)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
