"""The one way cpuviz writes files: whole or not at all, line by line for recordings, and
every failure one line naming the file and the reason."""

import os
import stat
from pathlib import Path

import pytest

from cpuviz.core.system.files import FileWriteError, LineFile, whole_file, write_text


def test_a_whole_file_replaces_the_old_one_only_once_it_is_all_written(tmp_path):
    target = tmp_path / "runs.csv"
    target.write_text("the old runs\n")
    with pytest.raises(RuntimeError), whole_file(target) as stream:
        stream.write("half of the new ")
        raise RuntimeError("the app died mid-write")
    assert target.read_text() == "the old runs\n"
    assert sorted(tmp_path.iterdir()) == [target]  # no temporary file left behind
    write_text(target, "the new runs\n")
    assert target.read_text() == "the new runs\n"
    assert sorted(tmp_path.iterdir()) == [target]
    assert stat.S_IMODE(target.stat().st_mode) & 0o044  # others may read it, as with open()


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (Path("/proc/cpuviz.csv"), "No such file or directory"),
        (Path("/nonexistent-folder/cpuviz.csv"), "No such file or directory"),
    ],
)
def test_a_file_that_cannot_be_written_is_one_line_naming_it(path, reason):
    with pytest.raises(FileWriteError) as failure:
        write_text(path, "x")
    assert str(failure.value) == f"cannot write {path}: {reason}"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_a_full_disk_is_one_line_and_a_device_is_never_replaced():
    with pytest.raises(FileWriteError, match="cannot write /dev/full: No space left on device"):
        write_text(Path("/dev/full"), "x" * 10_000)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # still the device, not a file
    with pytest.raises(FileWriteError, match="No space left on device"):
        LineFile(Path("/dev/full")).write("a line\n")


def test_a_line_file_has_each_line_on_disk_as_soon_as_it_is_written(tmp_path):
    target = tmp_path / "demo.jsonl"
    lines = LineFile(target)
    lines.write("one\n")
    assert target.read_text() == "one\n"  # before close: a crash now keeps it
    lines.write("two\n")
    lines.close()
    assert target.read_text() == "one\ntwo\n"
