"""Every key a presenter can press, in one table that both binds the keys and fills the `?` list.

A key bound but not listed is a key nobody finds; a key listed but not bound is a promise the
window breaks in front of an audience. One table cannot drift either way. Each row is a line of
the `?` list: its keys (as Qt reads them, which is also how the list shows them) and what they
do. The buttons' tooltips name their key from the same table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from cpuviz.core.runs.plan import Mode
from cpuviz.core.work.workloads import Workload
from cpuviz.options import PAGES


class Toggles(Protocol):
    def toggle(self) -> None: ...


class Chooses(Protocol):
    def toggle_run(self) -> None: ...
    def choose_mode(self, mode: Mode) -> None: ...
    def choose_workload(self, workload: Workload) -> None: ...
    def choose_code(self) -> None: ...
    def choose_program(self) -> None: ...


class Saves(Protocol):
    def save_picture(self) -> object: ...
    def save_runs(self) -> object: ...


class Presenter(Protocol):
    """What the keys act on: the window, as a presenter at the keyboard sees it."""

    choices: Chooses
    exports: Saves
    smoothness: Toggles
    shortcuts_overlay: Toggles

    def show_tab(self, index: int) -> None: ...
    def toggle_core_view(self) -> None: ...
    def toggle_fullscreen(self) -> None: ...
    def escape(self) -> None: ...
    def next_theme(self) -> None: ...


MODE_KEYS = {
    Mode.SERIAL: "S",
    Mode.THREADS: "T",
    Mode.PROCESSES: "P",
    Mode.CLUSTER: "K",
    Mode.ASYNCIO: "A",
    Mode.INTERPRETERS: "I",
    Mode.FREE_THREADED: "N",
}
WORKLOAD_KEYS = {Workload.CPU: "1", Workload.IO: "2", Workload.NATIVE: "3", Workload.DATA: "4"}
# The bottom panel's pages, by the names `cpuviz snapshot --page` knows them by.
PAGE_KEYS = {
    "runs": "R",
    "workers": "W",
    "gil": "G",
    "speedup": "C",
    "summary": "M",
    "code": "L",  # the lines of code each mode stands for
}


@dataclass(frozen=True, slots=True)
class Key:
    keys: str  # as QKeySequence reads it: "Space", "Ctrl+S", "?"
    action: Callable[[Presenter], object]


@dataclass(frozen=True, slots=True)
class KeyRow:
    keys: tuple[Key, ...]
    description: str

    @property
    def shown(self) -> str:
        """The row's keys as the `?` list shows them: 'S  T  P  K'."""
        return "  ".join(key.keys for key in self.keys)


def _mode_key(mode: Mode) -> Key:
    return Key(MODE_KEYS[mode], lambda p: p.choices.choose_mode(mode))


def _workload_key(workload: Workload) -> Key:
    return Key(WORKLOAD_KEYS[workload], lambda p: p.choices.choose_workload(workload))


def _page_key(page: str) -> Key:
    index = PAGES.index(page)
    return Key(PAGE_KEYS[page], lambda p: p.show_tab(index))


def _row(description: str, *keys: Key) -> KeyRow:
    return KeyRow(keys, description)


KEY_TABLE = (
    _row("start / stop a run", Key("Space", lambda p: p.choices.toggle_run())),
    _row(
        "serial, threads, processes, cluster (Dask)",
        *map(_mode_key, (Mode.SERIAL, Mode.THREADS, Mode.PROCESSES, Mode.CLUSTER)),
    ),
    _row(
        "asyncio, interpreters, free-threaded",
        *map(_mode_key, (Mode.ASYNCIO, Mode.INTERPRETERS, Mode.FREE_THREADED)),
    ),
    _row(
        "work: CPU, I/O, native C, data (big results)",
        *map(_workload_key, WORKLOAD_KEYS),
    ),
    _row("your code: a function of your own .py file", Key("Y", lambda p: p.choices.choose_code())),
    _row("your program: run a whole .py file", Key("O", lambda p: p.choices.choose_program())),
    _row(
        "runs, lanes, GIL, speedup, summary, code",
        *map(_page_key, PAGE_KEYS),
    ),
    _row("the cores as history graphs or as bars", Key("B", lambda p: p.toggle_core_view())),
    _row(
        "full screen; Esc leaves it",
        Key("F", lambda p: p.toggle_fullscreen()),
        Key("F11", lambda p: p.toggle_fullscreen()),
        Key("Esc", lambda p: p.escape()),
    ),
    _row("save a picture of the window", Key("Ctrl+S", lambda p: p.exports.save_picture())),
    _row("save the runs as CSV", Key("Ctrl+E", lambda p: p.exports.save_runs())),
    _row("show how smooth the window is", Key("U", lambda p: p.smoothness.toggle())),
    _row("next theme: projector, dark, light", Key("Ctrl+T", lambda p: p.next_theme())),
    _row(
        "this list; ?, Esc or a click closes it", Key("?", lambda p: p.shortcuts_overlay.toggle())
    ),
)


def bind_keys(window: QWidget, presenter: Presenter) -> None:
    """Every key of the table, live while `window` is; each acts on `presenter`."""
    for row in KEY_TABLE:
        for key in row.keys:
            QShortcut(QKeySequence(key.keys), window, partial(key.action, presenter))


def key_list() -> list[tuple[str, str]]:
    """The `?` list: each row's keys and what they do."""
    return [(row.shown, row.description) for row in KEY_TABLE]
