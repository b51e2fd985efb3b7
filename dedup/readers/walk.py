"""Walking an input folder without ever stopping on what a crawler left behind.

The walk is iterative, so tree depth is not bounded by Python's recursion limit. Folder links
are followed unless they lead back to a folder being walked (a loop). Every file that cannot be
read as a regular file (a loop, a broken link, a fifo, a folder that cannot be listed) comes out
with the problem, so the caller can report it instead of losing it silently. Hidden entries
(names starting with '.') are skipped.
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator

NOT_REGULAR = "not a regular file (fifo, socket or device)"


def display_name(name: str) -> str:
    """A file name as valid UTF-8 text: bytes that are not UTF-8 become `\\xNN` escapes."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def walk(root: str) -> Iterator[tuple[str, str, str | None]]:
    """(relpath, path, problem) of every non-hidden file under `root`, in no particular order.

    `relpath` is '/'-separated display text; `path` is what to open; `problem` is None for a
    readable regular file, else why it cannot be read.
    """
    stack: list[tuple[str, str, frozenset[tuple[int, int]]]] = [(root, "", frozenset())]
    while stack:
        folder, prefix, ancestors = stack.pop()
        try:
            ancestors |= {_identity(os.stat(folder))}
            with os.scandir(folder) as listing:
                entries = [(entry.name, entry.path) for entry in listing]
        except OSError as exc:
            yield prefix.rstrip("/") or display_name(os.path.basename(root)), folder, f"folder: {_reason(exc)}"
            continue
        for name, path in entries:
            if name.startswith("."):
                continue
            relpath = prefix + display_name(name)
            try:
                info = os.stat(path)
            except OSError as exc:
                yield relpath, path, _reason(exc)
                continue
            if stat.S_ISDIR(info.st_mode):
                if _identity(info) in ancestors:
                    yield relpath, path, "symlink loop: links to a folder that contains it"
                else:
                    stack.append((path, relpath + "/", ancestors))
            elif stat.S_ISREG(info.st_mode):
                yield relpath, path, None
            else:
                yield relpath, path, NOT_REGULAR


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENOENT:
        return "broken symlink"
    return exc.strerror or type(exc).__name__
