"""Article-body recovery on real pages: `dedup clean` on naive-scrape text and on raw HTML,
scored against human gold bodies (ScrapingHub metric: word 4-gram P/R/F1, macro over pages),
beside the uncleaned text and trafilatura. Writes RESULTS.md beside this file.

    python benchmarks/boilerplate/run.py [DATA_DIR] [--limit N]

DATA_DIR defaults to ../shared/eval/wcxb-dev-articles next to the checkout.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def machine() -> str:
    """Cores and memory, as `nproc` and `free` see them."""
    memory = subprocess.run(["free", "-g"], capture_output=True, text=True, check=False).stdout.splitlines()
    total = memory[1].split()[1] if len(memory) > 1 else "?"
    system = f"{platform.system()} {platform.machine()}, Python {platform.python_version()}"
    return f"{os.cpu_count()} cores, {total} GB RAM, {system}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", default=str(EVAL / "wcxb-dev-articles"))
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    command = [sys.executable, str(EVAL / "boilerplate_eval.py"), args.data, "--layout", "wcxb", "--baselines"]
    if args.limit:
        command += ["--limit", str(args.limit)]
    run = subprocess.run(command, capture_output=True, text=True, check=True)
    print(run.stdout + run.stderr)
    table = [line.split() for line in run.stdout.splitlines()[1:] if line.strip()]
    pages = run.stdout.splitlines()[0].split("(")[-1].rstrip(")")
    lines = [
        "# Boilerplate: article bodies recovered from real pages\n",
        f"Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC. Machine: {machine()}.\n",
        f"Data: `{Path(args.data).name}`, {pages}. Command: `python benchmarks/boilerplate/run.py"
        + (f" --limit {args.limit}" if args.limit else "") + "`.\n",
        "| system | P | R | F1 |", "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {' '.join(row[:-3])} | {row[-3]} | {row[-2]} | {row[-1]} |" for row in table]
    lines.append("\nTargets: text input F1 >= 0.92, HTML input F1 >= 0.95.")
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
