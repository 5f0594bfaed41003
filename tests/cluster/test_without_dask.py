"""Without the cpuviz[cluster] extra, `pytest tests/cluster` skips every test and says why,
rather than failing to collect: checked by running it with Dask's import blocked, as a Python
without the extra would fail it."""

import subprocess
import sys
from pathlib import Path

from cpuviz.core.runs.cluster_target import INSTALL_COMMAND
from tests.cli.conftest import PROJECT_ROOT

# `import distributed` raises ImportError in this pytest only, as on a Python without the extra.
WITHOUT_DASK = (
    "import sys; sys.modules['distributed'] = None; import pytest; sys.exit(pytest.main())"
)


def test_without_dask_every_cluster_test_is_skipped_with_the_reason():
    folder = Path(__file__).parent
    finished = subprocess.run(
        [sys.executable, "-c", WITHOUT_DASK, "-q", "-p", "no:cacheprovider", "-rs", str(folder)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    summary = finished.stdout.strip().splitlines()[-1]
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert summary.split()[1:2] == ["skipped"], summary  # "25 skipped in 1.2s": nothing else
    assert f"cluster mode needs Dask: {INSTALL_COMMAND}" in finished.stdout
