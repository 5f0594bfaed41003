"""Every file cpuviz writes goes through here, so every way writing can fail ends the same way.

- A full disk, a read-only or missing folder, a path under /proc: FileWriteError, whose text
  is one line naming the file and the reason. The commands print it and exit 2; the window
  says it in its caption. Never a traceback.
- A whole file (a picture, a CSV, the desktop entry, an icon) appears whole or not at all: it
  is written to a temporary file in the same folder, flushed to disk, then renamed over the
  target, which on every platform replaces it in one step.
- A recording in progress is the exception: each line is flushed as it is written, so when
  the machine dies mid-recording, everything up to that moment is on disk and still plays.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

_TEXT = {"encoding": "utf-8", "newline": ""}
# What open() would give a new file: read-write for all, less the process's umask.
_UMASK = os.umask(0)
os.umask(_UMASK)
_NEW_FILE_MODE = 0o666 & ~_UMASK


class FileWriteError(Exception):
    """A file could not be written; the message is one line: which file, and why."""


def _failure(path: Path, error: OSError) -> FileWriteError:
    return FileWriteError(f"cannot write {path}: {error.strerror or error}")


@contextlib.contextmanager
def whole_file(path: Path, *, binary: bool = False) -> Iterator[IO]:
    """Write `path` as a whole: what the block writes appears only if all of it was written.

    A target that exists but is not a regular file (a device such as /dev/stdout, a pipe) is
    written in place: renaming over it would replace the device itself.
    """
    path = Path(path)
    options = {} if binary else _TEXT
    if path.exists() and not path.is_file():
        try:
            with path.open("wb" if binary else "w", **options) as stream:
                yield stream
        except OSError as error:
            raise _failure(path, error) from None
        return
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "wb" if binary else "w", **options) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _NEW_FILE_MODE)  # mkstemp makes it private to us; others may read
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        raise _failure(path, error) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def write_bytes(path: Path, data: bytes) -> None:
    with whole_file(path, binary=True) as stream:
        stream.write(data)


def write_text(path: Path, text: str) -> None:
    with whole_file(path) as stream:
        stream.write(text)


def copy_file(source: Path, target: Path) -> None:
    write_bytes(target, Path(source).read_bytes())


class LineFile:
    """A text file written line by line, each line on disk before the next is written: what a
    recording in progress needs. Every OSError becomes a FileWriteError."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._stream = self.path.open("w", encoding="utf-8")
        except OSError as error:
            raise _failure(self.path, error) from None

    def write(self, line: str) -> None:
        try:
            self._stream.write(line)
            self._stream.flush()
        except OSError as error:
            raise _failure(self.path, error) from None

    def close(self) -> None:
        """Every line was flushed as it was written, so nothing written can be lost here."""
        with contextlib.suppress(OSError):
            self._stream.close()
