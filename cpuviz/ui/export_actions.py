"""Ctrl+S and Ctrl+E: save what the audience saw, and say in the caption where (or why not).

A full disk or a missing Pictures folder is one line under the chart, never a dialog or a
traceback: mid-talk the app must carry on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from cpuviz.core.system.files import FileWriteError
from cpuviz.ui import export
from cpuviz.ui.history_strip import HistoryStrip
from cpuviz.ui.narration import Narrator
from cpuviz.ui.results import ResultsTable


class ExportActions:
    def __init__(
        self, window: QWidget, results: ResultsTable, history: HistoryStrip, narrator: Narrator
    ) -> None:
        self._window = window
        self._results = results
        self._history = history
        self._narrator = narrator

    def save_picture(self) -> Path | None:
        return self._export("picture", lambda folder: export.save_picture(self._window, folder))

    def save_runs(self) -> Path | None:
        """The runs, and beside them the last minute of per-core samples."""
        history = self._history
        return self._export(
            "runs (and samples beside them)",
            lambda folder: export.save_runs(
                self._results.reports, history.samples(), history.core_count, folder
            ),
        )

    def _export(self, what: str, save: Callable[[Path], Path]) -> Path | None:
        try:
            target = save(export.export_folder())
        except (OSError, FileWriteError) as error:  # no Pictures folder, or a full disk
            self._narrator.warn(f"Could not save the {what}: {error}")
            return None
        self._narrator.say(f"Saved the {what} to {target}")
        return target
