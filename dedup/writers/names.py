"""Output paths: one per input file, always inside OUT, never shared by two inputs.

Names come from input paths, never from record ids, so an id cannot become a path. Two inputs
can still want one name (`a.txt` and `a.html` both become `a.txt`; a file `a.text` and a folder
`a.txt/`), and a name can exceed what the file system allows once escaped. Collisions are
resolved from the set of inputs alone, so every run of the same corpus picks the same names.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from ..readers import Source
from .corpus import output_relpath

# Names written at the top of OUT by the run itself (and report.html by `dedup report`).
RESERVED = frozenset({"manifest.jsonl", "stats.json", "_SUCCESS", "report.html"})
_MAX_NAME_BYTES = 255  # longest file name on common Linux file systems


def output_names(sources: Iterable[Source]) -> dict[Source, str]:
    """The output path of each readable source, relative to OUT.

    A source whose natural name is its own input path keeps it (`a.txt` stays `a.txt`); the
    others, in sorted order, take the first free name of `a.txt`, `a~2.txt`, `a~3.txt`, ...
    """
    readable = [s for s in sources if s.error is None]
    wanted = {source: safe_relpath(output_relpath(source)) for source in readable}
    taken = _Taken()
    names: dict[Source, str] = {}
    for source in sorted(readable, key=lambda s: (wanted[s] != s.relpath, s)):
        name, copy = wanted[source], 1
        while not taken.free(name):
            copy += 1
            name = _variant(wanted[source], copy)
        taken.claim(name)
        names[source] = name
    return names


def safe_relpath(relpath: str) -> str:
    """`relpath` as a relative path that stays inside its root: no '', '.', '..' parts, no NUL,
    no part longer than a file name may be."""
    parts = [_fit(part.replace("\x00", "\\x00")) for part in relpath.split("/") if part not in ("", ".", "..")]
    return "/".join(parts) or "_"


class _Taken:
    """Claimed file names and the folders they need."""

    def __init__(self) -> None:
        self.files: set[str] = set(RESERVED)
        self.folders: set[str] = set()

    def free(self, name: str) -> bool:
        parents = _parents(name)
        return name not in self.files and name not in self.folders and not self.files.intersection(parents)

    def claim(self, name: str) -> None:
        self.files.add(name)
        self.folders.update(_parents(name))


def _parents(name: str) -> list[str]:
    parts = name.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def _variant(name: str, copy: int) -> str:
    """`name` with `~copy` before the suffixes of its last part: 'd/a.jsonl.gz' -> 'd/a~2.jsonl.gz'."""
    folder, _, last = name.rpartition("/")
    dot = last.find(".", 1)
    stem, suffix = (last, "") if dot < 0 else (last[:dot], last[dot:])
    varied = _fit(f"{stem}~{copy}{suffix}")
    return f"{folder}/{varied}" if folder else varied


def _fit(part: str) -> str:
    """A path part cut to the longest file name, keeping its suffix and a hash of the whole."""
    data = part.encode("utf-8")
    if len(data) <= _MAX_NAME_BYTES:
        return part
    dot = part.find(".", max(1, len(part) - 32))
    suffix = part[dot:] if dot > 0 else ""
    tag = "~" + hashlib.sha1(data).hexdigest()[:12]
    room = _MAX_NAME_BYTES - len((tag + suffix).encode("utf-8"))
    head = data[:room].decode("utf-8", "ignore")
    return head + tag + suffix
