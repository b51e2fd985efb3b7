"""Article-body recovery on real pages: `dedup clean` on naive-scrape text and on raw HTML,
scored against human gold bodies (ScrapingHub metric: word 4-gram P/R/F1, macro over pages),
beside the uncleaned text and trafilatura. Writes RESULTS.md beside this file.

    python benchmarks/boilerplate/run.py [DATA_DIR] [--limit N]

DATA_DIR defaults to ../shared/eval/wcxb-dev-articles next to the checkout. `dedup clean` runs
from this checkout (PYTHONPATH), never from an installed copy. Besides the whole set, the pages
are split in two halves by the hash of their URL's host (so one site never lands in both), and
each half is scored alone: a rule fitted to one half shows as a gap between them.
"""
from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import zlib
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "signatures"))  # machine.py: the notes a rerun keeps
from machine import hand_notes

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
    cmd = f"env PYTHONPATH={shlex.quote(str(ROOT))} {shlex.quote(sys.executable)} -m dedup clean"
    command = [sys.executable, str(EVAL / "boilerplate_eval.py"), args.data, "--layout", "wcxb", "--baselines",
               "--cmd", cmd]
    if args.limit:
        command += ["--limit", str(args.limit)]
    run = subprocess.run(command, capture_output=True, text=True, check=True)
    print(run.stdout + run.stderr)
    table = [line.split() for line in run.stdout.splitlines()[1:] if line.strip()]
    workdir = Path(re.search(r"# workdir (\S+)", run.stderr).group(1))
    halves = score_halves(Path(args.data), workdir)
    shutil.rmtree(workdir, ignore_errors=True)
    pages = run.stdout.splitlines()[0].split("(")[-1].rstrip(")")
    lines = [
        "# Boilerplate: article bodies recovered from real pages\n",
        f"Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC. Machine: {machine()}.\n",
        f"Data: `{Path(args.data).name}`, {pages}. Command: `python benchmarks/boilerplate/run.py"
        + (f" --limit {args.limit}" if args.limit else "") + "`.\n",
        "| system | P | R | F1 |", "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {' '.join(row[:-3])} | {row[-3]} | {row[-2]} | {row[-1]} |" for row in table]
    lines.append(f"\nLoad average at the end (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
                 "(2 cores shared with other jobs).\n")
    lines += ["Halves by URL host (crc32 of the host, even / odd), each scored alone:\n",
              "| system | half | pages | P | R | F1 |", "| --- | --- | ---: | ---: | ---: | ---: |"]
    lines += [f"| {name} | {half} | {n} | {p:.3f} | {r:.3f} | {f:.3f} |" for name, half, n, p, r, f in halves]
    lines.append("\nTargets: text input F1 >= 0.92, HTML input F1 >= 0.95.")
    results = HERE / "RESULTS.md"
    results.write_text("\n".join(lines) + "\n" + hand_notes(results), encoding="utf-8")


def score_halves(data: Path, workdir: Path) -> list[tuple[str, str, int, float, float, float]]:
    """P/R/F1 of the naive text and both dedup modes on each half, with the eval's own metric."""
    spec = importlib.util.spec_from_file_location("boilerplate_eval", EVAL / "boilerplate_eval.py")
    evaluation = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(evaluation)
    gold, half = {}, {}
    for path in sorted((data / "ground-truth").glob("*.json")):
        truth = json.loads(path.read_text("utf-8"))
        host = urlparse(truth.get("url") or "").hostname or path.stem
        gold[path.stem] = truth["ground_truth"].get("main_content") or ""
        half[path.stem] = "even" if zlib.crc32(host.encode()) % 2 == 0 else "odd"
    systems = {"naive text, uncleaned": workdir / "text", "dedup clean (text)": workdir / "out-text",
               "dedup clean (html)": workdir / "out-html"}
    rows = []
    for name, folder in systems.items():
        predicted = evaluation.read_out(folder)
        pages = {p.name.split(".")[0] for p in (workdir / "text").glob("*.txt")}
        for side in ("even", "odd"):
            chosen = {k: gold[k] for k in sorted(pages) if half[k] == side}
            rows.append((name, side, len(chosen), *evaluation.score(chosen, predicted)))
    return rows


if __name__ == "__main__":
    main()
