"""Your own code: a function in a .py file, run chunk by chunk in every mode.

The function takes one int, the chunk index (0 … chunks − 1), and returns a picklable value.
Running it is exactly as safe as `python FILE.py`: the file is imported, top-level code and
all, in the worker processes that run it and in one short-lived process that checks it first,
never in the window's process (which only reads the file's text to list its functions).

What a chunk returns is folded into the run's checksum (see result_digest), so that the same
function gives the same checksum in every mode, unless it is not deterministic: then cpuviz
says so rather than calling the run wrong.
"""

from __future__ import annotations

import ast
import asyncio
import importlib.util
import inspect
import pickle
import sys
import traceback
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from cpuviz.core.work.workloads import CHECKSUM_MASK

DEFAULT_CHUNKS = 64
MAX_CHUNKS = 1_000_000


class UserCodeError(ValueError):
    """The file or function cannot be run; the message is one line that says why."""


@dataclass(frozen=True, slots=True)
class UserCode:
    """Which function of which file; `path` is absolute, so every process finds it."""

    path: str
    function: str

    @property
    def file_name(self) -> str:
        return Path(self.path).name

    @property
    def title(self) -> str:
        return f"{self.function}()"

    def __str__(self) -> str:
        return f"{self.file_name}:{self.function}"


@dataclass(frozen=True, slots=True)
class FunctionFound:
    name: str
    line: int
    is_async: bool


def parse_work(text: str) -> UserCode:
    """`FILE.py:FUNCTION` as given on the command line, with the file checked to exist."""
    file_text, colon, function = text.rpartition(":")
    if not colon or not file_text:
        raise UserCodeError(f"needs FILE.py:FUNCTION, got {text!r}")
    if not function.isidentifier():
        raise UserCodeError(f"{function!r} is not a Python function name")
    path = _python_file(file_text)
    return UserCode(str(path.resolve()), function)


def _python_file(text: str) -> Path:
    path = Path(text).expanduser()
    if path.suffix != ".py":
        raise UserCodeError(f"{text} is not a .py file")
    if not path.is_file():
        raise UserCodeError(f"no such file: {text}")
    return path


def functions_in(path: str | Path) -> list[FunctionFound]:
    """The functions defined at the top of a file, read from its text without running it."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UserCodeError(
            f"cannot read {path.name}: {getattr(error, 'strerror', error)}"
        ) from None
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as error:
        raise UserCodeError(f"{path.name}:{error.lineno}: syntax error: {error.msg}") from None
    return [
        FunctionFound(node.name, node.lineno, isinstance(node, ast.AsyncFunctionDef))
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("_")
    ]


# --- in the processes that run it ----------------------------------------------------------------


def load_function(code: UserCode) -> Callable:
    """Import the file (once per process) and return the function; UserCodeError if it is not
    there or not callable, and the file's own exception if importing it fails."""
    # Named by path and modification time: an edited file is imported afresh by hosts that
    # ran it before, and an unchanged one only once.
    try:
        changed_ns = Path(code.path).stat().st_mtime_ns
    except OSError:
        raise UserCodeError(f"no such file: {code.path}") from None
    name = f"cpuviz_user_{zlib.crc32(code.path.encode()):08x}_{changed_ns}"
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, code.path)
        if spec is None or spec.loader is None:
            raise UserCodeError(f"cannot import {code.file_name}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # before running it: pickling its classes needs it there
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
    function = getattr(module, code.function, None)
    if function is None:
        raise UserCodeError(f"{code.file_name} has no function {code.function}")
    if not callable(function):
        raise UserCodeError(f"{code.file_name}: {code.function} is not callable")
    return function


def result_digest(value: object, pickled: bytes | None = None) -> int:
    """A chunk's result as a number for the run's checksum, the same in every mode: an int
    as it is (the built-in kernels return their checksums), bytes by their CRC, anything
    else by the CRC of its pickle (`pickled`, if process mode has made it already)."""
    if isinstance(value, int):
        return value & CHECKSUM_MASK
    if isinstance(value, bytes | bytearray | memoryview):
        return zlib.crc32(value)
    return zlib.crc32(pickled or pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def kernel(code: UserCode) -> Callable[[int], object]:
    """chunk index → what the function returns (an async one is run to its end)."""
    function = load_function(code)
    if inspect.iscoroutinefunction(function):
        return lambda chunk_index: asyncio.run(function(chunk_index))
    return function


async def run_async(code: UserCode, chunk_index: int) -> int:
    """One chunk of an async function, awaited on the running loop (asyncio mode)."""
    return result_digest(await load_function(code)(chunk_index))


def where_in(code: UserCode, trace: TracebackType | None) -> str:
    """ " (file.py:12)" for the deepest line of the user's file in a traceback, else ""."""
    lines = [frame.lineno for frame in traceback.extract_tb(trace) if frame.filename == code.path]
    return f" ({code.file_name}:{lines[-1]})" if lines else ""


def failure_line(
    error: BaseException, trace: TracebackType | None = None, code: UserCode | None = None
) -> str:
    """One line: the exception, and where in the user's own file (if any) it was raised."""
    lines = str(error).splitlines()
    text = f"{type(error).__name__}: {lines[0] if lines else ''}".rstrip(": ")
    return text + (where_in(code, trace) if code is not None else "")
