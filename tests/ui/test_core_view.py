"""The cores are the picture: big during a run, and coloured by the mode that made them busy."""

import re

import pytest
from PySide6.QtGui import QColor, QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton

from cpuviz.core.runs.outcome import RunStopped
from cpuviz.core.runs.plan import Mode
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.ui.bottom_pages import GIL_TAB
from cpuviz.ui.core_graphs import CoreGraphs, grid_shape
from cpuviz.ui.theme import PROJECTOR
from tests.conftest import LONG
from tests.run_ends import run_ends
from tests.ui.conftest import RUN_TIMEOUT_MS, measure_baseline
from tests.ui.test_runs import press_start

# Enough serial work for the baseline to be drawn, in its own colour, before the run.
DRAWN_BASELINE_CHUNKS = 25


def start_and_wait_for(window, qtbot, mode):
    with qtbot.waitSignal(
        window.controller.run_started,
        timeout=RUN_TIMEOUT_MS,
        check_params_cb=lambda plan: plan.mode is mode,
    ):
        press_start(window, qtbot)


def area(widget):
    return widget.width() * widget.height()


def texts_on_screen(window) -> list[str]:
    """Every text the window shows as a widget's (the graphs paint their "CPU 0  50%")."""
    shown = [label for label in window.findChildren(QLabel) if label.isVisible()]
    texts = [QTextDocumentFragment.fromHtml(label.text()).toPlainText() for label in shown]
    bars = [bar.format() for bar in window.findChildren(QProgressBar) if bar.isVisible()]
    buttons = [button.text() for button in window.findChildren(QPushButton) if button.isVisible()]
    return [text for text in (*texts, *bars, *buttons) if text]


def assert_one_figure_per_idea(window) -> None:
    """Percentages are the cores' CPU, on the graphs alone; cores busy is one figure."""
    texts = texts_on_screen(window)
    assert [text for text in texts if "%" in text] == []
    assert window.core_view.graphs.current_pct()  # the graphs' own labels say CPU %
    busy = [text for text in texts if "cores busy" in text]
    assert len(busy) == 1 and re.fullmatch(r"of \d+ cores busy", busy[0]), busy  # one figure


@pytest.mark.end_to_end
def test_mid_run_at_1024x768_the_cores_take_nearly_half_the_window(open_window, qtbot, synthetic):
    window = open_window(mode=Mode.PROCESSES, workers=3, size=LONG, source=synthetic)
    measure_baseline(window, qtbot, LONG)
    assert (window.width(), window.height()) == (1024, 768)
    assert window.controls.isVisible()
    start_and_wait_for(window, qtbot, Mode.PROCESSES)
    qtbot.waitUntil(lambda: not window.controls.isVisible())  # the choices step aside
    qtbot.waitUntil(lambda: area(window.core_view) / area(window) >= 0.45)
    assert window.controls.start_stop.isVisible() and window.controls.start_stop.text() == "Stop"
    assert window.core_view.graphs.label_px >= 24  # "CPU 0  100%" on each graph
    assert window.readout.busy.fontInfo().pixelSize() >= 24
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.lanes)
    assert_one_figure_per_idea(window)
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, RunStopped):
        press_start(window, qtbot)  # Stop
    qtbot.waitUntil(window.controls.isVisible)
    window.choose_mode(Mode.THREADS)  # the same work, its baseline measured: at once
    start_and_wait_for(window, qtbot, Mode.THREADS)
    assert_one_figure_per_idea(window)
    window.show_tab(GIL_TAB)
    assert_one_figure_per_idea(window)
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, RunStopped):
        press_start(window, qtbot)


@pytest.mark.end_to_end
def test_busy_time_is_drawn_in_the_running_modes_colour(open_window, qtbot, synthetic):
    window = open_window(mode=Mode.PROCESSES, workers=3, size=LONG, source=synthetic)
    measure_baseline(window, qtbot, LONG, chunks=DRAWN_BASELINE_CHUNKS)
    graphs = window.core_view.graphs
    start_and_wait_for(window, qtbot, Mode.PROCESSES)
    qtbot.waitUntil(lambda: graphs.current_pct() == [100, 100, 100, 2])

    def colour_near_newest(core):
        """Half-way up the newest edge of the core's graph, as painted on screen."""
        cell = graphs.cell_rect(core)
        image = graphs.grab().toImage()
        return QColor(image.pixel(round(cell.right()) - 3, round(cell.center().y())))

    qtbot.waitUntil(lambda: colour_near_newest(0) == QColor(PROJECTOR.processes))
    assert colour_near_newest(3) == QColor(PROJECTOR.graph_background)  # idle: near-black
    left_of_the_run = graphs.cell_rect(0).right() - graphs.cell_rect(0).width() / 2
    image = graphs.grab().toImage()
    bottom_row = round(graphs.cell_rect(0).bottom()) - 2
    assert QColor(PROJECTOR.serial).rgb() in {  # the baseline before it, in its own colour
        image.pixel(x, bottom_row)
        for x in range(round(left_of_the_run), round(graphs.cell_rect(0).right()))
    }
    # Two run colours on the graphs: the key names them, in the buttons' order.
    assert window.core_view.colour_key.entries[:2] == ["serial baseline", "processes"]
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, RunStopped):
        press_start(window, qtbot)


def test_b_switches_history_graphs_and_bars(shared_window):
    window = shared_window
    view = window.core_view
    assert view.view == "graphs" and view.pages.currentWidget() is view.graphs
    window.toggle_core_view()
    assert view.view == "bars" and view.pages.currentWidget() is not view.graphs
    assert "bars" in window.status.caption.text()
    window.toggle_core_view()
    assert view.pages.currentWidget() is view.graphs


def test_the_graphs_grid_fits_the_number_of_cores():
    assert [grid_shape(cores) for cores in (1, 2, 4, 8, 16, 32)] == [
        (1, 1),
        (2, 1),
        (4, 1),
        (4, 2),
        (4, 4),
        (8, 4),
    ]


def test_the_graphs_alone_draw_each_cores_load_in_the_running_modes_colour(qtbot):
    """Fed plain samples: a processes run keeps three cores full, in its colour; the idle
    core stays the background's."""
    graphs = CoreGraphs(4, 50, PROJECTOR)
    qtbot.addWidget(graphs)
    graphs.resize(800, 400)
    graphs.show()
    graphs.set_running_mode(Mode.PROCESSES)
    for tick in range(10):
        graphs.show_sample(CpuSample((100.0, 100.0, 100.0, 2.0), taken_at_s=tick / 20))
    assert graphs.current_pct() == [100, 100, 100, 2]
    picture = graphs.grab().toImage()

    def newest(core):
        cell = graphs.cell_rect(core)
        return QColor(picture.pixel(round(cell.right()) - 3, round(cell.center().y())))

    assert [newest(core) for core in range(3)] == [QColor(PROJECTOR.processes)] * 3
    assert newest(3) == QColor(PROJECTOR.graph_background)
