"""The top line: the banner, and what runs the work, with the cluster's line in cluster mode;
and the GIL page's switch interval chooser, which holds typed values."""

from PySide6.QtWidgets import QLabel

from cpuviz.core.runs.cluster_messages import ClusterView
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.switch_interval import SWITCH_INTERVALS, SwitchInterval
from cpuviz.ui.gil_page import GilPage
from cpuviz.ui.header import RUNTIME_LINE_MAX_PX, Header, runtime_text
from cpuviz.ui.theme import THEMES

MACHINE = "CPython 3.11 (GIL) · 2 cores"


def test_the_runtime_lines_name_the_python_the_cores_the_source_and_a_failure_demo():
    assert (
        runtime_text(MACHINE, "psutil", Fault.NONE) == "CPython 3.11 (GIL)\n2 cores · live psutil"
    )
    assert runtime_text(MACHINE, "synthetic:8", Fault.RAISE) == (
        f"CPython 3.11 (GIL)\n2 cores · synthetic:8 (simulated) · failure demo: {Fault.RAISE}"
    )


def test_the_cluster_line_shows_in_cluster_mode_only_and_a_long_name_is_elided(qtbot):
    lines = runtime_text(MACHINE, "psutil", Fault.NONE)
    chosen = [Mode.THREADS]
    header = Header(lambda: chosen[-1], THEMES["projector"], QLabel(), lines)
    qtbot.addWidget(header)
    scheduler = "tcp://" + "a-very-long-scheduler-name." * 8 + "example:8786"
    view = ClusterView(scheduler, embedded=False, workers=(), hosts=())
    header.show_cluster(view)
    assert header.runtime_label.text() == lines  # threads chosen: no cluster line
    chosen.append(Mode.CLUSTER)
    header.show_chosen(Mode.CLUSTER)
    assert header.banner.text().startswith("CLUSTER")
    shown = header.runtime_label.text().split("\n")[-1]
    assert "…" in shown and header.runtime_label.toolTip() == view.describe()
    assert header.runtime_label.fontMetrics().horizontalAdvance(shown) <= RUNTIME_LINE_MAX_PX
    header.show_mode(Mode.SERIAL)  # a serial baseline runs: the banner alone says so
    assert header.banner.text().startswith("SERIAL") and "…" in header.runtime_label.text()
    header.show_cluster(None)
    assert header.runtime_label.text() == lines


def test_the_gil_page_chooses_and_announces_a_typed_switch_interval(qtbot):
    page = GilPage(THEMES["projector"])
    qtbot.addWidget(page)
    assert [page.interval.itemData(i) for i in range(page.interval.count())] == list(
        SWITCH_INTERVALS
    )
    with qtbot.waitSignal(page.switch_interval_chosen) as chosen:
        page.choose_interval(SwitchInterval(200))
    assert chosen.args == [SwitchInterval(200)]
    assert page.interval.currentText() == "200 ms"
