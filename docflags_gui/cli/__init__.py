"""The `docflags` command: subcommands on the engine, or the desktop window when none is given."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from types import ModuleType

from docflags_gui import __version__

# Each subcommand lives in docflags_gui/cli/<name>.py with `add_parser(subparsers)` and
# `run(args) -> int`; `add_parser` sets `func=run` on its parser.
SUBCOMMAND_MODULES: tuple[str, ...] = (
    "analyze",
    "match",
    "review",
    "annotate",
    "history",
    "show",
    "export",
    "worker",
)


def _load_subcommands(names: tuple[str, ...]) -> list[ModuleType]:
    return [importlib.import_module(f"docflags_gui.cli.{name}") for name in names]


class _VersionAction(argparse.Action):
    """`--version`: the program's version and its OCR set-up, looked up only when asked for
    (finding the OCR backend loads it, which every other command would pay for at start)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from docflags_gui.analysis.ocr_backend import describe_ocr

        print(f"docflags {__version__}\n{describe_ocr()}")
        parser.exit()


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `only` that one command's parser (the rest are never
    imported: a command starts without the modules of the others)."""
    parser = argparse.ArgumentParser(
        prog="docflags",
        description=(
            "Turn the flagged passages of PDFs (similarity reports, reviewed drafts) into a table. "
            "Without a command, opens the desktop window (with any PDFs or folders given queued)."
        ),
    )
    parser.add_argument(
        "--version",
        action=_VersionAction,
        help="show the version and which OCR engine and language data are used, then exit",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in _load_subcommands(SUBCOMMAND_MODULES if only is None else (only,)):
        module.add_parser(subparsers)
    return parser


def main(argv: list[str]) -> int:
    names = set(SUBCOMMAND_MODULES)
    if argv and _mistyped_command(argv[0], names):
        print(
            f"docflags: {argv[0]!r} is neither a command nor an existing file or folder.\n"
            f"Commands: {', '.join(SUBCOMMAND_MODULES)} (see `docflags COMMAND --help`).\n"
            "To open PDFs in the window, give their paths; `docflags --help` says more.",
            file=sys.stderr,
        )
        return 2
    if (
        not argv
        or (argv[0] not in names and not argv[0].startswith("-"))
        or argv[0] == "--selftest"
    ):
        return _run_gui(argv)
    # `docflags COMMAND ...` needs COMMAND's parser only (its --help is the same); the
    # whole list of commands is for `docflags --help` and usage errors before a command.
    parser = build_parser(argv[0] if argv[0] in names else None)
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    result: int = args.func(args)
    return result


def _mistyped_command(first: str, commands: set[str]) -> bool:
    """A bare word in the command's place that is no command and no file or folder here
    (`docflags matc`, `docflags review --help`): a usage error, not a file for the window."""
    if first in commands or first.startswith("-") or Path(first).exists():
        return False
    looks_like_a_path = any(sep in first for sep in ("/", "\\")) or bool(Path(first).suffix)
    return not looks_like_a_path


def _run_gui(argv: list[str]) -> int:
    try:
        from docflags_gui.app import run_app
    except ImportError as exc:  # Qt (PySide6) is missing or cannot load its libraries
        print(f"docflags: the desktop window is not available ({exc})", file=sys.stderr)
        return 2
    exit_code: int = run_app(argv)
    return exit_code
