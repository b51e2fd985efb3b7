"""Run the dedup CLI from a checkout: `python cli.py clean seeds/ out/`."""
import sys

from dedup.cli import main

if __name__ == "__main__":
    sys.exit(main())
