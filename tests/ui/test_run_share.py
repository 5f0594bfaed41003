"""The run's own share of each core, as the cores' pictures draw it and the figure counts it.

Widgets fed plain samples: a run's share at the bottom of each core in the run's colour, other
programs' load above it in the theme's neutral grey, and the big figure counting the run only.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from cpuviz.core.runs.plan import Mode
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.ui.core_bars import MAX_BAR_CORES, CoreBars
from cpuviz.ui.core_graphs import CoreGraphs
from cpuviz.ui.history_strip import HistoryStrip
from cpuviz.ui.readouts import LoadReadout
from cpuviz.ui.theme import DARK, LIGHT, PROJECTOR, THEMES

INTERVAL_MS = 100


def rgb(colour: str) -> int:
    return QColor(colour).rgb()


def graphs_showing(qtbot, *samples: CpuSample, mode: Mode | None = Mode.THREADS, cores=2):
    graphs = CoreGraphs(cores, INTERVAL_MS, PROJECTOR)
    qtbot.addWidget(graphs)
    graphs.set_running_mode(mode)
    for sample in samples:
        graphs.show_sample(sample)
    return graphs


def runs_of(column: list[int]) -> list[tuple[int, int]]:
    """A column, top to bottom, as (colour, pixels) runs."""
    runs: list[tuple[int, int]] = []
    for pixel in column:
        if runs and runs[-1][0] == pixel:
            runs[-1] = (pixel, runs[-1][1] + 1)
        else:
            runs.append((pixel, 1))
    return runs


def test_a_core_shows_idle_then_other_programs_then_the_runs_share_from_the_top(qtbot):
    graphs = graphs_showing(qtbot, CpuSample((80.0, 100.0), 1.0, run_pct=(30.0, 100.0)))
    theme = PROJECTOR
    assert runs_of(graphs.column_colours(0)) == [
        (rgb(theme.graph_background), 20),
        (rgb(theme.other_load), 50),
        (rgb(theme.threads), 30),
    ]
    assert runs_of(graphs.column_colours(1)) == [(rgb(theme.threads), 100)]


def test_a_busy_program_beside_a_threads_run_is_grey_not_amber(qtbot):
    """The issue's picture: both cores full, one core's worth of it the threads'."""
    graphs = graphs_showing(qtbot, CpuSample((100.0, 100.0), 1.0, run_pct=(60.0, 40.0)))
    amber = sum(graphs.column_colours(core).count(rgb(PROJECTOR.threads)) for core in range(2))
    grey = sum(graphs.column_colours(core).count(rgb(PROJECTOR.other_load)) for core in range(2))
    assert (amber, grey) == (100, 100)
    assert graphs.current_pct() == [100, 100]  # the label still says the core's load


def test_a_sample_without_a_share_is_all_the_runs_as_recordings_made_before_it(qtbot):
    graphs = graphs_showing(qtbot, CpuSample((50.0, 0.0), 1.0), mode=Mode.PROCESSES)
    assert runs_of(graphs.column_colours(0)) == [
        (rgb(PROJECTOR.graph_background), 50),
        (rgb(PROJECTOR.processes), 50),
    ]


def test_small_tiles_keep_each_cores_load_in_its_own_tile(qtbot):
    """Past 32 cores a tile is 20 pixels tall: a full core fills its own tile and no other
    (it once filled the tile four cores on)."""
    cores = 64
    full_first = CpuSample((100.0,) + (0.0,) * (cores - 1), 1.0, run_pct=(100.0,) * 1 + (0.0,) * 63)
    graphs = graphs_showing(qtbot, full_first, cores=cores)
    assert set(graphs.column_colours(0)) == {rgb(PROJECTOR.threads)}
    for core in range(1, cores):
        assert set(graphs.column_colours(core)) == {rgb(PROJECTOR.graph_background)}


@pytest.mark.parametrize("theme", list(THEMES.values()), ids=list(THEMES))
def test_other_programs_grey_is_nobodys_mode_colour_in_any_theme(theme):
    colours = {theme.mode_colour(mode) for mode in Mode}
    assert theme.other_load not in colours | {theme.between_runs, theme.graph_background}
    red, green, blue = QColor(theme.other_load).getRgb()[:3]
    assert red == green == blue  # no hue: it cannot be read as the serial blue, or any mode
    background = QColor(theme.graph_background).lightness()
    assert abs(QColor(theme.other_load).lightness() - background) >= 60  # readable on it


def test_the_bars_draw_the_runs_share_in_its_colour_over_grey(qtbot):
    bars = CoreBars(2, DARK)
    qtbot.addWidget(bars)
    bars.set_running_mode(Mode.PROCESSES)
    bars.show_sample(CpuSample((90.0, 40.0), 1.0, run_pct=(70.0, 40.0)))
    assert bars.shown_pct() == [90, 40]
    assert bars.shown_run_pct() == [70, 40]
    assert bars.label_texts() == ["90%", "40%"]
    bars.set_theme(LIGHT)  # a new theme keeps what is shown
    assert bars.shown_run_pct() == [70, 40]
    bars.show_sample(CpuSample((90.0, 40.0), 2.0))  # an old recording: nobody knows whose
    assert bars.shown_run_pct() == [90, 40]  # so all of it was the run's, as on the graphs


@pytest.mark.parametrize("theme", list(THEMES.values()), ids=list(THEMES))
def test_heat_cells_and_the_minute_strip_draw_other_programs_grey_never_the_runs_colour(
    qtbot, theme
):
    cores = MAX_BAR_CORES + 1  # heat cells, not bars
    cells, strip = CoreBars(cores, theme), HistoryStrip(cores, 100, theme)
    load = (100.0, 100.0, 100.0) + (0.0,) * (cores - 3)
    run = (100.0, 0.0, 50.0) + (0.0,) * (cores - 3)  # core 1: a browser; core 2: half each
    for widget in (cells, strip):
        qtbot.addWidget(widget)
        widget.set_running_mode(Mode.THREADS)
        widget.show_sample(CpuSample(load, 1.0, run_pct=run))
    for colours in (cells.cell_colours(), strip.newest_colours()):
        assert colours[:2] == [theme.threads, theme.other_load]
        assert colours[2] not in (theme.threads, theme.other_load)  # a mix of both
        assert set(colours[3:]) == {theme.graph_background}
    assert strip.newest_column()[:3] == [100, 100, 100]


def test_the_figure_counts_the_run_and_names_other_programs_only_when_they_matter(qtbot):
    readout = LoadReadout(2)
    qtbot.addWidget(readout)
    readout.show_sample(CpuSample((100.0, 100.0), 1.0, run_pct=(5.0, 97.0)))
    assert readout.busy.text() == "1.02"  # the threads run beside a busy program
    for at_s in range(2, 12):  # a second of it: the smoothed figure has caught up
        readout.show_sample(CpuSample((100.0, 100.0), at_s, run_pct=(5.0, 97.0)))
    assert readout.other_programs == "other programs: 1.0 core"
    for at_s in range(12, 40):  # the browser closed: only the desktop's idling is left
        readout.show_sample(CpuSample((60.0, 50.0), at_s, run_pct=(55.0, 50.0)))
    assert readout.other_programs is None
    assert readout.other.text() == ""  # and no machine total in its place: one figure
