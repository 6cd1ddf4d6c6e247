"""Writing a command's output: whole or not at all.

:func:`write_atomic` writes to a temporary file next to the target, flushes
it to disk, then renames it over the target (``os.replace``), so a failure
at any point -- a character that cannot be encoded, a full disk, Ctrl-C --
leaves an existing file exactly as it was and no half-written file behind.
:func:`emit` writes to ``-o FILE`` that way, or to stdout, where a reader
that went away (``| head``, a closed stdout) ends the command quietly.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


class OutputError(Exception):
    """The output could not be written; the message names the file and the reason."""


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically; OutputError on failure."""
    path = Path(path)
    data = _encode(text, path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():  # keep the permissions of the file we replace
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def check_writable(path: str | Path) -> None:
    """OutputError now, before any work, if ``path`` cannot be written later."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory")
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: no such directory {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: directory {folder} is not writable")


def _encode(text: str, where) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate that slipped through
        raise OutputError(f"cannot write {where}: the output is not valid Unicode ({exc.reason})") from None


def emit(text: str, output: str | Path | None) -> None:
    """``text`` to ``output`` (atomically) or to stdout; OutputError on failure."""
    if output is not None:
        write_atomic(output, text)
        return
    data = _encode(text, "stdout")
    if sys.stdout is None:  # started with stdout closed
        raise OutputError("cannot write to stdout: it is closed")
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_stdout()
    except (OSError, ValueError) as exc:  # stdout closed
        quiet_stdout()
        raise OutputError(f"cannot write to stdout: {exc}") from None


def quiet_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def unwrap_help(text: str) -> str:
    """Join the wrapped lines of each prose paragraph of a command's help text
    (typer's rich help keeps single newlines); indented paragraphs stay as they are."""
    paragraphs = text.strip().split("\n\n")
    return "\n\n".join(p if p.startswith("  ") else " ".join(p.split("\n")) for p in paragraphs)
