"""The `?` overlay: every key a presenter can press, over the window, until ?, Esc or a click."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget


class ShortcutsOverlay(QFrame):
    """A panel over the parent's whole area, listing `keys` (each row's keys and what they
    do); hidden until toggled."""

    def __init__(self, parent: QWidget, keys: Sequence[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        layout = QGridLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setHorizontalSpacing(36)
        title = QLabel("Keys")
        title.setObjectName("overlayTitle")
        layout.addWidget(title, 0, 0, 1, 2)
        for row, (shown, what) in enumerate(keys, start=1):
            key_label = QLabel(shown)
            key_label.setObjectName("overlayKey")
            layout.addWidget(key_label, row, 0, Qt.AlignmentFlag.AlignRight)
            layout.addWidget(QLabel(what), row, 1)
        layout.setRowStretch(len(keys) + 1, 1)
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
