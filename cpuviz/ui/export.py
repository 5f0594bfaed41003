"""Save what the audience saw: a picture of the window, the runs and the samples as CSV.

No file dialog: mid-demo a dialog over the projector is worse than a file in the Pictures
folder whose name the caption reads out.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QStandardPaths
from PySide6.QtWidgets import QWidget

from cpuviz.core.runs.results import RunReport
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.core.system.files import whole_file, write_bytes

RUN_COLUMNS = (
    "workload",
    "mode",
    "workers",
    "size",
    "elapsed_s",
    "speedup",
    "efficiency",
    "busy_cores",
    "cpu_s",
    "checksum",
    "baseline",
    "startup_s",
    "transfer_s",
)


def export_folder() -> Path:
    """The user's Pictures folder (or home, where there is none)."""
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    folder = Path(pictures) if pictures else Path.home()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _stamped(folder: Path, suffix: str) -> Path:
    """A new file named by the second it is saved in; a second save within that second is
    numbered (-2, -3 …) rather than written over the first."""
    stamp = f"cpuviz-{datetime.now():%Y%m%d-%H%M%S}"
    target = folder / f"{stamp}{suffix}"
    number = 2
    while target.exists():
        target = folder / f"{stamp}-{number}{suffix}"
        number += 1
    return target


def save_picture(widget: QWidget, folder: Path) -> Path:
    """The widget as it is on screen, as a PNG; FileWriteError if it cannot be written."""
    target = _stamped(folder, ".png")
    write_png(widget, target)
    return target


def write_png(widget: QWidget, target: Path) -> None:
    """The widget as it is on screen, written whole to `target` (FileWriteError if not)."""
    encoded = QBuffer()
    encoded.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(encoded, "PNG")
    write_bytes(target, encoded.data().data())


def save_runs(
    reports: Iterable[RunReport], samples: Sequence[CpuSample], core_count: int, folder: Path
) -> Path:
    """Every run of this session, oldest first, one row each; beside it (same name, ending
    '-samples.csv') the per-core samples, timed in seconds before the newest."""
    target = _stamped(folder, "-runs.csv")
    _save_samples(samples, core_count, target.with_name(target.name.replace("-runs", "-samples")))
    with whole_file(target) as file:
        writer = csv.writer(file)
        writer.writerow(RUN_COLUMNS)
        for report in reports:
            result, plan = report.result, report.result.plan
            writer.writerow(
                (
                    plan.workload,
                    plan.mode,
                    plan.worker_count,
                    plan.size.name,
                    f"{result.elapsed_s:.4f}",
                    "" if report.speedup is None else f"{report.speedup:.3f}",
                    "" if report.efficiency is None else f"{report.efficiency:.3f}",
                    "" if result.busy_cores is None else f"{result.busy_cores:.3f}",
                    f"{result.cpu_s:.4f}",
                    result.checksum,
                    report.is_baseline,
                    _seconds(result.startup_s),
                    _seconds(result.transfer_s),
                )
            )
    return target


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _save_samples(samples: Sequence[CpuSample], core_count: int, target: Path) -> None:
    newest_s = samples[-1].taken_at_s if samples else 0.0
    with whole_file(target) as file:
        writer = csv.writer(file)
        writer.writerow(["seconds_ago", *(f"cpu{core}_pct" for core in range(core_count))])
        for sample in samples:
            writer.writerow(
                [
                    f"{newest_s - sample.taken_at_s:.3f}",
                    *(f"{pct:.1f}" for pct in sample.per_core_pct),
                ]
            )
