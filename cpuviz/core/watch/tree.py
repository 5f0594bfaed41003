"""Which processes are the program's now: the root and every descendant, found by their parents.

The whole process table is listed to find new children, every SCAN_S rather than every tick:
a child found late loses nothing of its CPU time (its clock counts from its birth), only the
first moments of its lane. Listing /proc is cheap; reading each process's stat for its parent
is not (about 1 ms per 100 processes), so a process's parent is read once, when it is first
listed, and kept while its /proc entry stays the same one (a PID used again by a new process
gets a new entry, and is read again). A process's parent changes only when the parent exits
(the orphan goes to cpuviz for a program it started, to init otherwise), and an orphan of the
program's is a member already, found while its parent lived; one orphaned before it was ever
listed is read then, with its new parent.
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


class ProcessParents:
    """pid -> parent pid for every process on the machine, read anew for new processes only."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[int, int]] = {}  # pid -> (its /proc entry's inode, parent)

    def read(self) -> dict[int, int]:
        """Every process now, with its parent."""
        if not _PROC.is_dir():
            return {process.pid: process.info["ppid"] for process in psutil.process_iter(["ppid"])}
        known, self._known = self._known, {}
        for entry in os.scandir(_PROC):
            if entry.name.isdigit():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    pid, inode = int(entry.name), entry.inode()
                    seen = known.get(pid)
                    parent = seen[1] if seen and seen[0] == inode else _parent_of(entry.name)
                    self._known[pid] = (inode, parent)
        return {pid: parent for pid, (_, parent) in self._known.items()}


def _parent_of(pid: str) -> int:
    descriptor = os.open(f"/proc/{pid}/stat", os.O_RDONLY)
    try:
        stat = os.read(descriptor, 512)
    finally:
        os.close(descriptor)
    return int(stat[stat.rindex(b")") + 2 :].split()[1])


class ProcessTree:
    """The root's descendants, and (for a started program) orphans handed to cpuviz that carry
    the program's marker: a process whose parent exited is still the program's."""

    def __init__(self, root: int, marker: str | None) -> None:
        self.root = root
        self._marker = marker
        self._strangers: set[int] = set()  # cpuviz's own children that are not the program's
        self._parents = ProcessParents()
        self.members: set[int] = {root}

    def scan(self) -> set[int]:
        """The program's processes now (the root while it lasts, even as a zombie)."""
        parents = self._parents.read()
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
