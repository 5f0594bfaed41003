"""How long a worker thread may hold the GIL before offering it: one typed value end to end.

From the command line to the window's options, the GIL page's chooser, the controller, the pool
and each worker host, the same value travels, never a display string or a bare float whose unit
the reader must guess. Python's own is 5 ms; the longer ones are slow motion that a lecture hall
can follow by eye.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class SwitchInterval:
    """One of the switch intervals the app offers, in whole milliseconds."""

    ms: int

    @property
    def seconds(self) -> float:
        """What `sys.setswitchinterval()` takes."""
        return self.ms / 1000

    @property
    def label(self) -> str:
        return f"{self.ms} ms"

    @property
    def is_pythons_own(self) -> bool:
        return self == PYTHONS_OWN


PYTHONS_OWN = SwitchInterval(5)
SWITCH_INTERVALS = (PYTHONS_OWN, SwitchInterval(50), SwitchInterval(200))
