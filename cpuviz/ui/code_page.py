"""The Code page: the current mode as the standard-library code it stands for.

What the picture is made of, in the few lines a student would write (cpuviz's own machinery is
not what they will write), highlighted, in projector-sized type. When the mode flips, threads
⇄ processes, the lines that changed are tinted in the new mode's colour, so the room sees
that one or two lines made the difference. "Save as script…" writes the take-home script.
Built from plain data: a mode, the work, the workers; it never touches a run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFontDatabase, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from cpuviz.core.runs.plan import Mode
from cpuviz.core.stdlib_code.differences import changed_lines
from cpuviz.core.stdlib_code.script import take_home_script
from cpuviz.core.stdlib_code.snippets import snippet
from cpuviz.core.stdlib_code.work import ShownWork
from cpuviz.core.system.files import FileWriteError, write_text
from cpuviz.ui.code_highlighter import CodeHighlighter
from cpuviz.ui.theme import Theme

# How strongly a changed line is tinted with the mode's colour (of 255): the code stays legible.
MARK_ALPHA = 70


@dataclass(frozen=True, slots=True)
class _Shown:
    mode: Mode
    work: ShownWork
    workers: int
    code: str


class CodePage(QWidget):
    """The code on top, in large monospace type; the title and Save as script… above it."""

    script_saved = Signal(str)  # one line for the caption: where it went, or why not

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.title = QLabel()
        self.title.setObjectName("caption")
        self.save_button = QPushButton("Save as script…")
        self.save_button.setToolTip("A standalone .py: every mode on this work, timed")
        self.save_button.clicked.connect(self._ask_where_to_save)
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.highlighter = CodeHighlighter(self.view.document(), theme)
        self._shown: _Shown | None = None
        self.marked_lines: set[int] = set()

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)
        self.set_theme(theme)
        self.show_code(Mode.THREADS, ShownWork(), 2)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        family = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
        self.view.setStyleSheet(
            f"QPlainTextEdit {{ background: {theme.graph_background}; color: {theme.text};"
            f' border: none; font-family: "{family}"; font-size: {theme.base_px}px; }}'
        )
        self.highlighter.set_theme(theme)
        if self._shown is not None:
            self._paint_title(self._shown.mode)
        self._paint_marks()

    def show_code(self, mode: Mode, work: ShownWork, workers: int) -> None:
        """Show `mode`'s code for this work; after a flip of mode alone, mark what changed."""
        code = snippet(mode, work, workers)
        before = self._shown
        self._shown = _Shown(mode, work, workers, code)
        if before is not None and before.code == code:
            return
        if before is None or (before.work, before.workers) != (work, workers):
            self.marked_lines = set()  # other work: nothing to compare it with
        else:
            self.marked_lines = changed_lines(before.code, code)
        shown = code.rstrip("\n")  # no empty last line to scroll to
        self.view.setPlainText(shown)
        self.highlighter.set_text(shown)
        self._paint_title(mode)
        self._paint_marks()

    @property
    def code(self) -> str:
        return self.view.toPlainText()

    def save_script(self, path: Path) -> None:
        """Write the take-home script for what is shown; say where, or why not, in one line."""
        assert self._shown is not None
        try:
            write_text(path, take_home_script(self._shown.work, self._shown.workers))
        except FileWriteError as error:
            self.script_saved.emit(str(error))
            return
        self.script_saved.emit(f"Saved {path}: run it with python {path.name}")

    def _ask_where_to_save(self) -> None:
        assert self._shown is not None
        suggested = f"cpuviz_{self._shown.work.name.lower().replace('/', '')}.py"
        chosen, _ = QFileDialog.getSaveFileName(self, "Save as script", suggested, "Python (*.py)")
        if chosen:
            self.save_script(Path(chosen))

    def _paint_title(self, mode: Mode) -> None:
        self.title.setText(f"{mode.title}, in plain Python")
        self.title.setStyleSheet(f"color: {self.theme.mode_colour(mode)};")

    def _paint_marks(self) -> None:
        """Tint each marked line across the whole width, in the shown mode's colour."""
        if self._shown is None:
            return
        tint = QColor(self.theme.mode_colour(self._shown.mode))
        tint.setAlpha(MARK_ALPHA)
        selections = []
        document = self.view.document()
        for line in sorted(self.marked_lines):
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(tint)
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(document.findBlockByNumber(line))
            selections.append(selection)
        self.view.setExtraSelections(selections)
