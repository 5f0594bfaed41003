"""The `?` overlay: every key a presenter can press, over the window, until ?, Esc or a click."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

SHORTCUTS = (
    ("Space", "start / stop a run"),
    ("S  T  P  K", "serial, threads, processes, cluster (Dask)"),
    ("A  I  N", "asyncio, interpreters, free-threaded (No GIL)"),
    ("1  2  3  4", "work: CPU, I/O, native C, data (big results)"),
    ("Y", "your code: a function of your own .py file"),
    ("R  W  G  C  M", "runs, lanes, GIL, speedup chart, summary"),
    ("B", "the cores as history graphs or as bars"),
    ("F  F11", "full screen; Esc leaves it"),
    ("Ctrl+S", "save a picture of the window"),
    ("Ctrl+E", "save the runs as CSV"),
    ("U", "show how smooth the window is"),
    ("Ctrl+T", "next theme: projector, dark, light"),
    ("?", "this list; ?, Esc or a click closes it"),
)


class ShortcutsOverlay(QFrame):
    """A panel over the parent's whole area; hidden until toggled."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        layout = QGridLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setHorizontalSpacing(36)
        title = QLabel("Keys")
        title.setObjectName("overlayTitle")
        layout.addWidget(title, 0, 0, 1, 2)
        for row, (keys, what) in enumerate(SHORTCUTS, start=1):
            key_label = QLabel(keys)
            key_label.setObjectName("overlayKey")
            layout.addWidget(key_label, row, 0, Qt.AlignmentFlag.AlignRight)
            layout.addWidget(QLabel(what), row, 1)
        layout.setRowStretch(len(SHORTCUTS) + 1, 1)
        parent.installEventFilter(self)
        self.hide()

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
            return
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() is QEvent.Type.Resize and watched is self.parentWidget():
            self.setGeometry(self.parentWidget().rect())
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self.hide()
        event.accept()
