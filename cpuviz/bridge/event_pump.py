"""The thread that waits on the workers' queue, so that the GUI thread never does."""

from __future__ import annotations

import queue

from PySide6.QtCore import QThread, Signal

from cpuviz.core.processes.pool import WorkerPool

# Put on the queue to end the pump: no worker ever sends None.
STOP_PUMP = None
MAX_BATCH = 256


class EventPump(QThread):
    """Blocks on the Manager queue so the GUI thread never does; one signal per batch.

    Signals emitted here reach QObjects of the GUI thread as queued calls, which is how the
    events cross threads safely. Whatever else is already waiting is sent along in the same
    batch, so 64 workers cost the GUI thread one wake-up per batch, not one per message.
    """

    received = Signal(object)  # list[RunEvent]
    broken = Signal(str)

    def __init__(self, pool: WorkerPool) -> None:
        super().__init__()
        self._events = pool.events

    def run(self) -> None:
        while True:
            try:
                event = self._events.get()
            except (EOFError, OSError) as error:
                self.broken.emit(f"lost contact with the worker manager ({error or 'closed'})")
                return
            if event is STOP_PUMP:
                return
            batch = [event]
            while len(batch) < MAX_BATCH:
                try:
                    event = self._events.get_nowait()
                except (queue.Empty, EOFError, OSError):
                    break  # a broken queue is reported by the blocking get above, next turn
                if event is STOP_PUMP:
                    self.received.emit(batch)
                    return
                batch.append(event)
            self.received.emit(batch)
