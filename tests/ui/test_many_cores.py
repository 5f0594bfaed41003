"""2 … 256 cores stay legible: bars up to 32, a grid of heat cells past that."""

import pytest

from cpuviz.core.runs.plan import Mode
from cpuviz.core.sampling.sources import CpuSample, SyntheticSource
from cpuviz.ui.core_bars import MAX_BAR_CORES, CoreBars
from cpuviz.ui.theme import PROJECTOR


@pytest.mark.parametrize("core_count", [2, MAX_BAR_CORES, MAX_BAR_CORES + 1, 64, 256])
def test_every_core_gets_its_own_place_and_shows_its_load(qtbot, core_count):
    bars = CoreBars(core_count, PROJECTOR)
    qtbot.addWidget(bars)
    loads = tuple(float(core % 101) for core in range(core_count))
    bars.show_sample(CpuSample(loads, 0.0))
    assert bars.shown_pct() == [round(load) for load in loads]
    rects = bars.core_rects()
    if core_count <= MAX_BAR_CORES:
        assert bars.grid_columns == 0
        assert [rect.height() for rect in rects] == bars.shown_pct()  # bar height = load
        assert len(bars.label_texts()) == core_count
    else:
        assert bars.grid_columns * bars.grid_rows >= core_count > bars.grid_columns
        assert len({(rect.x(), rect.y()) for rect in rects}) == core_count  # no two overlap
        assert len({(rect.width(), rect.height()) for rect in rects}) == 1  # size is not load
        assert bars.label_texts() == []


def test_a_synthetic_256_core_machine_renders_in_the_window(open_window, qtbot):
    window = open_window(mode=Mode.PROCESSES, source=SyntheticSource(256, idle_pct=2.0))
    graphs = window.core_view.graphs
    qtbot.waitUntil(lambda: graphs.current_pct() == [2] * 256)
    assert (graphs.columns, graphs.rows) == (23, 12)  # tiles, about twice as wide as tall
    window.toggle_core_view()  # B: the heat cells
    qtbot.waitUntil(lambda: window.bars.shown_pct() == [2] * 256)
    picture = window.bars.grab().toImage()
    colours = {
        picture.pixel(x, y)
        for x in range(0, picture.width(), 7)
        for y in range(0, picture.height(), 7)
    }
    assert len(colours) >= 2  # cells on a background, not a blank panel
    assert window.readout.busy.text() == "5.12"
    assert window.history.core_count == 256
