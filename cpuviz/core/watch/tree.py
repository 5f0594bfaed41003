"""Which processes are the program's now: the root and every descendant, found by their parents.

The whole process table is read to find new children (the kernel here has no per-thread
`children` file), which costs about 1 ms per 100 processes; the watch does it every SCAN_S
rather than every tick. A child found late loses nothing of its CPU time (its clock counts
from its birth), only the first moments of its lane.
"""

from __future__ import annotations

import contextlib
import os
from collections import defaultdict
from pathlib import Path

import psutil

from cpuviz.core.watch.program import MARKER_VARIABLE

SCAN_S = 0.25
_PROC = Path("/proc")


def process_parents() -> dict[int, int]:
    """pid -> parent pid for every process on the machine now."""
    if not _PROC.is_dir():
        parents = {}
        for process in psutil.process_iter(["ppid"]):
            parents[process.pid] = process.info["ppid"]
        return parents
    parents = {}
    for entry in os.scandir(_PROC):
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                descriptor = os.open(f"/proc/{entry.name}/stat", os.O_RDONLY)
                try:
                    stat = os.read(descriptor, 512)
                finally:
                    os.close(descriptor)
                parents[int(entry.name)] = int(stat[stat.rindex(b")") + 2 :].split()[1])
    return parents


class ProcessTree:
    """The root's descendants, and (for a started program) orphans handed to cpuviz that carry
    the program's marker: a process whose parent exited is still the program's."""

    def __init__(self, root: int, marker: str | None) -> None:
        self.root = root
        self._marker = marker
        self._strangers: set[int] = set()  # cpuviz's own children that are not the program's
        self.members: set[int] = {root}

    def scan(self) -> set[int]:
        """The program's processes now (the root while it lasts, even as a zombie)."""
        parents = process_parents()
        members = {pid for pid in self.members if pid in parents}
        if self._marker is not None:
            members |= self._adopted(parents, members)
        children: dict[int, list[int]] = defaultdict(list)
        for pid, parent in parents.items():
            children[parent].append(pid)
        unexplored = list(members)
        while unexplored:
            for child in children.get(unexplored.pop(), ()):
                if child not in members:
                    members.add(child)
                    unexplored.append(child)
        self.members = members
        return members

    def _adopted(self, parents: dict[int, int], members: set[int]) -> set[int]:
        me = os.getpid()
        adopted = set()
        for pid, parent in parents.items():
            if parent != me or pid in members or pid in self._strangers:
                continue
            try:
                marked = psutil.Process(pid).environ().get(MARKER_VARIABLE) == self._marker
            except psutil.Error:
                continue
            (adopted if marked else self._strangers).add(pid)
        return adopted
