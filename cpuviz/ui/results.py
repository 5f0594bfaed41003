"""The list of measured runs, newest on top."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from cpuviz.core.results import RunReport
from cpuviz.ui.theme import Theme

COLUMNS = ("Mode", "Workers", "Work", "Time", "Speedup", "of ideal", "Busy")


def report_cells(report: RunReport) -> tuple[str, ...]:
    """The row as text, e.g.
    ('Processes', '2', 'cpu · small', '1.02 s', '1.9×', '95% of 2×', '1.9')."""
    result = report.result
    mode = result.plan.mode.title + (" (baseline)" if report.is_baseline else "")
    speedup = report.speedup
    efficiency = report.efficiency
    return (
        mode,
        str(result.plan.worker_count),
        f"{result.plan.work_title} · {result.plan.size.name}",
        f"{result.elapsed_s:.2f} s",
        "–" if speedup is None else f"{speedup:.2f}×",
        "–" if efficiency is None else f"{efficiency:.0%} of {report.ideal_speedup}×",
        "–" if result.busy_cores is None else f"{result.busy_cores:.1f}",
    )


class ResultsTable(QTableWidget):
    def __init__(self, theme: Theme) -> None:
        super().__init__(0, len(COLUMNS))
        self._theme = theme
        self.setHorizontalHeaderLabels(COLUMNS)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        # Every column as wide as its widest text, so nothing is cut short at 1024 pixels.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setShowGrid(False)
        self.reports: list[RunReport] = []  # oldest first, for export

    def add_report(self, report: RunReport) -> None:
        self.reports.append(report)
        self.insertRow(0)
        for column, text in enumerate(report_cells(report)):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setItem(0, column, item)
        self._colour_mode(0, report)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        for row, report in enumerate(reversed(self.reports)):  # newest on top
            self._colour_mode(row, report)

    def _colour_mode(self, row: int, report: RunReport) -> None:
        """The mode's name in the mode's colour, as on its button and the banner."""
        self.item(row, 0).setForeground(QColor(self._theme.mode_colour(report.result.plan.mode)))

    def clear_reports(self) -> None:
        self.reports.clear()
        self.setRowCount(0)

    def row_texts(self, row: int) -> list[str]:
        return [self.item(row, column).text() for column in range(self.columnCount())]
