"""`dedup` command line: a thin layer over `dedup.Pipeline`, the report and `explain`."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from . import __version__
from .config import ENGINES, KEEP_POLICIES, Config, parse_size
from .duplicates.lsh import optimal_bands
from .explain import explain, find
from .pipeline import Pipeline, Summary
from .progress import Progress
from .report import RunError, write_report
from .report.data import load_kept, read_manifest
from .settings import SettingsError, load
from .writers.folder import OutputExistsError

EXIT_OK, EXIT_PARTIAL, EXIT_FAILED = 0, 1, 2
EXIT_CODES = f"""exit codes:
  {EXIT_OK}  every document was read and processed (report, explain: done)
  {EXIT_PARTIAL}  finished, but some documents could not be read (status "error" in the manifest, with the
     reason; binary, empty, unreadable or too large files, malformed records)
  {EXIT_FAILED}  OUT was not written: bad options or config file, missing input, OUT exists without
     --force, or OUT cannot be written (a file on its path, a full disk: a partial staging folder
     may be left beside it); for report and explain: OUT is not the output of a finished run, or
     no such document
"""


def _parser() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The command parser and its `clean` subparser (whose defaults a config file replaces)."""
    defaults = Config()
    parser = argparse.ArgumentParser(prog="dedup", description="Clean and deduplicate scraped text corpora.")
    parser.add_argument("--version", action="version", version=f"dedup {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    bands, rows = optimal_bands(defaults.threshold, defaults.num_perm)
    clean = commands.add_parser(
        "clean", formatter_class=argparse.RawDescriptionHelpFormatter,
        help="clean IN into OUT: repair, strip boilerplate, remove duplicates, write a manifest",
        description=(
            "Read IN (a folder of .txt, .jsonl[.gz|.zst], .parquet, .html and .warc[.gz] files, one such file,\n"
            "or - for JSONL on stdin), repair the text, strip boilerplate (HTML: main content by trafilatura\n"
            "first), remove exact and near-duplicate paragraphs and documents\n"
            "(inside documents and across them), and write the cleaned corpus to OUT mirroring IN, with\n"
            "OUT/manifest.jsonl (one line per input document: status, removed spans and why) and OUT/stats.json.\n\n"
            f"Near duplicates: MinHash over word n-grams, LSH bands x rows chosen for the threshold by\n"
            f"minimizing the weighted false-positive and false-negative areas of the S-curve\n"
            f"1-(1-s^rows)^bands (defaults: {bands} bands x {rows} rows); every candidate is verified before it\n"
            f"counts: documents on their signature, paragraphs on the exact Jaccard of their shingle sets\n"
            f"(unless every permutation agrees), from an estimate of threshold - 0.1 up."
        ),
        epilog=EXIT_CODES,
    )
    clean.add_argument("input", metavar="IN", help="input folder, file, or - for JSONL on stdin")
    clean.add_argument("output", metavar="OUT", help="output folder (refused if it exists and is not empty)")
    clean.add_argument("--force", action="store_true", help="replace OUT if it exists")
    clean.add_argument("--threshold", type=float, default=defaults.threshold,
                       help="Jaccard similarity of word n-grams at which texts are near duplicates (default %(default)s)")
    clean.add_argument("--ngram", type=int, default=defaults.ngram, help="words per shingle (default %(default)s)")
    clean.add_argument("--num-perm", type=int, default=defaults.num_perm,
                       help="MinHash permutations; more is more precise and slower (default %(default)s)")
    clean.add_argument("--seed", type=int, default=defaults.seed, help="MinHash seed (default %(default)s)")
    clean.add_argument("--min-paragraph-words", type=int, default=defaults.min_paragraph_words,
                       help="paragraphs with fewer words are matched exactly only (default %(default)s)")
    clean.add_argument("--related-threshold", type=float, default=defaults.related_threshold,
                       help="word-unigram Jaccard above which two documents tell the same story (default %(default)s)")
    clean.add_argument("--drop-related", action="store_true",
                       help="keep only the canonical document of each same-story group (default: keep all, report)")
    clean.add_argument("--keep", choices=KEEP_POLICIES, default=defaults.keep,
                       help="which copy is kept: first (lowest id), longest, earliest (date in metadata), "
                            "cleanest (least boilerplate); ties broken by id (default %(default)s)")
    clean.add_argument("--text-field", default=defaults.text_field, help="JSONL/Parquet text field (default %(default)s)")
    clean.add_argument("--id-field", default=defaults.id_field, help="JSONL/Parquet id field (default %(default)s)")
    clean.add_argument("--no-boilerplate", action="store_true", help="do not strip boilerplate, only deduplicate")
    clean.add_argument("--template-min-docs", type=int, default=defaults.template_min_docs,
                       help="a non-sentence line on this many unrelated documents is site template (default %(default)s)")
    clean.add_argument("--max-input-bytes", metavar="SIZE", type=parse_size, default=defaults.max_input_bytes,
                       help="largest input file after decompression, e.g. 500M or 2G; a larger one (a decompression "
                            "bomb) becomes an error record (default: no limit)")
    clean.add_argument("--workers", type=int, default=defaults.workers,
                       help="processes (or Ray CPUs) for the per-document stages, threads for the global step's band "
                            "joins; the output does not depend on "
                            "it (default: all cores)")
    clean.add_argument("--engine", choices=ENGINES, default=defaults.engine,
                       help="local: a process pool; ray: Ray tasks (pip install 'dedup[ray]') (default %(default)s)")
    clean.add_argument("--ray-address", default=defaults.ray_address,
                       help="address of an existing Ray cluster, e.g. ray://head:10001 (default: start a local Ray)")
    clean.add_argument("--quiet", action="store_true", help="no progress bar and no summary table")
    clean.add_argument("--config", metavar="TOML", type=Path,
                       help="read options from a TOML file (keys: the long option names, e.g. num-perm = 256); "
                            "options given on the command line override it")
    clean.add_argument("--json", action="store_true",
                       help="print one JSON line on stdout: counts, characters, seconds, output, report, exit code")
    clean.add_argument("--no-report", action="store_true", help="do not write OUT/report.html")
    report = commands.add_parser(
        "report", epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
        help="(re)write OUT/report.html from a finished run", description=(
            "Write OUT/report.html, a self-contained page (no network) built from OUT/manifest.jsonl,\n"
            "OUT/stats.json and the kept files: summary, plots, largest clusters, pairs around the\n"
            "threshold and every document's removed spans. Prints the report's path."))
    report.add_argument("output", metavar="OUT", help="output folder of dedup clean")
    report.add_argument("--quiet", action="store_true", help="no progress bar")
    explain_parser = commands.add_parser(
        "explain", epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
        help="show one document with its removed spans marked and why",
        description="Print document DOC_ID of a finished run with each removed span marked [n ...] in place,\n"
                    "then each span's reason and, for duplicates, the kept copy it matched.")
    explain_parser.add_argument("output", metavar="OUT", help="output folder of dedup clean")
    explain_parser.add_argument("doc_id", metavar="DOC_ID", help="document id, as in OUT/manifest.jsonl")
    return parser, clean


def _config(args: argparse.Namespace) -> Config:
    return Config(
        threshold=args.threshold, ngram=args.ngram, num_perm=args.num_perm, seed=args.seed,
        min_paragraph_words=args.min_paragraph_words, related_threshold=args.related_threshold,
        drop_related=args.drop_related, keep=args.keep, text_field=args.text_field, id_field=args.id_field,
        strip_boilerplate=not args.no_boilerplate, template_min_docs=args.template_min_docs,
        max_input_bytes=args.max_input_bytes, workers=args.workers, engine=args.engine,
        ray_address=args.ray_address,
    )


def summary_table(summary: Summary) -> Table:
    table = Table(title="dedup clean", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents in", f"{summary.documents:,}")
    for status in ("kept", "cleaned", "dropped", "error"):
        table.add_row(f"  {status}", f"{summary.statuses.get(status, 0):,}")
    for reason, count in sorted(summary.removed_by_reason.items()):
        table.add_row(f"removed: {reason}", f"{count:,} spans, {summary.chars_removed_by_reason[reason]:,} chars")
    table.add_row("characters in", f"{summary.chars_in:,}")
    table.add_row("characters out", f"{summary.chars_out:,}")
    table.add_row("time", f"{summary.seconds:.2f} s")
    return table


def _failed(console: Console, exc: Exception, json_line: dict[str, object] | None = None) -> int:
    """Report an error on stderr (and as a JSON line on stdout with --json); the exit code."""
    console.print(f"[red]dedup: error:[/red] {exc}", highlight=False, soft_wrap=True)
    if json_line is not None:
        _print_json({**json_line, "error": str(exc), "exit_code": EXIT_FAILED})
    return EXIT_FAILED


def _print_json(line: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(line) + "\n")


def _clean(args: argparse.Namespace, console: Console) -> int:
    json_line: dict[str, object] | None = {"output": args.output} if args.json else None
    progress_on = not args.quiet
    try:
        summary = Pipeline(_config(args)).run(args.input, args.output, force=args.force,
                                              progress=Progress(enabled=progress_on, console=console))
    except (OutputExistsError, OSError, ValueError) as exc:  # OSError: OUT cannot be written (a file on its path, a full disk)
        return _failed(console, exc, json_line)
    code = EXIT_PARTIAL if summary.statuses.get("error") else EXIT_OK
    report = None if args.no_report else write_report(Path(args.output), Progress(enabled=progress_on, console=console))
    if json_line is not None:
        _print_json({**summary.to_json(), "seconds": round(summary.seconds, 3), **json_line,
                     "report": None if report is None else str(report), "exit_code": code})
    elif not args.quiet:
        console.print(summary_table(summary))
        if report is not None:
            console.print(f"report: {report}", highlight=False)
    return code


def _report(args: argparse.Namespace, console: Console) -> int:
    try:
        path = write_report(Path(args.output), Progress(enabled=not args.quiet, console=console))
    except RunError as exc:
        return _failed(console, exc)
    print(path)
    return EXIT_OK


def _explain(args: argparse.Namespace, console: Console) -> int:
    try:
        run = read_manifest(Path(args.output))
        doc = find(run, args.doc_id)
        load_kept(run, {doc.id, *(span.duplicate_of for span in doc.removed if span.duplicate_of)})
    except RunError as exc:
        return _failed(console, exc)
    Console(highlight=False).print(explain(run, doc), soft_wrap=True)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser, clean = _parser()
    args = parser.parse_args(argv)
    console = Console(stderr=True)
    if args.command == "clean" and args.config is not None:
        try:
            clean.set_defaults(**load(args.config, clean))
        except SettingsError as exc:
            return _failed(console, exc, {"output": args.output} if args.json else None)
        args = parser.parse_args(argv)
    commands = {"clean": _clean, "report": _report, "explain": _explain}
    return commands[args.command](args, console)


if __name__ == "__main__":
    sys.exit(main())
