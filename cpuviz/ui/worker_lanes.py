"""Swimlanes: one lane per worker, filled as high as the share of a core it got, over time.

The live proof of the GIL: four threads draw four quarter-high lanes (together one core), four
processes on four cores draw four full ones. Each lane says what it got in cores ("0.50 core"),
the unit of the big "N of M cores busy" over the graphs, which they add up to (the sum itself
is in the tooltip, not a second figure on screen). A percentage here would read as the cores'
CPU percentages. Repainted only when the controller has news, at most ten times a second.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.results import RunResult
from cpuviz.core.runs.timeline import WorkerTimeline
from cpuviz.ui.mode_looks import MODE_LOOKS, workers_named
from cpuviz.ui.theme import Theme

MIN_LANE_PX = 4
LANE_GAP_PX = 2
MIN_SPAN_S = 1.0
# Process mode's hidden costs, each in a pattern of its own over the lane (see show_costs).
HATCH_START = Qt.BrushStyle.BDiagPattern
HATCH_MOVE = Qt.BrushStyle.DiagCrossPattern
WAITING = "Start a run: one lane per worker, filled as high as the share of a core it gets"


LANES_TIP = (
    "Each lane is one worker; full height is one whole core. Its figure is the run so far, as "
    "the figure over the graphs is (that one read from the cores, these from each worker's own "
    "CPU clock)"
)


class WorkerLanes(QWidget):
    """A one-line summary above the lanes: how many workers, and how to read a lane."""

    def __init__(self, theme: Theme, cores: int) -> None:
        super().__init__()
        self.summary = QLabel(WAITING)
        self.summary.setToolTip(LANES_TIP)
        self.canvas = LaneCanvas(theme)
        self._cores = cores
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addWidget(self.canvas, stretch=1)

    def show_run(self, plan: RunPlan) -> None:
        self.canvas.mode = plan.mode
        self.canvas.startup_s = self.canvas.moving_s = 0.0
        self.summary.setText(f"{plan.worker_count} {workers_named(plan.mode, plan.worker_count)}")

    def show_costs(self, result: RunResult) -> None:
        """Process mode's hidden costs, hatched: starting the processes, before the run (they
        were started before Start was pressed), and moving results, a share of each lane."""
        if result.startup_s is None and result.transfer_s is None:
            return
        canvas = self.canvas
        canvas.startup_s = result.startup_s or 0.0
        canvas.moving_s = (result.transfer_s or 0.0) / result.plan.worker_count
        workers = result.plan.worker_count
        self.summary.setText(
            f"{workers} {workers_named(result.plan.mode, workers)} · ▨ start "
            f"{canvas.startup_s:.2f} s · ▩ moving {canvas.moving_s:.2f} s each"
        )
        self.summary.setToolTip(
            "Hatched, what processes cost that threads do not. ▨ starting the worker "
            "processes, drawn before the run: cpuviz starts them before Start is pressed, so "
            "it is not in the run's time. ▩ moving results between processes (pickled, piped, "
            "unpickled): each lane's share of the run"
        )
        canvas.update()

    def show_timeline(self, timeline: WorkerTimeline) -> None:
        """The lanes so far. Their sum is said only in the tooltip: on screen, cores busy is
        the one figure over the graphs (a cold viewer read a second one here as a rival)."""
        self.canvas.timeline = timeline
        workers = timeline.worker_count
        self.summary.setText(
            f"{workers} {workers_named(self.canvas.mode, workers)} · full height is one core"
        )
        self.summary.setToolTip(
            f"Together {timeline.total_cores:.2f} of {self._cores} cores busy so far. {LANES_TIP}"
        )
        self.canvas.update()

    def set_theme(self, theme: Theme) -> None:
        self.canvas.theme = theme
        self.canvas.update()

    @property
    def lane_count(self) -> int:
        timeline = self.canvas.timeline
        return 0 if timeline is None else timeline.worker_count


class LaneCanvas(QWidget):
    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.mode = Mode.THREADS
        self.timeline: WorkerTimeline | None = None
        self.startup_s = 0.0  # process mode: drawn hatched before the run's time 0
        self.moving_s = 0.0  # process mode: each lane's time spent moving results, hatched
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(600, 120)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        timeline = self.timeline
        if timeline is None:
            return
        painter = QPainter(self)
        theme = self.theme
        metrics = painter.fontMetrics()
        shown = max(1, min(timeline.worker_count, self.height() // (MIN_LANE_PX + LANE_GAP_PX)))
        lane_px = (self.height() - LANE_GAP_PX * (shown - 1)) / shown
        labelled = lane_px >= metrics.height()
        kind = MODE_LOOKS[self.mode].worker_kind.capitalize()
        names = timeline.lane_names  # a watched program's lanes have names of their own
        labels = names[:shown] or (f"{kind} {timeline.worker_count}",)
        label_px = min(max(map(metrics.horizontalAdvance, labels)), self.width() // 3) + 12
        share_px = metrics.horizontalAdvance(cores_text(1.0)) + 12
        left_px = label_px if labelled else 0
        track_px = self.width() - left_px - (share_px if labelled else 0)
        seconds_px = track_px / max(MIN_SPAN_S, timeline.span_s + self.startup_s)
        run_px = left_px + self.startup_s * seconds_px  # where the run's time 0 is
        fill = QColor(theme.mode_colour(self.mode))
        track = QColor(theme.grid)
        for worker in range(shown):
            top = worker * (lane_px + LANE_GAP_PX)
            painter.fillRect(QRectF(left_px, top, track_px, lane_px), track)
            self._hatch(painter, QRectF(left_px, top, run_px - left_px, lane_px), HATCH_START)
            end_px = run_px + timeline.span_s * seconds_px
            moving_px = min(self.moving_s * seconds_px, end_px - run_px)
            self._hatch(painter, QRectF(end_px - moving_px, top, moving_px, lane_px), HATCH_MOVE)
            for stretch in timeline.lane(worker):
                height = lane_px * stretch.cores
                painter.fillRect(
                    QRectF(
                        run_px + stretch.start_s * seconds_px,
                        top + lane_px - height,
                        (stretch.end_s - stretch.start_s) * seconds_px,
                        height,
                    ),
                    fill,
                )
            if labelled:
                painter.setPen(QColor(theme.muted))
                painter.drawText(
                    QRectF(0, top, label_px - 12, lane_px),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    metrics.elidedText(names[worker], Qt.TextElideMode.ElideMiddle, label_px - 12)
                    if names
                    else f"{kind} {worker + 1}",
                )
                painter.setPen(QColor(theme.text))
                painter.drawText(
                    QRectF(self.width() - share_px, top, share_px, lane_px),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    self.lane_figure(worker),
                )
        if shown < timeline.worker_count:  # say so, rather than let lanes vanish unseen
            painter.setPen(QColor(theme.text))
            painter.drawText(
                self.rect().toRectF(),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                f"first {shown} of {timeline.worker_count} lanes",
            )
        painter.end()

    def lane_figure(self, worker: int) -> str:
        """What `worker` got so far, as its lane says it beside the track."""
        timeline = self.timeline
        return "" if timeline is None else cores_text(timeline.mean_cores(worker))

    def _hatch(self, painter: QPainter, area: QRectF, pattern: Qt.BrushStyle) -> None:
        """A hidden cost: the area in the text colour's pattern, over whatever is drawn."""
        if area.width() > 0:
            painter.fillRect(area, QBrush(QColor(self.theme.text), pattern))


def cores_text(cores: float) -> str:
    """A lane's figure: what its worker got, in cores, as the summary adds them up."""
    return f"{cores:.2f} core"
