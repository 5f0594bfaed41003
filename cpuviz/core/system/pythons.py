"""The Pythons on this machine that workers could run on, and what each one offers.

The window's own Python can never be free-threaded (PySide6 has no free-threaded wheels), and
is often older than 3.12, so the workers may run on another. What a Python offers is read by a
short probe in a child process of that Python, never by loading anything of it here: its
version, whether it is a free-threaded build and whether the GIL is on once started, and
whether cpuviz's worker modules import there with nothing but the standard library. A probe
takes ~0.1 s; the answers are remembered per path (and forgotten when the file changes).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cpuviz.core.system.files import FileWriteError, write_text

# The oldest Python the workers run on: cpuviz.core's messages are enum.StrEnum (3.11+).
OLDEST_SUPPORTED = (3, 11)
# A probe that has not answered by then is a Python that hangs at start.
PROBE_TIMEOUT_S = 5.0
# What workers import first on another Python: proof that nothing outside core and the
# standard library is on their path.
WORKER_MODULES = ("cpuviz.core.processes.host", "cpuviz.core.work.subinterpreters")
PROBE_MARK = "cpuviz-probe:"
# The workers' Python when no --python is given (the window's own if unset).
WORKER_PYTHON_VARIABLE = "CPUVIZ_WORKER_PYTHON"
# Runs in the probed Python, as old as 2.7: so it says "too old" rather than failing to parse.
_PROBE = """
import sys
if sys.version_info[:2] < {oldest!r}:
    print("{mark}old %d.%d.%d" % tuple(sys.version_info[:3]))
    raise SystemExit(0)
import json, platform, sysconfig
own_path = list(sys.path)
sys.path.insert(0, {root!r})
for name in {modules!r}:
    __import__(name)
from cpuviz.core.work.subinterpreters import unavailable_reason
print("{mark}" + json.dumps(dict(
    version=platform.python_version(),
    implementation=platform.python_implementation(),
    free_threaded_build=bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    gil_enabled=bool(getattr(sys, "_is_gil_enabled", lambda: True)()),
    subinterpreters_missing=unavailable_reason(),
    sys_path=own_path,
)))
"""


class UnusablePythonError(ValueError):
    """Why a path cannot run the workers, in one line that names it."""


@dataclass(frozen=True, slots=True)
class PythonBuild:
    """Which Python a run's workers ran on, as its plan and a recording keep it: what names it
    to the room ("3.14t, GIL off"), not its path or search path, which say nothing there."""

    version: str  # e.g. "3.13.0"
    implementation: str = "CPython"
    free_threaded_build: bool = False
    gil_enabled: bool = True  # as it started; an extension imported later may switch it on

    @property
    def shown_version(self) -> str:
        """As python.org names the build: 3.14.0t for a free-threaded one."""
        return self.version + ("t" if self.free_threaded_build else "")

    @property
    def short_name(self) -> str:
        """Major.minor as a slide says it: 3.13, or 3.14t for a free-threaded build."""
        minor = ".".join(self.version.split(".")[:2])
        return minor + ("t" if self.free_threaded_build else "")

    def describe(self) -> str:
        """E.g. 'CPython 3.13.0, GIL on' or 'CPython 3.14.0t, GIL off'."""
        gil = "GIL on" if self.gil_enabled else "GIL off"
        if self.free_threaded_build and self.gil_enabled:
            gil = "free-threaded build, GIL back on"
        return f"{self.implementation} {self.shown_version}, {gil}"


@dataclass(frozen=True, slots=True)
class PythonInfo:
    """One Python as its probe found it; `sys_path` is its own (no cpuviz, nothing of ours)."""

    path: str
    version: str  # e.g. "3.13.0"
    implementation: str = "CPython"
    free_threaded_build: bool = False
    gil_enabled: bool = True  # as it started; an extension imported later may switch it on
    subinterpreters_missing: str | None = None  # why not, or None when it has them
    sys_path: tuple[str, ...] = field(default=())

    @property
    def build(self) -> PythonBuild:
        return PythonBuild(
            self.version, self.implementation, self.free_threaded_build, self.gil_enabled
        )

    @property
    def shown_version(self) -> str:
        return self.build.shown_version

    def describe(self) -> str:
        return self.build.describe()

    def as_json(self) -> dict[str, object]:
        """What a report says of the workers' Python (not its search path)."""
        return {
            "path": self.path,
            "version": self.shown_version,
            "implementation": self.implementation,
            "free_threaded_build": self.free_threaded_build,
            "gil_enabled": self.gil_enabled,
        }


