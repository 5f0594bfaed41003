"""Checking the user's file before any run, in a short-lived process of its own.

A bad file (not found, a syntax error, an import that fails, no such function) is said in one
line before anything starts, and the user's code never runs in the caller's process: the
window's, which must stay responsive, or bench's.
"""

from __future__ import annotations

import contextlib
import inspect
import multiprocessing
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection

from cpuviz.core.work.subinterpreters import Subinterpreter, SubinterpreterError, unavailable_reason
from cpuviz.core.work.user_code import (
    UserCode,
    UserCodeError,
    functions_in,
    load_function,
    where_in,
)

CHECK_TIMEOUT_S = 60.0  # importing a file may take a while (numpy, say), not forever


@dataclass(frozen=True, slots=True)
class CheckedCode:
    """The function exists and is callable. Whether it is async (asyncio mode runs only
    those), and why it cannot run in a subinterpreter, if it cannot."""

    code: UserCode
    is_async: bool
    interpreters_problem: str | None = None


def check(code: UserCode, timeout_s: float = CHECK_TIMEOUT_S) -> CheckedCode:
    """Import the file in a short-lived process and look the function up; UserCodeError
    (one line) if it cannot run."""
    functions_in(code.path)  # a syntax error, said with its line, without starting anything
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe(duplex=False)
    process = context.Process(target=_check_in_child, args=(code, theirs), daemon=True)
    process.start()
    theirs.close()
    try:
        if not ours.poll(timeout_s):
            raise UserCodeError(f"importing {code.file_name} took over {timeout_s:g} s")
        answer = ours.recv()
    except EOFError:
        raise UserCodeError(f"importing {code.file_name} ended its process") from None
    finally:
        process.kill()
        process.join()
    if isinstance(answer, str):
        raise UserCodeError(answer)
    return CheckedCode(code, *answer)


def _check_in_child(code: UserCode, answer: Connection) -> None:
    """Send (async or not, why not in a subinterpreter), or the one-line reason it cannot run."""
    with contextlib.redirect_stdout(sys.stderr):  # its prints are its own business
        try:
            function = load_function(code)
        except UserCodeError as error:
            answer.send(str(error))
            return
        except BaseException as error:  # noqa: BLE001 - whatever the file raised, said in a line
            lines = str(error).splitlines()
            first = f": {lines[0]}" if lines else ""
            where = where_in(code, error.__traceback__)
            answer.send(f"importing {code.file_name} failed: {type(error).__name__}{first}{where}")
            return
        answer.send((inspect.iscoroutinefunction(function), _interpreters_problem(code)))


def _interpreters_problem(code: UserCode) -> str | None:
    """Why the file will not import in a subinterpreter (numpy, say, refuses), or None."""
    if unavailable_reason() is not None:
        return None  # the mode is greyed for every workload anyway, with its own reason
    try:
        interpreter = Subinterpreter()
    except SubinterpreterError as error:
        return f"no subinterpreter could be made: {error}"
    try:
        interpreter.load(code)
    except SubinterpreterError as error:
        last = (str(error).strip().splitlines() or [""])[-1]
        return f"{code.file_name} does not import in a subinterpreter: {last}"
    finally:
        interpreter.close()
    return None
