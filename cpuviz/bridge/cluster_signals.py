"""What the window hears about a Dask cluster, from a live controller or from a replay."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from cpuviz.core.runs.cluster_messages import ChunkRerun, ClusterLost, ClusterView, HostCores


class ClusterSignals(QObject):
    """One object both controllers own, so the window wires the cluster once."""

    changed = Signal(object)  # ClusterView: who is in the cluster, on which machines
    cores = Signal(object)  # HostCores: another machine's per-core load
    rerun = Signal(str)  # one line per task Dask ran again because its worker left
    lost = Signal(str)  # the cluster could not be reached, or went away

    def announce(self, event: object) -> bool:
        """Emit what `event` says if it is about the cluster; False for any other event."""
        match event:
            case ClusterView():
                self.changed.emit(event)
            case HostCores():
                self.cores.emit(event)
            case ChunkRerun():
                self.rerun.emit(event.describe())
            case ClusterLost(reason=reason):
                self.lost.emit(reason)
            case _:
                return False
        return True
