"""What each benchmark script prints: measurements as JSON lines, one per key."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Measurement:
    """One figure, and the anchor it was measured beside in the same run (if it has one)."""

    key: str
    measured: float
    anchor: float | None = None
    anchor_label: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.anchor is None or self.anchor == 0:
            return None
        return self.measured / self.anchor


def emit(measurements: Iterable[Measurement]) -> None:
    """Print one JSON object per line, for run_all (or a human) to read."""
    for measurement in measurements:
        print(json.dumps(asdict(measurement)), flush=True)


def parse(lines: Iterable[str]) -> list[Measurement]:
    return [Measurement(**json.loads(line)) for line in lines if line.startswith("{")]


def log(text: str) -> None:
    """Progress for the person waiting; stdout is kept for the measurements."""
    print(text, file=sys.stderr, flush=True)
