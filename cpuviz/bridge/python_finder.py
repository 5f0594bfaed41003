"""Finding and probing the machine's Pythons off the GUI thread, for the window's picker.

Each probe starts a Python (~0.1 s, 5 s at most for one that hangs), and a first look may probe
a dozen: the window must keep painting meanwhile. The answers arrive as signals, in the GUI
thread, and are remembered beside the settings for the next launch.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from cpuviz.core.system.pythons import (
    ProbeCache,
    UnusablePythonError,
    find_pythons,
)


class PythonFinder(QObject):
    """`look()` lists every candidate with its probe (found); `check(path)` probes one path
    the user named (checked: the PythonInfo, or refused: the one line saying why not)."""

    found = Signal(list)  # list[FoundPython]
    checked = Signal(object)  # PythonInfo
    refused = Signal(str)

    def __init__(self, cache_file: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache = ProbeCache(cache_file)
        self._lock = threading.Lock()  # one probe at a time writes the cache file
        self._stop = threading.Event()

    def look(self) -> None:
        self._in_background(lambda: self.found.emit(find_pythons(self._cache, self._stop)))

    def stop(self) -> None:
        """Start no more probes (the window is closing); the one under way ends by itself."""
        self._stop.set()

    def check(self, path: str) -> None:
        def probe() -> None:
            try:
                self.checked.emit(self._cache.probe(path))
            except UnusablePythonError as problem:
                self.refused.emit(str(problem))

        self._in_background(probe)

    def _in_background(self, work: Callable[[], None]) -> None:
        def locked() -> None:
            # RuntimeError: the window closed (and took this object along) mid-probe.
            with self._lock, contextlib.suppress(RuntimeError):
                work()

        threading.Thread(target=locked, name="cpuviz-python-probe", daemon=True).start()
