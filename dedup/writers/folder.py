"""The output folder: refused when unsafe, written aside and renamed into place when complete.

Everything is written into `.OUT.partial` beside OUT. A finished run writes the completion
marker `_SUCCESS` last, then renames the folder to OUT; a process killed at any moment
(kill -9) leaves no OUT, or the previous OUT untouched. An OUT without `_SUCCESS` was not
written by a finished run. The next run removes what a killed one left.
"""
from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

SUCCESS = "_SUCCESS"


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
    """Context manager giving the staging folder; marks it complete and renames it to OUT on a
    clean exit."""

    def __init__(self, out: Path) -> None:
        self.out = Path(os.path.abspath(out))  # so that 'out/..' or '.' still has a name and a parent
        self.staging = self.out.with_name(f".{self.out.name}.partial")
        self.previous = self.out.with_name(f".{self.out.name}.previous")

    def __enter__(self) -> Path:
        for leftover in (self.staging, self.previous):  # what a killed run left behind
            remove_tree(leftover)
        self.staging.mkdir(parents=True)
        return self.staging

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is not None:
            return  # leave the partial folder for inspection; OUT is untouched
        (self.staging / SUCCESS).write_bytes(b"")
        if self.out.exists() or self.out.is_symlink():
            self.out.rename(self.previous)  # OUT is replaced whole, never left half deleted
        self.staging.rename(self.out)
        remove_tree(self.previous)


def remove_tree(path: Path) -> None:
    """Delete a file, link or folder tree if it exists (a link, not what it points to).

    Iterative, unlike shutil.rmtree before Python 3.12, so tree depth has no limit.
    """
    if not path.is_dir() or path.is_symlink():
        if path.exists() or path.is_symlink():
            path.unlink()
        return
    stack = [str(path)]
    while stack:
        with os.scandir(stack[-1]) as listing:
            entries = list(listing)
        folders = [entry.path for entry in entries if entry.is_dir(follow_symlinks=False)]
        for entry in entries:
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
        if folders:
            stack.extend(folders)
        else:
            os.rmdir(stack.pop())
