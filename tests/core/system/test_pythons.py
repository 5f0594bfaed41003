"""Real Pythons probed in real child processes: what each offers, and one line for what is not
one. pyenv's Pythons are used where this machine has them, and skipped where it has not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from cpuviz.core.runs.runtime import window_python
from cpuviz.core.system import pythons
from cpuviz.core.system.pythons import (
    WORKER_MODULES,
    ProbeCache,
    UnusablePythonError,
    candidates,
    probe,
    source_root,
)
from tests.other_pythons import any_path_of, other_python, script


def test_the_window_s_own_python_is_probed_as_it_describes_itself():
    """The probe of this Python (in a child) agrees with what this process knows of itself."""
    probed, here = probe(sys.executable), window_python()
    assert (probed.version, probed.gil_enabled) == (here.version, here.gil_enabled)
    assert probed.free_threaded_build == bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    assert probed.subinterpreters_missing == here.subinterpreters_missing


@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_a_newer_python_offers_subinterpreters_and_keeps_its_own_path(version):
    """Interpreters mode lights up from 3.12; its search path is its own, none of the venv's."""
    python = other_python(version)
    assert python.version.startswith(version)
    assert python.subinterpreters_missing is None
    assert python.describe() == f"CPython {python.version}, GIL on"
    assert not any(entry.startswith(sys.prefix) for entry in python.sys_path if entry)


def test_the_worker_modules_import_on_another_python_with_only_the_repository():
    """Workers import cpuviz.core and the standard library only: on a Python with no site
    packages at all (-I -S), the host and worker modules import and load nothing else."""
    python = other_python("3.13")
    check = (
        f"import sys; sys.path.insert(0, {source_root()!r})\n"
        f"for name in {[*WORKER_MODULES, 'cpuviz.core.processes.worker']!r}: __import__(name)\n"
        "print([m for m in sys.modules if m.split('.')[0] not in sys.stdlib_module_names"
        " and not m.startswith(('cpuviz', '__'))])"
    )
    imported = subprocess.run(
        [python.path, "-I", "-S", "-c", check], capture_output=True, text=True, check=True
    )
    assert imported.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("name", "body", "said"),
    [
        ("false", "exit 1", "is not a Python (it exited 1, printing nothing)"),
        ("crashes", "kill -SEGV $$", "crashed at start (signal 11)"),
        ("broken", 'echo "Fatal Python error: init_fs_encoding" >&2; exit 1', "init_fs_encoding"),
    ],
)
def test_what_is_not_a_working_python_is_one_line_naming_it(tmp_path, name, body, said):
    path = script(tmp_path, name, body)
    with pytest.raises(UnusablePythonError) as refused:
        probe(path)
    assert str(refused.value).startswith(path)
    assert said in str(refused.value)
    assert "\n" not in str(refused.value)


def test_real_non_pythons_are_refused_in_one_line(tmp_path):
    """/bin/false runs and says nothing; /etc/passwd is not a program; a folder not a file."""
    said = {}
    for path in ("/bin/false", "/etc/passwd", str(tmp_path), str(tmp_path / "missing")):
        with pytest.raises(UnusablePythonError) as refused:
            probe(path)
        said[path] = str(refused.value)
    assert said["/bin/false"] == "/bin/false is not a Python (it exited 1, printing nothing)"
    assert said["/etc/passwd"] == "/etc/passwd is not a program (not executable)"
    assert said[str(tmp_path)] == f"{tmp_path} is not a file"
    assert said[str(tmp_path / "missing")] == f"{tmp_path / 'missing'} is not a file"


def test_a_python_older_than_the_oldest_supported_says_both_versions():
    old = any_path_of("3.8")
    with pytest.raises(UnusablePythonError) as refused:
        probe(old)
    assert str(refused.value).startswith(f"{old} is Python 3.8.")
    assert str(refused.value).endswith(": workers need 3.11 or newer")


# Only catches a probe that waits for the hung Python (sleep 60) instead of giving up.
@pytest.mark.timeout(30)
def test_a_python_that_hangs_at_start_is_given_up_on(tmp_path, monkeypatch):
    """The real limit is 5 s; a shorter one keeps the test quick and proves the same."""
    monkeypatch.setattr(pythons, "PROBE_TIMEOUT_S", 0.5)
    hangs = script(tmp_path, "hangs", "exec sleep 60")
    with pytest.raises(UnusablePythonError, match=r"did not answer within 0\.5 s"):
        probe(hangs)


def test_a_probe_is_remembered_per_path_until_the_file_changes(tmp_path):
    """A second window reads the answer from the cache file; the same path changed in place
    (upgraded, or broken) is probed again."""
    python = script(tmp_path, "python3.99", f'exec {sys.executable} "$@"')
    cache_file = tmp_path / "pythons.json"
    first = ProbeCache(cache_file).probe(python)
    assert first.version == window_python().version
    remembered = json.loads(cache_file.read_text())
    assert remembered[python]["info"]["version"] == first.version

    stamp = os.stat(python)
    Path(python).write_text(Path(python).read_text().replace("exec", "exit"))  # same size
    os.utime(python, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert ProbeCache(cache_file).probe(python) == first  # not run: it would fail now

    os.utime(python, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    with pytest.raises(UnusablePythonError, match="is not a Python"):
        ProbeCache(cache_file).probe(python)
    with pytest.raises(UnusablePythonError, match="is not a Python"):  # remembered as bad
        ProbeCache(cache_file).probe(python)


def test_candidates_list_the_window_s_own_first_then_pyenv_s_each_once():
    found = candidates()
    assert found[0] == sys.executable
    assert len({os.path.realpath(path) for path in found}) == len(found)
    assert not any("/shims/" in path for path in found)  # pyenv's, which run only one version
    pyenv_versions = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    if not pyenv_versions.is_dir():
        pytest.skip("no pyenv on this machine")
    assert any(path.startswith(str(pyenv_versions)) for path in found)
