"""Safe reading of input bytes: size limit first, then binary check, then decoding.

Decoding policy (deliberately strict, so that garbled text never reaches a brief):

* UTF-8, with or without a byte-order mark, is the expected encoding.
* UTF-16/UTF-32 are accepted only when the data starts with their byte-order mark.
* HTML may declare another charset (``<meta charset=...>``); it is honoured.
* Anything else that is not valid UTF-8 (a Latin-1, cp1252, ... file) is decoded as the
  encoding ``charset-normalizer`` finds, when it finds one that reads cleanly (mess ratio
  at most :data:`MAX_CHAOS`); otherwise it is reported as ``not valid UTF-8 at byte N``
  and skipped, because a wrong guess would put mojibake in the brief.
* Data containing NUL bytes (and no UTF-16/32 byte-order mark) is a binary file.
"""
from __future__ import annotations

import codecs
import gzip
import re
import zlib
from pathlib import Path
from typing import Iterator

MAX_FILE_BYTES = 10 * 1024 * 1024  # .txt/.html/.json and stdin: whole-file formats
MAX_STREAM_BYTES = 2 * 1024 * 1024 * 1024  # .jsonl(.gz): file size, and bytes read after decompression
MAX_LINE_BYTES = 10 * 1024 * 1024  # one .jsonl line
MAX_LINES = 2_000_000  # lines of one .jsonl file, blank ones included
MAX_CHAOS = 0.1  # charset-normalizer's mess ratio above which a detected legacy encoding is refused

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.I)


class InputError(Exception):
    """A reason to skip an input; the message is shown to the user."""


def size_text(n: int) -> str:
    """52428800 -> '52.4 MB'; 5000 -> '5.0 kB'."""
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} kB"


def too_large(size: int, limit: int) -> str:
    return f"file too large ({size_text(size)} > {limit // (1024 * 1024)} MB limit)"


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a whole file, checking its size before reading anything."""
    size = path.stat().st_size
    if size > limit:
        raise InputError(too_large(size, limit))
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:  # grew while we looked, or a special file
        raise InputError(too_large(len(data), limit))
    return data


def decode(data: bytes, *, html: bool = False) -> str:
    """Bytes -> text following the module's decoding policy (raises InputError)."""
    if not data.strip():
        raise InputError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {encoding.upper()} at byte {exc.start}") from None
            return _nonempty(text)
    if b"\x00" in data:
        raise InputError("binary file (NUL bytes)")
    try:
        return _nonempty(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        utf8_error = f"not valid UTF-8 at byte {exc.start}"
    if html:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii")
            try:
                return _nonempty(data.decode(name))
            except (LookupError, UnicodeDecodeError):
                raise InputError(f"{utf8_error} (declared charset {name!r} does not decode it either)") from None
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.chaos <= MAX_CHAOS:
        # Detection on a short text is a guess among code pages that read it equally cleanly
        # ('Caf\xe9' reads as mac_latin2 'Cafť' as readily as 'Café'): Windows-1252, the usual legacy
        # encoding of Western news, wins whenever it reads the bytes at least as cleanly.
        western = from_bytes(data, cp_isolation=["cp1252"]).best()
        if western is not None and western.chaos <= best.chaos + 0.01:
            return _nonempty(str(western))
        return _nonempty(str(best))
    raise InputError(utf8_error + " (and no legacy encoding reads it cleanly)")


def _nonempty(text: str) -> str:
    if not text.strip():
        raise InputError("empty file")
    if _looks_binary(text):
        raise InputError("binary file (control characters)")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return controls > max(8, len(sample) // 20)


def iter_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(line number, raw bytes) of a .jsonl or .jsonl.gz file, 1-based, without the newline.

    Bounded whatever the file holds: at most MAX_STREAM_BYTES after
    decompression and MAX_LINES lines (blank ones included). When reading
    stops early -- a limit, or gzip data that is truncated or corrupt -- the
    last item is ``(line number, StreamStop(reason))`` and the lines before it
    stay usable."""
    size = path.stat().st_size
    if size > MAX_STREAM_BYTES:
        raise InputError(too_large(size, MAX_STREAM_BYTES))
    opener = gzip.open if path.name.endswith(".gz") else open
    number = 0
    total = 0
    with opener(path, "rb") as fh:
        try:
            while True:
                line = fh.readline(MAX_LINE_BYTES + 1)  # never hold more than one capped line
                if not line:
                    return
                number += 1
                total += len(line)
                if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                    skipped = len(line)
                    while line and not line.endswith(b"\n") and total <= MAX_STREAM_BYTES:
                        line = fh.readline(1024 * 1024)  # skip the rest of the oversized line
                        skipped += len(line)
                        total += len(line)
                    yield number, OversizedLine(skipped)
                elif line.strip():
                    yield number, line.rstrip(b"\r\n")
                if total > MAX_STREAM_BYTES:
                    yield number + 1, StreamStop(f"more than {MAX_STREAM_BYTES // 2**20:,} MB after decompression")
                    return
                if number >= MAX_LINES:
                    yield number + 1, StreamStop(f"more than {MAX_LINES:,} lines")
                    return
        except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
            if number == 0:
                raise
            yield number + 1, StreamStop(f"truncated or corrupt data ({exc or type(exc).__name__})")


class StreamStop(bytes):
    """Stands in for the rest of a stream that was not read; ``reason`` says why."""

    def __new__(cls, reason: str):
        obj = super().__new__(cls, b"")
        obj.reason = reason
        return obj


class OversizedLine(bytes):
    """Stands in for a line longer than MAX_LINE_BYTES; its len() is the line's size."""

    def __new__(cls, size: int):
        obj = super().__new__(cls, b"")
        obj.size = size
        return obj

    def __len__(self) -> int:
        return self.size
