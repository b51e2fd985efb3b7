"""`dedup` command line: a thin layer over `dedup.Pipeline`."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from . import __version__
from .config import KEEP_POLICIES, Config
from .duplicates.lsh import optimal_bands
from .pipeline import Pipeline, Summary
from .writers.folder import OutputExistsError
from .progress import Progress

EXIT_OK, EXIT_PARTIAL, EXIT_FAILED = 0, 1, 2
EXIT_CODES = f"""exit codes:
  {EXIT_OK}  every document was read and processed
  {EXIT_PARTIAL}  finished, but some documents could not be read (status "error" in the manifest)
  {EXIT_FAILED}  nothing was written: bad options, missing input, or OUT exists without --force
"""


def _parser() -> argparse.ArgumentParser:
    defaults = Config()
    parser = argparse.ArgumentParser(prog="dedup", description="Clean and deduplicate scraped text corpora.")
    parser.add_argument("--version", action="version", version=f"dedup {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    bands, rows = optimal_bands(defaults.threshold, defaults.num_perm)
    clean = commands.add_parser(
        "clean", formatter_class=argparse.RawDescriptionHelpFormatter,
        help="clean IN into OUT: repair, strip boilerplate, remove duplicates, write a manifest",
        description=(
            "Read IN (a folder of .txt/.jsonl[.gz|.zst]/.parquet files, one file, or - for JSONL on stdin),\n"
            "repair the text, strip boilerplate, remove exact and near-duplicate paragraphs and documents\n"
            "(inside documents and across them), and write the cleaned corpus to OUT mirroring IN, with\n"
            "OUT/manifest.jsonl (one line per input document: status, removed spans and why) and OUT/stats.json.\n\n"
            f"Near duplicates: MinHash over word n-grams, LSH bands x rows chosen for the threshold by\n"
            f"minimizing the weighted false-positive and false-negative areas of the S-curve\n"
            f"1-(1-s^rows)^bands (defaults: {bands} bands x {rows} rows); every candidate is verified on its\n"
            f"signature before it counts."
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
    clean.add_argument("--quiet", action="store_true", help="no progress bar and no summary table")
    return parser


def _config(args: argparse.Namespace) -> Config:
    return Config(
        threshold=args.threshold, ngram=args.ngram, num_perm=args.num_perm, seed=args.seed,
        min_paragraph_words=args.min_paragraph_words, related_threshold=args.related_threshold,
        drop_related=args.drop_related, keep=args.keep, text_field=args.text_field, id_field=args.id_field,
        strip_boilerplate=not args.no_boilerplate, template_min_docs=args.template_min_docs,
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


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    console = Console(stderr=True)
    try:
        config = _config(args)
        summary = Pipeline(config).run(args.input, args.output, force=args.force,
                                       progress=Progress(enabled=not args.quiet, console=console))
    except (OutputExistsError, FileNotFoundError, ValueError) as exc:
        console.print(f"[red]dedup: error:[/red] {exc}")
        return EXIT_FAILED
    if not args.quiet:
        console.print(summary_table(summary))
    return EXIT_PARTIAL if summary.statuses.get("error") else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
