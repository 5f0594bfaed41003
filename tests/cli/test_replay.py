"""Record and replay from the command line; a bad recording is one line and exit status 2."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from cpuviz.cli.main import main
from cpuviz.core.recording.reader import load_recording
from cpuviz.core.runs.outcome import RunStopped
from tests.cli.conftest import cpuviz_env, start_cpuviz
from tests.conftest import wait_until_gone

RUN_START_TIMEOUT_S = 60


@pytest.mark.parametrize("command", [[], ["snapshot", "out.png"]])
@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        ('{"name": "cpuviz", "version": "1.0"}\n', "not a cpuviz recording"),
        ("", "empty, so not a cpuviz recording"),
        ("\x00\x01garbage", "line 1 is not JSON"),
    ],
)
def test_a_corrupt_or_foreign_replay_exits_2_with_one_line(
    command, content, complaint, tmp_path, capsys
):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content)
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--replay", str(bad)])
    assert exit_info.value.code == 2
    stderr = capsys.readouterr().err
    assert stderr.count("\n") == 1
    assert "argument --replay" in stderr and complaint in stderr


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["record"], "the following arguments are required: out"),
        (["record", "out.jsonl", "--seconds", "0"], "0 is outside 0.5…3600"),
        (["record", "out.jsonl", "--theme", "dark"], "unrecognized arguments: --theme"),
        (["record", "out.jsonl", "--mode", "threads,fibers"], "choose from serial,threads"),
        (
            ["record", "out.jsonl", "--mode", "threads,asyncio"],
            "cannot run --mode asyncio here: asyncio only overlaps waiting",
        ),
    ],
)
def test_bad_record_arguments_exit_2_with_one_line(argv, complaint, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert complaint in capsys.readouterr().err


def test_record_into_a_missing_folder_exits_2(tmp_path, capsys):
    assert main(["record", str(tmp_path / "missing" / "demo.jsonl")]) == 2
    assert capsys.readouterr().err.startswith("cpuviz record: cannot write")


def test_record_for_a_few_seconds_then_snapshot_the_replay(run_cpuviz, tmp_path):
    demo, picture = tmp_path / "demo.jsonl", tmp_path / "replay.png"
    recorded = run_cpuviz(
        "record", str(demo), "--mode", "processes", "--size", "large", "--seconds", "1",
        "--source", "synthetic:64",
    )  # fmt: skip
    assert recorded.returncode == 0, recorded.stderr
    started, saved = recorded.stdout.splitlines()
    assert started == f"cpuviz record: recording processes into {demo}; Ctrl+C stops early"
    assert saved.startswith(f"cpuviz record: saved {demo}")
    recording = load_recording(demo)
    assert recording.header.cores == 64
    assert any(isinstance(entry.item, RunStopped) for entry in recording.entries)
    shot = run_cpuviz("snapshot", str(picture), "--replay", str(demo), "--seconds", "0.5")
    assert shot.returncode == 0, shot.stderr
    assert picture.stat().st_size > 10_000


def test_ctrl_c_ends_a_recording_early_and_keeps_what_was_recorded(tmp_path):
    demo = tmp_path / "demo.jsonl"
    recording = start_cpuviz("record", str(demo), "--size", "large")
    try:
        deadline = time.monotonic() + RUN_START_TIMEOUT_S
        while '"progress"' not in _text(demo):  # a worker has reported: a run is under way
            assert time.monotonic() < deadline, "no progress was recorded"
            assert recording.poll() is None, recording.communicate()
            time.sleep(0.1)
        descendants = {child.pid for child in psutil.Process(recording.pid).children(True)}
        recording.send_signal(signal.SIGINT)
        out, err = recording.communicate(timeout=30)
    finally:
        recording.kill()
    assert recording.returncode == 0, err
    assert out.rstrip().endswith("(stopped early by Ctrl+C)") and err == ""
    entries = load_recording(demo).entries
    assert any(isinstance(entry.item, RunStopped) for entry in entries)
    assert wait_until_gone(descendants, timeout_s=5.0) == set()


def _text(path):
    return path.read_text() if path.exists() else ""


@pytest.mark.parametrize("target", ["/dev/full", "/proc/cpuviz.jsonl"])
def test_recording_where_nothing_can_be_written_is_one_line_and_exit_2(run_cpuviz, target):
    if not Path(target).parent.exists() or (target == "/dev/full" and not Path(target).exists()):
        pytest.skip(f"{target} exists on Linux only")
    finished = run_cpuviz("record", target, "--size", "small")
    assert finished.returncode == 2
    assert finished.stderr.startswith(f"cpuviz record: cannot write {target}: ")
    assert finished.stderr.count("\n") <= 2 and "Traceback" not in finished.stderr


def test_a_recording_cut_off_mid_line_still_replays(run_cpuviz, tmp_path):
    demo, picture = tmp_path / "demo.jsonl", tmp_path / "replay.png"
    recorded = run_cpuviz(
        "record", str(demo), "--mode", "threads", "--size", "small", "--seconds", "1",
        "--source", "synthetic:4",
    )  # fmt: skip
    assert recorded.returncode == 0, recorded.stderr
    whole = demo.read_text(encoding="utf-8")
    demo.write_text(whole[: len(whole) - 7], encoding="utf-8")  # the machine died mid-line
    shot = run_cpuviz("snapshot", str(picture), "--replay", str(demo), "--seconds", "0.5")
    assert shot.returncode == 0, shot.stderr
    assert "the recording was cut off in line" in shot.stderr
    assert shot.stderr.count("\n") == 1 and picture.stat().st_size > 10_000


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["snapshot", "{folder}/out.png", "--replay", "{pipe}"], "not a regular file"),
        (["--replay", "{pipe}"], "not a regular file"),
        (["record", "{pipe}"], "a named pipe or a socket, not a file"),
    ],
    ids=["snapshot --replay", "window --replay", "record"],
)
def test_a_named_pipe_is_refused_in_one_line_not_waited_on(argv, complaint, run_cpuviz, tmp_path):
    """Opening a named pipe no one writes to (or reads from) waits forever: the command must
    not open it at all. A refusal takes ~0.5 s; waiting 30 s only catches that hang."""
    pipe = tmp_path / "demo.jsonl"
    os.mkfifo(pipe)
    finished = run_cpuviz(*(word.format(folder=tmp_path, pipe=pipe) for word in argv), timeout_s=30)
    assert finished.returncode == 2
    assert finished.stderr.count("\n") == 1 and complaint in finished.stderr


def test_a_64_mb_line_is_refused_with_exit_2_in_bounded_memory(tmp_path):
    hostile = tmp_path / "hostile.jsonl"
    hostile.write_text(
        '{"format": "cpuviz-recording", "version": 1, "cores": 2, "interval_ms": 100, '
        '"runtime": "x", "source": "psutil"}\n' + '{"t": 0.1, "kind": "' + "x" * (64 << 20),
        encoding="utf-8",
    )
    code = (
        "import resource, sys\n"
        "from cpuviz.cli.main import main\n"
        "try:\n    main(['snapshot', 'out.png', '--replay', sys.argv[1]])\n"
        "except SystemExit as exit_:\n    status = exit_.code\n"
        "print(status, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", code, str(hostile)],
        cwd=tmp_path,
        env=cpuviz_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    status, peak_mb = map(int, finished.stdout.split())
    assert status == 2 and "larger than any cpuviz recording" in finished.stderr
    assert peak_mb < 400
