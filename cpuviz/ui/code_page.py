"""The Code page: the current mode as the standard-library code it stands for.

What the picture is made of, in the few lines a student would write (cpuviz's own machinery is
not what they will write), highlighted, in projector-sized type. When the mode flips, threads
⇄ processes, the lines that changed are tinted in the new mode's colour, so the room sees
that one or two lines made the difference. "Save as script…" writes the take-home script.
Built from plain data: a mode, the work, the workers; it never touches a run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QFontMetricsF,
    QResizeEvent,
    QTextCursor,
    QTextFormat,
)
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

from cpuviz.core.runs.plan import Mode, WorkSize
from cpuviz.core.stdlib_code.differences import changed_lines
from cpuviz.core.stdlib_code.script import take_home_script
from cpuviz.core.stdlib_code.snippets import snippet
from cpuviz.core.stdlib_code.work import DEFAULT_CHUNKS, ShownWork
from cpuviz.core.system.files import FileWriteError, write_text
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload
from cpuviz.ui.code_highlighter import CodeHighlighter
from cpuviz.ui.controls import Controls
from cpuviz.ui.theme import Theme

# How strongly a changed line is tinted with the mode's colour (of 255): the code stays legible.
MARK_ALPHA = 70
# The smallest type the code is fitted down to: at 40 %, still read from the back of a room.
MIN_TYPE_PX = 16
FRAME_PX = 12  # the text's margins inside the view


def shown_work(workload: Workload, code: UserCode | None, size: WorkSize) -> ShownWork:
    """The work a run of this choice computes. A timed run, or one of "≈ N s of serial work",
    has its chunks counted when it starts; until then the code shows the small amount."""
    counted = size.timed or size.serial_s is not None
    chunks = DEFAULT_CHUNKS if counted else size.chunks
    return ShownWork(workload, code, chunks, size.iterations_per_chunk)


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
        self._type_px = 0
        self._fit_type()
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
        self._fit_type()
        self._paint_title(mode)
        self._paint_marks()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_type()

    def _fit_type(self) -> None:
        """The theme's type, or as much smaller as the whole code needs to fit without
        scrolling (the window gives the page less height than a screen of its own)."""
        room = self.view.viewport().size()
        lines = self.code.splitlines() or [""]
        px = self.theme.base_px
        while px > MIN_TYPE_PX:
            metrics = QFontMetrics(self._font(px))
            # Each line takes its spacing rounded up: fonts such as Noto Sans Mono space lines
            # a fraction of a pixel more than the whole pixels QFontMetrics reports.
            line_px = math.ceil(QFontMetricsF(self._font(px)).lineSpacing())
            tall = len(lines) * line_px + FRAME_PX
            wide = max(metrics.horizontalAdvance(line) for line in lines) + FRAME_PX
            if tall <= room.height() and wide <= room.width():
                break
            px -= 1
        if px != self._type_px:
            self._type_px = px
            self.view.setStyleSheet(
                f"QPlainTextEdit {{ background: {self.theme.graph_background};"
                f" color: {self.theme.text}; border: none; font-family: "
                f'"{self._font(px).family()}"; font-size: {px}px; }}'
            )

    @staticmethod
    def _font(px: int) -> QFont:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPixelSize(px)
        return font

    def follow(self, controls: Controls) -> None:
        """Show what Start would run, now and whenever the presenter changes it."""

        def show_chosen() -> None:
            work = shown_work(controls.workload, controls.code, controls.work_size)
            self.show_code(controls.mode, work, controls.workers.value())

        controls.chosen.connect(show_chosen)
        self._shown = None  # what the window opens with is not a change to mark
        show_chosen()

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
