"""The workers' Python, chosen in the header: the Pythons found here, each with its version and
its GIL, the window's own first. One that cannot run the workers is listed greyed out with the
reason; a choice that turns out bad says why, and the previous one stays."""

from __future__ import annotations

import os

from PySide6.QtCore import QSignalBlocker, Qt, Signal, Slot
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from cpuviz.core.system.pythons import FoundPython, PythonInfo

LOOKING = "Workers' Python: looking…"


# Wide enough for "workers CPython 3.14.0t, GIL off" in the picker's smaller type, so that it
# fits beside the banner at 1024 pixels; the list that opens is as wide as its longest line.
SHOWN_CHARACTERS = 26
WINDOWS_OWN = "window's"


def python_title(python: FoundPython, *, own: bool) -> str:
    """E.g. 'workers CPython 3.13.0, GIL on', the window's own as "window's CPython 3.11.7, GIL
    on", or 'python3.8 is Python 3.8.18: workers need 3.11 or newer' (the probe's line, by
    the file's name rather than its whole path, which the tooltip gives)."""
    if python.info is None:
        why = python.problem or ": cannot run the workers"
        return os.path.basename(python.path) + why.removeprefix(python.path)
    return f"{WINDOWS_OWN if own else 'workers'} {python.info.describe()}"


class PythonPicker(QComboBox):
    """Emits `chosen` with the PythonInfo picked (None: the window's own Python)."""

    chosen = Signal(object)

    def __init__(self, current: PythonInfo | None, font_px: int, greyed: str) -> None:
        """`font_px`: the type size, smaller than the buttons' (the runtime lines' beside it);
        `greyed`: the colour of a Python that cannot run the workers (the theme's muted)."""
        super().__init__()
        # A delegate that follows the style sheet, which greys out the disabled items (the
        # combo box's own paints every item in the window's text colour).
        self.setItemDelegate(QStyledItemDelegate(self))
        self.setStyleSheet(
            f"QComboBox {{ font-size: {font_px}px; }} "
            f"QComboBox QAbstractItemView::item:disabled {{ color: {greyed}; }}"
        )
        self.setObjectName("pythonPicker")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(SHOWN_CHARACTERS)
        self._current = current
        self._found: list[FoundPython] = []
        self.addItem(LOOKING)
        self.setEnabled(False)
        self.activated.connect(self._on_activated)

    @property
    def current(self) -> PythonInfo | None:
        return self._current

    def set_found(self, found: list[FoundPython]) -> None:
        """Fill the list; the window's own comes first in `found` (see find_pythons)."""
        self._found = found
        with QSignalBlocker(self):
            self.clear()
            model = self.model()
            for index, python in enumerate(found):
                self.addItem(python_title(python, own=index == 0))
                self.setItemData(index, python.problem or python.path, Qt.ItemDataRole.ToolTipRole)
                if python.info is None and isinstance(model, QStandardItemModel):
                    model.item(index).setEnabled(False)
        self.view().setMinimumWidth(self.view().sizeHintForColumn(0) + 24)
        self.setEnabled(bool(found))
        self._show_current()

    def keep(self, python: PythonInfo | None) -> None:
        """The workers now run on `python` (None: the window's own)."""
        self._current = python
        self._show_current()

    def refuse(self, why: str) -> None:
        """A choice that could not be used: the previous one stays, and says why."""
        self._show_current()
        self.setToolTip(f"Not changed: {why}")

    def _show_current(self) -> None:
        path = self._current.path if self._current is not None else None
        index = next(
            (
                position
                for position, python in enumerate(self._found)
                if (path is None and position == 0) or python.path == path
            ),
            0,
        )
        with QSignalBlocker(self):
            self.setCurrentIndex(index)
        tip = self.itemData(index, Qt.ItemDataRole.ToolTipRole)
        self.setToolTip(str(tip) if tip else "")

    @Slot(int)
    def _on_activated(self, index: int) -> None:
        python = self._found[index] if 0 <= index < len(self._found) else None
        if python is None or python.info is None:
            return
        picked = None if index == 0 else python.info
        if picked != self._current:
            self.chosen.emit(picked)
