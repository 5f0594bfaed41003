"""The list of measured runs, newest on top."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
)

from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.results import RunReport
from cpuviz.core.system.pythons import PythonBuild
from cpuviz.core.watch.program_run import ProgramReport, against_baseline
from cpuviz.ui.theme import Theme

# Workers go with the mode ("Processes × 2"), so the hidden costs fit at 1024 pixels.
COLUMNS = ("Mode", "Work", "Time", "Speedup", "Ideal", "Busy", "Costs")
HIDDEN = COLUMNS.index("Costs")
IDEAL = COLUMNS.index("Ideal")
BUSY = COLUMNS.index("Busy")
WORK = COLUMNS.index("Work")
MAX_COLUMN_PX = 260
HIDDEN_TIP = (
    "What processes cost that threads do not: starting the worker processes (done before "
    "Start, so it is not in Time) and moving results between processes, pickled and piped "
    "(in Time)"
)


def hidden_costs(report: RunReport) -> str:
    """Process mode's costs, e.g. '0.09 s · 0.98 s'; '–' for the other modes."""
    result = report.result
    if result.startup_s is None and result.transfer_s is None:
        return "–"
    return " · ".join(
        "?" if seconds is None else f"{seconds:.2f} s"
        for seconds in (result.startup_s, result.transfer_s)
    )


def busy_cells(report: RunReport) -> str:
    """The run's own busy cores, e.g. '1.0', and other programs' when they slowed it:
    '1.0 (others 1.0)' (the whole sentence is the cell's tooltip)."""
    busy = report.result.busy_cores
    if busy is None:
        return "–"
    other = report.result.other_cores
    return f"{busy:.1f} (others {other:.1f})" if report.busy_elsewhere and other else f"{busy:.1f}"


def last_line(report: ProgramReport) -> str:
    """The last line the program printed, on stdout or else stderr ('' for none)."""
    watch = report.watch
    return "" if watch is None else watch.last_output_line or watch.last_error_line


def program_cells(report: ProgramReport) -> tuple[str, ...]:
    """A watched program's row, e.g. ('Program (baseline)', 'cpu_threads.py 4', '7.80 s',
    '1.00×', '–', '1.0', 'exit 0'): its name and arguments, busy cores and exit status. At
    1024 px the row has room for no more: its CPU time is the busy cell's tooltip, and the
    last line it printed ends the progress bar's words, in big type, and the row's tooltip,
    with the plain line."""
    result, watch = report.result, report.watch
    speedup = report.speedup
    status = "attached" if watch is None or watch.exit_code is None else f"exit {watch.exit_code}"
    return (
        "Program (baseline)" if report.is_baseline else "Program",
        result.plan.size.name,
        f"{result.elapsed_s:.2f} s",
        "–" if speedup is None else f"{speedup:.2f}×",
        "–",
        busy_cells(report),
        status,
    )


def report_cells(report: RunReport, name_python: bool = False) -> tuple[str, ...]:
    """The row as text, e.g. ('Processes × 2', 'CPU · small', '1.02 s', '1.9×',
    '2×', '1.9', '0.09 s · 0.00 s'): the ideal as a speedup beside the speedup, not a
    percentage, which on this screen is the cores' CPU. With `name_python`, the mode says
    which Python its workers ran on ('Threads × 2 · 3.13')."""
    if isinstance(report, ProgramReport):
        return program_cells(report)
    result = report.result
    plan = result.plan
    if report.is_baseline:
        mode = f"{plan.mode.title} (baseline)"
    elif plan.mode is Mode.SERIAL:
        mode = plan.mode.title
    else:
        mode = f"{plan.mode.title} × {plan.worker_count}"
    if name_python and plan.python is not None:
        mode = f"{mode} · {plan.python.short_name}"
    speedup = report.speedup
    efficiency = report.efficiency
    if plan.code is not None:  # the calls it made, which says the chunks in less room
        work = f"{plan.code.function}(0…{plan.size.chunks - 1})"
    else:
        work = f"{plan.work_title} · {plan.size.name}"
    return (
        mode,
        work,
        f"{result.elapsed_s:.2f} s",
        "–" if speedup is None else f"{speedup:.2f}×",
        "–" if efficiency is None else f"{report.ideal_speedup}×",  # the share: its tooltip
        busy_cells(report),
        hidden_costs(report),
    )


