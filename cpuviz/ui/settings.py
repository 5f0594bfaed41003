"""What the window remembers between launches: mode, workload, workers, theme, the workers'
Python, the last program picked to run and its arguments, geometry.

A presenter sets up once and the next double-click opens the same way. Flags given on the
command line win over what was remembered. A settings file that is unreadable or holds nonsense
never stops the app: each bad value falls back to its default, and the user is told once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from cpuviz.core.runs.plan import MIN_WORKERS, Mode, max_workers
from cpuviz.core.system.pythons import ProbeCache, PythonInfo, UnusablePythonError
from cpuviz.core.work.workloads import Workload
from cpuviz.options import CORE_VIEWS, REMEMBERED_OPTIONS, GuiOptions
from cpuviz.ui.program_picker import PickedProgram
from cpuviz.ui.theme import THEMES

# The last program picked in the window, offered again (never run because it was remembered).
PROGRAM_KEYS = ("program_file", "program_arguments")


def default_settings_file() -> str:
    return str(_settings_folder() / "settings.ini")


def probe_cache_file() -> Path:
    """Where the Pythons' probes are remembered, beside the settings."""
    return _settings_folder() / "pythons.json"


def _settings_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation))


@dataclass(frozen=True, slots=True)
class Remembered:
    """The options as they were saved (the valid ones), and what was wrong with the rest."""

    options: GuiOptions
    geometry: QByteArray | None
    problems: list[str]

    def warning(self) -> str | None:
        """One line for the user, or None when everything saved made sense."""
        if not self.problems:
            return None
        return f"ignored saved settings that made no sense ({'; '.join(self.problems)})"


def recall(options: GuiOptions, store: QSettings) -> Remembered:
    """`options` with each remembered value the user did not give on the command line."""
    problems = []
    if store.status() is not QSettings.Status.NoError:
        problems.append(f"{store.fileName()} could not be read")
    changes = {}
    for name, parse in _PARSERS.items():
        text = store.value(name)
        if text is None or name in options.explicit:
            continue
        value = parse(str(text))
        if value is None:
            problems.append(f"{name} {str(text)!r}")
        else:
            changes[name] = value
    geometry = store.value("geometry")
    return Remembered(
        replace(options, **changes),
        geometry if isinstance(geometry, QByteArray) else None,
        problems,
    )


def remember(store: QSettings, options: GuiOptions, geometry: QByteArray) -> str | None:
    """Save the choices (QSettings writes the file whole, or leaves the old one); one line
    saying why not if it could not."""
    for name in REMEMBERED_OPTIONS:
        value = getattr(options, name)
        if isinstance(value, PythonInfo):
            value = value.path
        if value is None:  # the default (the workers on the window's own Python)
            store.remove(name)
        else:
            store.setValue(name, str(value))
    store.setValue("geometry", geometry)
    store.sync()
    if store.status() is QSettings.Status.NoError:
        return None
    return f"could not save the settings in {store.fileName()}"


def recall_program(store: QSettings) -> PickedProgram | None:
    """The program picked last, to offer its arguments again; None if none was saved."""
    path, arguments = (store.value(key) for key in PROGRAM_KEYS)
    if not isinstance(path, str) or not isinstance(arguments, str):
        return None
    return PickedProgram(path, arguments)


def keep_program(store: QSettings, program: PickedProgram | None) -> None:
    """Kept with the next `remember`, which writes the file."""
    if program is not None:
        store.setValue(PROGRAM_KEYS[0], program.path)
        store.setValue(PROGRAM_KEYS[1], program.arguments)


def _enum(kind: type[Mode] | type[Workload]):
    def parse(text: str) -> Mode | Workload | None:
        try:
            return kind(text)
        except ValueError:
            return None

    return parse


def _python(text: str) -> PythonInfo | None:
    """A Python chosen earlier, probed again (or remembered, if its file has not changed):
    one that has gone or broken since is a problem, and the window's own is used."""
    try:
        return ProbeCache(probe_cache_file()).probe(text)
    except UnusablePythonError:
        return None


def _workers(text: str) -> int | None:
    return int(text) if text.isdigit() and MIN_WORKERS <= int(text) <= max_workers() else None


_PARSERS = {
    "mode": _enum(Mode),
    "workload": _enum(Workload),
    "workers": _workers,
    "theme": lambda text: text if text in THEMES else None,
    "view": lambda text: text if text in CORE_VIEWS else None,
    # Only where the picker opens: a file is never run because it was remembered.
    "code_file": lambda text: text if "\n" not in text else None,
    "python": _python,
}
