"""How much of the GUI thread the workers' messages take: the smoothness readout's figure."""

from __future__ import annotations

from dataclasses import dataclass, field

FRAME_S = 1 / 60


@dataclass(slots=True)
class MessageStats:
    """GUI-thread CPU time spent on worker messages, in total and in the worst 60 Hz frame.

    The worst frame is what an audience could notice: time the GUI thread could not paint.
    """

    messages: int = 0
    batches: int = 0
    busy_s: float = 0.0
    worst_frame_s: float = 0.0
    _frame: int = field(default=-1, init=False, repr=False)
    _frame_busy_s: float = field(default=0.0, init=False, repr=False)

    def add(self, messages: int, busy_s: float, at_s: float) -> None:
        self.messages += messages
        self.batches += 1
        self.busy_s += busy_s
        frame = int(at_s / FRAME_S)
        self._frame_busy_s = busy_s + (self._frame_busy_s if frame == self._frame else 0.0)
        self._frame = frame
        self.worst_frame_s = max(self.worst_frame_s, self._frame_busy_s)
