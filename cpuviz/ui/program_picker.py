"""'Your program…' (key O): a .py file and its arguments, to run whole as a program under watch.

Nothing of the file runs here: it is checked to be a readable .py file, and the command it
becomes runs it with the workers' Python, as `cpuviz run -- PYTHON FILE ARGS` would. What is
wrong with the pick is one line (UserCodeError), for the caption.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from cpuviz.core.work.user_code import UserCodeError
from cpuviz.ui.code_picker import open_python_file


@dataclass(frozen=True, slots=True)
class PickedProgram:
    """A .py file and the arguments typed for it, as the user typed them."""

    path: str
    arguments: str

    def command(self, python: str) -> list[str]:
        """The command that runs it with `python`; UserCodeError if the arguments do not
        parse as a shell would read them (an unclosed quote)."""
        try:
            arguments = shlex.split(self.arguments)
        except ValueError as error:
            raise UserCodeError(f"the arguments {self.arguments!r}: {error}") from None
        return [python, self.path, *arguments]


def pick_program(parent: QWidget, start: str, last_arguments: str) -> PickedProgram | None:
    """A file, then its arguments (offered as `last_arguments`); None if the user cancels,
    UserCodeError if the file will not do."""
    path = open_python_file(parent, "Run your own program", start)
    if not path:
        return None
    file = checked_program_file(path)
    arguments, chosen = QInputDialog.getText(
        parent,
        "Its arguments?",
        f"Arguments for {file.name} (as on a command line; none is fine)",
        QLineEdit.EchoMode.Normal,
        last_arguments,
    )
    return PickedProgram(str(file), arguments.strip()) if chosen else None


def checked_program_file(path: str) -> Path:
    """`path`, resolved, if it is a .py file that can be read; else UserCodeError."""
    file = Path(path).resolve()
    if not file.is_file():
        raise UserCodeError(f"{path} is not a file")
    if file.suffix != ".py":
        raise UserCodeError(f"{file.name} is not a .py file")
    try:
        with file.open("rb") as opened:
            opened.read(1)
    except OSError as error:
        raise UserCodeError(f"cannot read {file.name}: {error.strerror}") from None
    return file
