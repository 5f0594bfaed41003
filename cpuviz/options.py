"""What a window opens with, as plain data, and the exit codes of the commands.

It sits below the commands, the bridge and the UI, which all import it: the argument parser
fills it in, the window and the settings read it, and none of them reaches up into another.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cpuviz.core.recording.format import Recording
from cpuviz.core.runs.cluster_target import ClusterTarget
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.plan import Mode, WorkSize
from cpuviz.core.runs.switch_interval import PYTHONS_OWN, SwitchInterval
from cpuviz.core.sampling.sources import CpuSource, PsutilSource
from cpuviz.core.system.pythons import PythonInfo
from cpuviz.core.work.code_check import CheckedCode
from cpuviz.core.work.workloads import Workload

# A command line the commands refuse (a bad flag, a mode this Python cannot run, a file that
# cannot be written): the argparse convention.
EXIT_USAGE = 2
# Options the window remembers between launches, unless given on the command line.
REMEMBERED_OPTIONS = ("mode", "workload", "workers", "theme", "view", "code_file", "python")
# How the window draws the cores: a history graph per core, or bars (B switches).
CORE_VIEWS = ("graphs", "bars")
# The pages of the bottom panel, in order, as `cpuviz snapshot --page` names them.
PAGES = ("runs", "workers", "gil", "speedup", "summary", "code")
MIN_INTERVAL_MS, MAX_INTERVAL_MS = 33, 2000
DEFAULT_INTERVAL_MS = 100


@dataclass(frozen=True, slots=True)
class GuiOptions:
    """What the window starts with; shared by the window itself, `cpuviz snapshot` and
    `cpuviz record`. The defaults are a plain window on the live CPU, as tests and benchmarks
    open it."""

    mode: Mode
    workers: int
    size: WorkSize
    interval_ms: int = DEFAULT_INTERVAL_MS
    source: CpuSource = field(default_factory=PsutilSource)
    fullscreen: bool = False
    autostart: bool = False
    fault: Fault = Fault.NONE
    workload: Workload = Workload.CPU
    theme: str = "projector"
    view: str = CORE_VIEWS[0]
    # How long a worker thread may hold the GIL (Python's own is 5 ms); longer is slow motion.
    switch_interval: SwitchInterval = PYTHONS_OWN
    # Options given on the command line: they win over remembered settings.
    explicit: frozenset[str] = frozenset()
    # Where the window remembers its settings; None (snapshots, tests) remembers nothing.
    settings_file: str | None = None
    # Play this recording instead of running anything (the source is then the recording's).
    replay: Recording | None = None
    # The user's own function (--work), checked, run in place of the workload.
    code: CheckedCode | None = None
    # The file last opened with "Your code…", where its picker opens next time ("" if none).
    code_file: str = ""
    # Where cluster mode runs: a scheduler the user started, or a local cluster of the app's.
    cluster: ClusterTarget = field(default_factory=ClusterTarget)
    # The Python the workers run on (--python, probed), None for the window's own.
    python: PythonInfo | None = None
