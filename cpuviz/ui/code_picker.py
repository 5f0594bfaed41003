"""'Your code…': pick a .py file and one of its functions, then check it off the GUI thread.

The file's functions are listed from its text (nothing of it runs in the window's process);
the check imports it in a short-lived process of its own, which for a file that imports numpy
takes a moment, so it runs on a thread and reports back by signal.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from cpuviz.core.work.code_check import check
from cpuviz.core.work.user_code import UserCode, UserCodeError, functions_in


def pick_code(parent: QWidget, start: str) -> UserCode | None:
    """A file, then a function of it; None if the user cancels. UserCodeError (one line) if
    the file cannot be read or parsed, or defines no functions."""
    path = open_python_file(parent, "Run your own function", start)
    if not path:
        return None
    found = functions_in(path)
    name = Path(path).name
    if not found:
        raise UserCodeError(
            f"{name} defines no functions at its top level: press O to run it as a program"
        )
    labels = [
        f"{function.name}   ({'async, ' if function.is_async else ''}line {function.line})"
        for function in found
    ]
    label, chosen = QInputDialog.getItem(
        parent,
        "Which function?",
        f"Functions of {name}: each chunk calls it with the chunk index",
        labels,
        0,
        False,
    )
    if not chosen:
        return None
    return UserCode(str(Path(path).resolve()), found[labels.index(label)].name)


def open_python_file(parent: QWidget, title: str, start: str) -> str:
    """The .py file the user picks, starting at `start`'s folder (home the first time); ""
    if they cancel."""
    path, _ = QFileDialog.getOpenFileName(
        parent, title, start or str(Path.home()), "Python files (*.py)"
    )
    return path


class CodeChecker(QObject):
    """Checks user code on a thread of its own; `checked` or `failed` arrive on the GUI thread
    (signals emitted from another thread are queued to the receiver's)."""

    checked = Signal(object)  # CheckedCode
    failed = Signal(str)

    def check(self, code: UserCode) -> None:
        threading.Thread(target=self._check, args=(code,), daemon=True).start()

    def _check(self, code: UserCode) -> None:
        try:
            self.checked.emit(check(code))
        except UserCodeError as error:
            self.failed.emit(str(error))
