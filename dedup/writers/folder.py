"""The output folder: refused when unsafe, written aside and renamed into place when complete.

Everything is written into `.OUT.partial` beside OUT; only a finished run renames it to OUT,
so an interrupted run never leaves an OUT that looks complete.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from types import TracebackType


class OutputExistsError(FileExistsError):
    """OUT exists and is not empty, and replacing it was not asked for."""


def check_output(input_path: Path, out: Path, force: bool) -> None:
    """Refuse an OUT inside IN (or IN inside OUT), and a non-empty OUT without `force`."""
    if str(input_path) != "-":
        source = input_path.resolve()
        target = out.resolve()
        if target == source or source in target.parents:
            raise ValueError(f"output folder {out} is inside the input {input_path}; choose another")
        if target in source.parents:
            raise ValueError(f"input {input_path} is inside the output folder {out}; choose another")
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not force:
        raise OutputExistsError(f"output {out} exists and is not empty; pass --force to replace it")


class StagedOutput:
    """Context manager giving the staging folder; renames it to OUT on a clean exit."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.staging = out.with_name(f".{out.name}.partial")

    def __enter__(self) -> Path:
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir(parents=True)
        return self.staging

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is not None:
            return  # leave the partial folder for inspection; OUT is untouched
        if self.out.exists():
            shutil.rmtree(self.out) if self.out.is_dir() else self.out.unlink()
        self.staging.rename(self.out)
