"""Which Python the other-Python benchmark puts the workers on: another 3.12+ that has
subinterpreters, 3.13 first; none, and the key is skipped."""

import sys

from benchmarks.other_pythons import workers_python
from cpuviz.core.system.pythons import FoundPython, PythonInfo


def found(path, version, **probed):
    return FoundPython(path, PythonInfo(path, version, **probed))


def test_another_python_with_subinterpreters_is_chosen_3_13_first():
    here = found(sys.executable, "3.13.0")  # the window's own never counts
    pythons = [
        here,
        found("/x/python3.12", "3.12.4"),
        found("/x/python3.14t", "3.14.0", free_threaded_build=True, gil_enabled=False),
        found("/x/python3.13", "3.13.0"),
        FoundPython("/bin/false", None, "not a Python"),
    ]
    assert workers_python(pythons).path == "/x/python3.13"
    assert workers_python(pythons[:3]).path == "/x/python3.12"
    old = found("/x/python3.11", "3.11.9", subinterpreters_missing="needs 3.12+")
    assert workers_python([here, old, pythons[2], pythons[4]]) is None
