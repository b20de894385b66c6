"""A look-check (not a test): exports with hostile texts, as their users' programs show them.

Run from the repository root: `python -m tests.export.look_check OUT_DIR`. It writes the XLSX,
CSV, Markdown and HTML exports of a result full of formula starters, markup and right-to-left
text (with passage images from a generated PDF, one page rotated), then, when installed,
converts the XLSX to PDF/PNG with LibreOffice (`apt-get install libreoffice-calc-nogui`) and
screenshots the HTML with headless Chromium (`apt-get install chromium`). Open the PNGs and look.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from docflags_gui.export import export_results
from docflags_gui.result import ResultFlag
from tests.export.conftest import build_pdf, make_result

TIMEOUT_S = 180


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / "report.pdf"
    marks = build_pdf(pdf)
    result = make_result(file="report.pdf", sha256=hashlib.sha256(pdf.read_bytes()).hexdigest())
    result["pages"] = 3
    hostile = result["flags"]
    placed: list[ResultFlag] = [
        {**hostile[i % len(hostile)], "id": i + 1, "page": page, "rect": rect}
        for i, (page, rect) in enumerate(marks)
    ]
    rest: list[ResultFlag] = [
        {**flag, "id": len(marks) + n} for n, flag in enumerate(hostile[len(marks) :], 1)
    ]
    result["flags"] = placed + rest
    second = make_result(file="second.pdf", sha256="1" * 64)
    for fmt in ("xlsx", "csv", "md"):
        export_results([result, second], fmt, out / f"flags.{fmt}")
    export_results([result], "html", out / "report.html", pdf_paths={result["sha256"]: pdf})
    print(f"exports written to {out}")

    soffice = shutil.which("soffice")
    if soffice:
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out), "flags.xlsx"],
            cwd=out,
            check=True,
            timeout=TIMEOUT_S,
            capture_output=True,
        )
        subprocess.run(
            ["pdftoppm", "-r", "110", "-png", "flags.pdf", "flags-xlsx"],
            cwd=out,
            check=True,
            timeout=TIMEOUT_S,
        )
        print("LibreOffice: flags.pdf and flags-xlsx-*.png")
    else:
        print("LibreOffice not installed: no XLSX rendering")

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--hide-scrollbars",
                "--window-size=1000,3000",
                f"--screenshot={out / 'report-html.png'}",
                (out / "report.html").as_uri(),
            ],
            check=True,
            timeout=TIMEOUT_S,
            capture_output=True,
        )
        print("Chromium: report-html.png")
    else:
        print("Chromium not installed: no HTML screenshot")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "look-check"))
