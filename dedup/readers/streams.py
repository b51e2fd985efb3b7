"""Opening inputs as byte streams: decompressed by their magic bytes, capped in size.

A few kilobytes of gzip or zstd can expand to terabytes. The cap counts bytes after
decompression; crossing it raises `InputTooLarge`, which `read_source` turns into an error
record for that file while the rest of the corpus is processed.
"""
from __future__ import annotations

import gzip
import io
import sys
from typing import IO

import zstandard


class InputTooLarge(ValueError):
    """A file decompresses to more than the configured maximum."""


def compression(magic: bytes) -> str | None:
    """'gzip' or 'zstd' if a file's first 4 bytes say it is compressed so, else None."""
    if magic[:2] == b"\x1f\x8b":
        return "gzip"
    if magic == b"\x28\xb5\x2f\xfd":
        return "zstd"
    return None


def open_binary(path: str) -> IO[bytes]:
    """Open a possibly compressed file (or '-' for stdin) for reading, by its magic bytes."""
    if path == "-":
        return sys.stdin.buffer
    raw = open(path, "rb")  # noqa: SIM115 -- returned open, the caller closes it
    kind = compression(raw.read(4))
    raw.seek(0)
    if kind == "gzip":
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    if kind == "zstd":
        # every frame: concatenated .zst files are common and must not be cut after the first
        return zstandard.ZstdDecompressor().stream_reader(  # type: ignore[return-value]
            raw, closefd=True, read_across_frames=True)
    return raw


class _Capped(io.RawIOBase):
    """A raw stream over `inner` that fails once more than `limit` bytes have been read."""

    def __init__(self, inner: IO[bytes], limit: int | None) -> None:
        super().__init__()
        self._inner = inner
        self._limit = limit
        self._total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        self._total += len(data)
        if self._limit is not None and self._total > self._limit:
            raise InputTooLarge(f"more than {self._limit:,} bytes after decompression (max_input_bytes)")
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._inner.close()
        super().close()


def open_capped(path: str, limit: int | None) -> io.BufferedReader:
    """`open_binary(path)` buffered, failing once more than `limit` bytes come out of it."""
    return io.BufferedReader(_Capped(open_binary(path), limit), buffer_size=1 << 16)