def is_this_python(python: PythonInfo | None) -> bool:
    """None or the very program running now. By its path, not what it links to: a venv's
    python links to its base Python, whose search path is another."""
    return python is None or os.path.abspath(python.path) == os.path.abspath(sys.executable)


def source_root() -> str:
    """The folder that holds the cpuviz package, put first on the workers' path."""
    return str(Path(__file__).resolve().parents[3])


def probe(path: str) -> PythonInfo:
    """Start `path` once and ask it; UnusablePythonError says in one line why it will not do."""
    if not os.path.isfile(path):
        raise UnusablePythonError(f"{path} is not a file")
    if not os.access(path, os.X_OK):
        raise UnusablePythonError(f"{path} is not a program (not executable)")
    script = _PROBE.format(
        oldest=OLDEST_SUPPORTED, mark=PROBE_MARK, root=source_root(), modules=WORKER_MODULES
    )
    try:
        finished = subprocess.run(
            [path, "-c", script],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=PROBE_TIMEOUT_S,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise UnusablePythonError(
            f"{path} did not answer within {PROBE_TIMEOUT_S:g} s (it hangs at start)"
        ) from None
    except OSError as error:
        raise UnusablePythonError(f"{path} is not a program ({error.strerror})") from None
    answer = next(
        (
            line[len(PROBE_MARK) :]
            for line in finished.stdout.splitlines()
            if line.startswith(PROBE_MARK)
        ),
        None,
    )
    if answer is None:
        raise UnusablePythonError(_why_no_answer(path, finished))
    if answer.startswith("old "):
        oldest = ".".join(map(str, OLDEST_SUPPORTED))
        raise UnusablePythonError(f"{path} is Python {answer[4:]}: workers need {oldest} or newer")
    fields = json.loads(answer)
    fields["sys_path"] = tuple(fields["sys_path"])
    return PythonInfo(path=path, **fields)


def _why_no_answer(path: str, finished: subprocess.CompletedProcess[str]) -> str:
    """A Python that crashed at start, cannot import the workers, or something else."""
    said = [line.strip() for line in finished.stderr.splitlines() if line.strip()]
    last = said[-1] if said else ""
    if "Traceback" in finished.stderr and last:
        return f"{path} cannot run cpuviz's workers: {last}"
    if finished.returncode < 0:
        return f"{path} crashed at start (signal {-finished.returncode})"
    detail = f": {last}" if last else ", printing nothing"
    return f"{path} is not a Python (it exited {finished.returncode}{detail})"


class ProbeCache:
    """Probes remembered per path in a small JSON file, each beside the file's size and change
    time so that a Python upgraded in place is probed again. `file` None remembers nothing."""

    def __init__(self, file: Path | None) -> None:
        self._file = file
        self._entries: dict[str, dict[str, object]] = {}
        if file is not None:
            with contextlib.suppress(OSError, ValueError):
                loaded = json.loads(file.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self._entries = loaded

    def probe(self, path: str) -> PythonInfo:
        """As probe(), from memory when the file has not changed since."""
        stamp = _stamp(path)
        entry = self._entries.get(path)
        if stamp is not None and entry is not None and entry.get("stamp") == stamp:
            with contextlib.suppress(TypeError, KeyError):
                if "problem" in entry:
                    raise UnusablePythonError(str(entry["problem"]))
                info = dict(entry["info"])  # type: ignore[call-overload]
                info["sys_path"] = tuple(info["sys_path"])
                return PythonInfo(**info)
        try:
            found = probe(path)
        except UnusablePythonError as problem:
            self._keep(path, stamp, {"problem": str(problem)})
            raise
        self._keep(path, stamp, {"info": asdict(found)})
        return found

    def _keep(self, path: str, stamp: list[int] | None, entry: dict[str, object]) -> None:
        if stamp is None:
            return
        self._entries[path] = {"stamp": stamp, **entry}
        if self._file is not None:
            with contextlib.suppress(OSError, FileWriteError):
                self._file.parent.mkdir(parents=True, exist_ok=True)
                write_text(self._file, json.dumps(self._entries, indent=1))


def _stamp(path: str) -> list[int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns]


# python3.13, python3.14t: a version's own name (plain `python3` is one of them again).
_VERSIONED = re.compile(r"python3\.\d+t?(\.exe)?")


def candidates() -> list[str]:
    """Paths that may be Pythons, the window's own first, each file once: python3.X and
    python3.Xt on PATH, pyenv's versions, uv's managed Pythons, python.org's free-threaded
    framework (macOS) and the launcher's list (Windows)."""
    found = [sys.executable]
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        # pyenv's shims only run the version selected: its versions are listed directly.
        if folder and Path(folder) != pyenv_root / "shims":
            found += _versioned_in(Path(folder))
    for installs in (
        pyenv_root / "versions",
        Path(os.environ.get("UV_PYTHON_INSTALL_DIR", _uv_pythons())),
        Path("/Library/Frameworks/PythonT.framework/Versions"),
    ):
        for install in sorted(_folders(installs)):
            found += _versioned_in(install / "bin") or _plain_in(install)
    found += _windows_launcher_list()
    seen: set[str] = set()
    unique = []
    for path in found:
        real = os.path.realpath(path)
        if real not in seen and os.path.isfile(path):
            seen.add(real)
            unique.append(path)
    return unique


def _folders(parent: Path) -> list[Path]:
    try:
        return [entry for entry in parent.iterdir() if entry.is_dir()]
    except OSError:
        return []


def _versioned_in(folder: Path) -> list[str]:
    try:
        names = sorted(entry.name for entry in folder.iterdir())
    except OSError:
        return []
    return [str(folder / name) for name in names if _VERSIONED.fullmatch(name)]


def _plain_in(install: Path) -> list[str]:
    """An install without versioned names: uv's on Windows (python.exe), or bin/python3."""
    for name in ("bin/python3", "python.exe"):
        if (install / name).is_file():
            return [str(install / name)]
    return []


def _uv_pythons() -> str:
    if sys.platform == "win32":
        return str(Path(os.environ.get("APPDATA", Path.home())) / "uv" / "python")
    data = os.environ.get("XDG_DATA_HOME", str(Path.home() / ".local" / "share"))
    return str(Path(data) / "uv" / "python")


def _windows_launcher_list() -> list[str]:
    """`py --list-paths`: lines such as ` -V:3.14t *  C:\\...\\python3.14t.exe`."""
    launcher = shutil.which("py") if sys.platform == "win32" else None
    if launcher is None:
        return []
    try:
        listed = subprocess.run(
            [launcher, "--list-paths"],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line.split()[-1] for line in listed.stdout.splitlines() if line.strip()]


@dataclass(frozen=True, slots=True)
class FoundPython:
    """A candidate and what its probe said: how it runs, or why it cannot."""

    path: str
    info: PythonInfo | None
    problem: str | None = None


def find_pythons(cache: ProbeCache, stop: threading.Event | None = None) -> list[FoundPython]:
    """Every candidate, probed (or remembered): the window's own first; those found before
    `stop` was set, if it is (the window closed)."""
    found = []
    for path in candidates():
        if stop is not None and stop.is_set():
            break
        try:
            found.append(FoundPython(path, cache.probe(path)))
        except UnusablePythonError as problem:
            found.append(FoundPython(path, None, str(problem)))
    return found
