"""What the fuzz tests share: a generated file's content, written where the code under test
reads it."""

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def file_holding(content: str | bytes, name: str) -> Iterator[Path]:
    """A temporary file called `name` holding `content` (text as UTF-8, lone surrogates
    included, as a broken editor could write them), removed afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
        path.write_bytes(data)
        yield path