class ResultsTable(QTableWidget):
    # A program run the presenter marked as the baseline (its row's menu): the feed reads the
    # next program runs against it, as this table now reads the earlier ones.
    program_baseline_chosen = Signal(object)  # ProgramReport

    def __init__(self, theme: Theme) -> None:
        super().__init__(0, len(COLUMNS))
        self._theme = theme
        self.setHorizontalHeaderLabels(COLUMNS)
        self.horizontalHeaderItem(HIDDEN).setToolTip(HIDDEN_TIP)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        # Every column as wide as its widest text, but Work: it takes what is left, and at
        # 1024 pixels a long one ("Native C · ≈2 s serial") ends in "…", whole in its tooltip.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WORK, QHeaderView.ResizeMode.Stretch)
        # A long name is cut with "…" (whole in its tooltip), never a column pushed off the
        # table's right edge.
        header.setMaximumSectionSize(MAX_COLUMN_PX)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setShowGrid(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._offer_baseline)
        self.reports: list[RunReport] = []  # oldest first, for export
        self._pythons: set[PythonBuild] = set()  # the workers' Pythons the rows ran on

    def add_report(self, report: RunReport) -> None:
        """A row on top. Once runs of more than one workers' Python are listed, every row
        names its Python."""
        named_before = self._name_python
        self.reports.append(report)
        if report.result.plan.python is not None:
            self._pythons.add(report.result.plan.python)
        self.insertRow(0)
        self._show(0, report)
        if self._name_python and not named_before:
            for row, shown in enumerate(reversed(self.reports)):
                self._show(row, shown)

    @property
    def _name_python(self) -> bool:
        return len(self._pythons) > 1

    def _offer_baseline(self, at: QPoint) -> None:
        """A program run's row offers to be the baseline of the program runs."""
        row = self.rowAt(at.y())
        report = self.reports[len(self.reports) - 1 - row] if row >= 0 else None
        if isinstance(report, ProgramReport) and not report.is_baseline:
            menu = QMenu(self)
            menu.addAction("Use as the baseline", lambda: self.use_program_baseline(report))
            menu.exec(self.viewport().mapToGlobal(at))

    def use_program_baseline(self, baseline: ProgramReport) -> None:
        """Every program row's speedup read against `baseline`, one of them."""
        for index, report in enumerate(self.reports):
            if isinstance(report, ProgramReport):
                self.reports[index] = against_baseline(report, baseline)
                self._show(len(self.reports) - 1 - index, self.reports[index])
        self.program_baseline_chosen.emit(baseline)

    def _show(self, row: int, report: RunReport) -> None:
        for column, text in enumerate(report_cells(report, self._name_python)):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setItem(row, column, item)
        self._colour_mode(row, report)
        self.item(row, WORK).setToolTip(self.item(row, WORK).text())
        if isinstance(report, ProgramReport):  # what happened, and the whole last line
            last = last_line(report)
            hint = f"{report.line}. {self.item(row, HIDDEN).text()}" + (f": {last}" if last else "")
            self.item(row, HIDDEN).setToolTip(hint)
            self.item(row, 0).setToolTip(f"{hint} (right-click: use as the baseline)")
        if isinstance(report, ProgramReport):
            self.item(row, BUSY).setToolTip(f"{report.result.cpu_s:.1f} s of CPU in all")
        if report.busy_elsewhere:
            self.item(row, BUSY).setToolTip(report.busy_elsewhere.capitalize())
        if report.efficiency is not None:
            self.item(row, IDEAL).setToolTip(
                f"{report.efficiency:.0%} of the ideal {report.ideal_speedup}× (one core per "
                "worker, as far as there are cores)"
            )

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        for row, report in enumerate(reversed(self.reports)):  # newest on top
            self._colour_mode(row, report)

    def _colour_mode(self, row: int, report: RunReport) -> None:
        """The mode's name in the mode's colour, as on its button and the banner."""
        self.item(row, 0).setForeground(QColor(self._theme.mode_colour(report.result.plan.mode)))

    def clear_reports(self) -> None:
        self.reports.clear()
        self._pythons.clear()
        self.setRowCount(0)

    def row_texts(self, row: int) -> list[str]:
        return [self.item(row, column).text() for column in range(self.columnCount())]
