"""Watching the GIL of a live run, only while someone wants to see it.

The GIL page wants it while it is shown; a recording wants it throughout. Whoever wants it
says so with a reason of their own, so one leaving does not stop the other. While a run goes
and someone wants it, a GilSampler reads the run's worker threads from a thread of this
process; every TAKE_MS the columns it read go out as one GilSlots. Otherwise nothing samples,
and watching costs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from cpuviz.core.gil.trace import GilSampler

# The lanes move ten times a second: smooth enough to follow, cheap enough to draw.
TAKE_MS = 100


class GilWatch(QObject):
    slots = Signal(object)  # GilSlots

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wanted_by: set[str] = set()
        self._pids: tuple[int, ...] = ()  # the running run's worker hosts; () between runs
        self._sampler: GilSampler | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(TAKE_MS)
        self._timer.timeout.connect(self._emit)

    @property
    def sampling(self) -> bool:
        return self._sampler is not None

    def want(self, reason: str, wanted: bool) -> None:
        """`reason` ("page", "recording") wants the GIL watched, or no longer does."""
        if wanted:
            self._wanted_by.add(reason)
        else:
            self._wanted_by.discard(reason)
        if self.sampling != bool(self._pids and self._wanted_by):
            self._restart()  # else it samples on, and its figures go on adding up

    def watch(self, pids: Sequence[int]) -> None:
        """A run started on these worker hosts, or (with none) the run ended."""
        self._pids = tuple(pids)
        self._restart()

    def _restart(self) -> None:
        """Stop sampling (sending what was read), and start anew if a run goes and is wanted."""
        if self._sampler is not None:
            self._emit()
            self._sampler.stop()
            self._sampler = None
            self._timer.stop()
        if self._pids and self._wanted_by:
            self._sampler = GilSampler(self._pids).start()
            self._timer.start()

    @Slot()
    def _emit(self) -> None:
        if self._sampler is not None:
            self.slots.emit(self._sampler.take())
