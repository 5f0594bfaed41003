"""Where cluster mode runs its tasks: a Dask cluster of the app's own, or one the user started.

Nothing here imports Dask: the window asks whether it is installed (to grey the Cluster button
out with the command that adds it) without paying for the import, which only the cluster driver
process makes.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

EXTRA = "cpuviz[cluster]"
INSTALL_COMMAND = f"pip install '{EXTRA}'"
# Dask's own variable for the scheduler a client should use, honoured as the default here.
SCHEDULER_VARIABLE = "DASK_SCHEDULER_ADDRESS"
SCHEDULER_PROTOCOLS = ("tcp", "tls")


def dask_missing() -> str | None:
    """Why cluster mode cannot run here, or None when Dask distributed is installed."""
    if importlib.util.find_spec("distributed") is None:
        return f"cluster mode needs Dask: {INSTALL_COMMAND}"
    return None


@dataclass(frozen=True, slots=True)
class ClusterTarget:
    """`scheduler` is a running Dask scheduler's address; None starts a LocalCluster bound to
    127.0.0.1 inside the app, which ends with it."""

    scheduler: str | None = None

    @property
    def embedded(self) -> bool:
        return self.scheduler is None

    def describe(self) -> str:
        return "a local Dask cluster" if self.scheduler is None else f"Dask at {self.scheduler}"


def parse_scheduler(text: str) -> str:
    """`tcp://HOST:PORT` or `tls://HOST:PORT`, checked; ValueError says what is wrong in one
    line. TLS certificates come from Dask's own configuration (distributed.comm.tls)."""
    parts = urlsplit(text.strip())
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme not in SCHEDULER_PROTOCOLS or not parts.hostname or port is None:
        raise ValueError(
            f"{text!r} is not a scheduler address: use tcp://HOST:PORT (Dask's default port "
            "is 8786), or tls://HOST:PORT"
        )
    return f"{parts.scheme}://{parts.netloc}"


def target_from(scheduler: str | None, environment: Mapping[str, str]) -> ClusterTarget:
    """The scheduler given on the command line, else DASK_SCHEDULER_ADDRESS, else embedded."""
    address = scheduler or environment.get(SCHEDULER_VARIABLE) or None
    return ClusterTarget(None if address is None else parse_scheduler(address))
