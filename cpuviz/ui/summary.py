"""The summary page, one slide: measured speedup for every workload (rows) and mode (columns).

Below the table, once threads have run on more than one Python, each workload's threads side
by side, each against a serial baseline on its own Python: the GIL's history on one slide.
A watched program's run is a row of its own in Runs, never a cell here: it is no workload.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cpuviz.core.runs.availability import unavailable_modes
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.results import (
    RunReport,
    python_names,
    threads_on_each_python,
    threads_side_by_side,
)
from cpuviz.core.runs.runtime import Runtime
from cpuviz.core.watch.program_run import ProgramReport
from cpuviz.core.work.workloads import Workload
from cpuviz.ui.mode_looks import MODE_LOOKS
from cpuviz.ui.theme import Theme

# Serial is the yardstick (1× by definition), so it gets no column.
SUMMARY_MODES = [mode for mode in Mode if mode not in (Mode.SERIAL, Mode.CLUSTER)]
NOT_MEASURED = "–"


class SummaryPage(QWidget):
    """Filled in as runs finish; "Run every mode" measures the whole table in one go."""

    fill_clicked = Signal()

    def __init__(self, theme: Theme, runtime: Runtime) -> None:
        super().__init__()
        self._theme = theme
        self.table = QTableWidget(len(Workload), len(SUMMARY_MODES))
        for column, mode in enumerate(SUMMARY_MODES):
            look = MODE_LOOKS[mode]
            header = QTableWidgetItem(look.short_title)
            header.setToolTip(look.introduction)
            self.table.setHorizontalHeaderItem(column, header)
        self.table.setVerticalHeaderLabels([workload.title for workload in Workload])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for row in range(len(Workload)):
            for column in range(len(SUMMARY_MODES)):
                item = QTableWidgetItem(NOT_MEASURED)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        self._measured: set[tuple[Workload, Mode]] = set()
        self._unavailable: set[tuple[Workload, Mode]] = set()
        # In the note's place, so the table keeps its height on a projector's 768 lines.
        self.pythons = QLabel()
        self.pythons.setObjectName("pythons")
        self.pythons.setWordWrap(True)
        self.pythons.hide()
        self._reports: list[RunReport] = []
        self.use_runtime(runtime)

        self.fill = QPushButton("Run every mode")
        self.fill.setObjectName("fill")
        self.fill.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.fill.setToolTip("Measure every workload in every mode this Python offers")
        self.fill.clicked.connect(self.fill_clicked)
        self.note = QLabel(
            "Speedup vs serial: same work, same machine. Greyed: not on this Python."
        )
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.note, stretch=1)
        top.addWidget(self.pythons, stretch=1)
        top.addWidget(self.fill)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, stretch=1)

    def add_report(self, report: RunReport) -> None:
        plan = report.result.plan
        if (
            isinstance(report, ProgramReport)
            or report.speedup is None
            or plan.mode not in SUMMARY_MODES
            or plan.code is not None
        ):
            # The summary holds the built-in workloads on this machine; your code's runs,
            # watched programs' and cluster runs are in Runs.
            return
        self._measured.add((plan.workload, plan.mode))
        self._unavailable.discard((plan.workload, plan.mode))
        item = self._item(plan.workload, plan.mode)
        item.setText(f"{report.speedup:.1f}×")
        item.setForeground(QColor(self._theme.mode_colour(plan.mode)))
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        on = "" if plan.python is None else f", on {plan.python.describe()}"
        item.setToolTip(f"{plan.worker_count} workers, {plan.size.name} work{on}")
        self._reports.append(report)
        self._show_pythons_side_by_side()

    def _show_pythons_side_by_side(self) -> None:
        """A line for each workload whose threads ran on more than one Python, in place of the
        note."""
        lines = []
        for workload in Workload:
            speedups = threads_on_each_python(
                report for report in self._reports if report.result.plan.workload is workload
            )
            if len(speedups) > 1:
                named = zip(python_names(list(speedups)), speedups.values(), strict=True)
                lines.append(f"{workload.title}: {threads_side_by_side(list(named))}")
        self.pythons.setText("\n".join(lines))
        self.pythons.setVisible(bool(lines))
        self.note.setHidden(bool(lines))

    def use_runtime(self, runtime: Runtime) -> None:
        """Grey what the workers' Python lacks in the cells not measured yet: a Python chosen
        in the picker can light up interpreters; a measured cell keeps its figure."""
        self._unavailable.clear()
        for workload in Workload:
            missing = unavailable_modes(workload, runtime)
            for mode in SUMMARY_MODES:
                why_not = missing.get(mode)
                if (workload, mode) in self._measured:
                    continue
                item = self._item(workload, mode)
                item.setText(NOT_MEASURED if why_not is None else why_not.short)
                item.setToolTip("" if why_not is None else why_not.reason)
                if why_not is not None:
                    self._unavailable.add((workload, mode))
        self._colour_cells()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._colour_cells()

    def _colour_cells(self) -> None:
        """Measured speedups in their mode's colour, what this Python lacks muted."""
        self.pythons.setStyleSheet(
            f"color: {self._theme.mode_colour(Mode.THREADS)}; font-weight: bold"
        )
        for workload in Workload:
            for mode in SUMMARY_MODES:
                item = self._item(workload, mode)
                if (workload, mode) in self._unavailable:
                    item.setForeground(QColor(self._theme.muted))
                elif (workload, mode) in self._measured:
                    item.setForeground(QColor(self._theme.mode_colour(mode)))
                else:  # the table's own text colour
                    item.setData(Qt.ItemDataRole.ForegroundRole, None)

    def cell_text(self, workload: Workload, mode: Mode) -> str:
        return self._item(workload, mode).text()

    def _item(self, workload: Workload, mode: Mode) -> QTableWidgetItem:
        return self.table.item(list(Workload).index(workload), SUMMARY_MODES.index(mode))
