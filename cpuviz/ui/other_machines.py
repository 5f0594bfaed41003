"""The cluster's other machines under this one's cores: a row each, a heat cell per core.

This machine keeps the big picture (its graphs or bars, from the app's own sampling); every
other machine with Dask workers gets a strip whose cells take the cluster's colour by its
cores' load, as psutil on one of its workers reads it (whose load it was is not known there: all
of it counts as the cluster's). Many machines of many cores stay readable that way, and
machines that join or leave mid-run come and go without a restart.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from cpuviz.core.runs.cluster_messages import ClusterHost, ClusterView, HostCores, counted
from cpuviz.core.runs.plan import Mode
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.ui.core_bars import MAX_BAR_CORES, CoreBars
from cpuviz.ui.theme import Theme

# A row of cells holds up to MAX_BAR_CORES cores, and has room for at least MIN_COLUMNS, so a
# 2-core machine shows two cells, not two long bars; a row of cells is this tall.
MIN_COLUMNS = 16
CELL_ROW_PX = 30


class OtherMachines(QWidget):
    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setHorizontalSpacing(10)
        self._layout.setVerticalSpacing(4)
        self._layout.setColumnStretch(1, 1)
        self._rows: dict[str, tuple[ClusterHost, QLabel, CoreBars]] = {}
        self.hide()

    def show_cluster(self, view: ClusterView | None) -> None:
        """A row for every machine of `view` but this one; none (and hidden) for None."""
        hosts = [] if view is None else [host for host in view.hosts if not host.this_machine]
        if [host for host, _, _ in self._rows.values()] == hosts:
            return
        for _, label, cells in self._rows.values():
            label.deleteLater()
            cells.deleteLater()
        self._rows = {}
        for row, host in enumerate(hosts):
            label = QLabel(f"{host.name}\n{host.cores} cores · {counted(host.workers, 'worker')}")
            label.setObjectName("muted")
            # Cells of one size whatever the machine: at least MIN_COLUMNS to a row.
            columns = max(MIN_COLUMNS, min(host.cores, MAX_BAR_CORES))
            cells = CoreBars(host.cores, self._theme, columns=columns)
            cells.set_running_mode(Mode.CLUSTER)
            cells.setFixedHeight(CELL_ROW_PX * cells.grid_rows + 6)
            self._layout.addWidget(label, row, 0)
            self._layout.addWidget(cells, row, 1)
            self._rows[host.name] = (host, label, cells)
        self.setVisible(bool(hosts))

    def show_cores(self, reading: HostCores) -> None:
        """A machine's latest per-core load, if it is one shown (and has not changed size)."""
        row = self._rows.get(reading.host)
        if row is not None and len(reading.per_core_pct) == row[0].cores:
            row[2].show_sample(CpuSample(reading.per_core_pct, reading.taken_at_s))

    def machines(self) -> list[str]:
        """The machines shown, in order (for tests)."""
        return list(self._rows)

    def shown_pct(self, machine: str) -> list[int]:
        return self._rows[machine][2].shown_pct()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        for _, _, cells in self._rows.values():
            cells.set_theme(theme)
