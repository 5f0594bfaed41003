"""Bad input on the command line: one line that says what is wrong, exit status 2."""

import shutil
import subprocess
import sys
import textwrap

import pytest

from cpuviz.cli.main import main
from tests.cli.conftest import PROJECT_ROOT, cpuviz_env


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["--mode", "fibers"], "'fibers' is not one of serial, threads, processes"),
        (["--workers", "0"], "0 is outside 1…"),
        (["--workers", "10000"], "10000 is outside 1…"),
        (["--workers", "two"], "'two' is not a whole number"),
        (["--interval-ms", "5"], "5 is outside 33…2000"),
        (["--size", "huge"], "invalid choice: 'huge'"),
        (["--source", "synthetic:0"], "synthetic"),
        (["--source", "webcam"], "webcam"),
        (["--frobnicate"], "unrecognized arguments: --frobnicate"),
        (["bench", "--modes", "serial,fibers"], "choose from serial,threads,processes"),
        (["bench", "--repeat", "0"], "0 is outside 1…50"),
        (["bench", "--fault", "segfault"], "'segfault' is not one of none, raise, kill9"),
        (["snapshot", "out.png", "--size", "12x"], "'12x' is not a size like 1024x768"),
        (["snapshot", "out.png", "--seconds", "-1"], "-1 is outside 0…600"),
        (["snapshot"], "the following arguments are required: out"),
        (["snapshot", "out.png", "--mode", "asyncio"], "cannot run --mode asyncio here"),
        (["--run-for", "0.2"], "0.2 is outside 1…600"),
        (["--run-for", "20", "--size", "small"], "--run-for, --same-work and a --size of work"),
        (["--run-for", "20", "--same-work", "10"], "exclude each other"),
        (["snapshot", "o.png", "--size", "large", "--run-for", "5"], "exclude each other"),
        (["snapshot", "out.png", "--at", "1.5"], "1.5 is outside 0.01…1"),
        (["snapshot", "out.png", "--at", "0.5", "--seconds", "2"], "not allowed with"),
        (["--view", "pie"], "invalid choice: 'pie'"),
        (["--switch-interval", "7"], "invalid choice: 7"),
        (["snapshot", "out.png", "--page", "lanes"], "invalid choice: 'lanes'"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(argv, complaint, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    stderr = capsys.readouterr().err
    assert stderr.count("\n") == 1
    assert complaint in stderr


def test_a_snapshot_path_that_cannot_be_written_exits_2(capsys, tmp_path):
    missing_folder = tmp_path / "no such folder" / "out.png"
    assert main(["snapshot", str(missing_folder)]) == 2
    assert capsys.readouterr().err.startswith("cpuviz snapshot: cannot write")


def test_a_snapshot_must_be_a_png(capsys, tmp_path):
    assert main(["snapshot", str(tmp_path / "out.jpg")]) == 2
    assert "needs a .png" in capsys.readouterr().err


def test_bench_runs_fixed_amounts_only(capsys):
    with pytest.raises(SystemExit):
        main(["bench", "--run-for", "5"])
    assert "unrecognized arguments: --run-for" in capsys.readouterr().err


# On a 128-core server: what --workers takes, what the window's spin box offers and what a
# recording may hold, then one worker too many.
ON_128_CORES = textwrap.dedent("""
    import os
    from PySide6.QtWidgets import QApplication
    from cpuviz.cli.arguments.command_line import parse_command_line
    from cpuviz.core.recording.limits import MAX_RECORDED_WORKERS
    from cpuviz.core.runs.plan import WORK_SIZES, Mode
    from cpuviz.core.sampling.sources import MAX_SYNTHETIC_CORES
    from cpuviz.ui.controls import Controls
    app = QApplication([])
    workers = parse_command_line(["bench", "--workers", "128"]).args.workers
    controls = Controls(Mode.PROCESSES, workers, WORK_SIZES["small"])
    spin_box = controls.workers
    print(os.cpu_count(), workers, spin_box.maximum(), spin_box.value(), flush=True)
    assert MAX_RECORDED_WORKERS >= workers and MAX_SYNTHETIC_CORES >= os.cpu_count()
    parse_command_line(["--workers", "129"])
""")


def test_on_a_128_core_server_every_core_can_have_a_worker(tmp_path):
    """The README says to record on a big server; --workers must not stop at 64 there. The
    kernel is made to report 128 online CPUs to one process, in a mount namespace of its
    own, as the dynamic linker is fooled in test_display."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux) to show a process 128 CPUs")
    online = tmp_path / "online"
    online.write_text("0-127\n")
    show_128 = 'mount --bind "$0" /sys/devices/system/cpu/online && exec "$@"'
    finished = subprocess.run(
        ["unshare", "--mount", "sh", "-c", show_128, online, sys.executable, "-c", ON_128_CORES],
        cwd=PROJECT_ROOT,
        env=cpuviz_env(QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if "mount" in finished.stderr or "unshare" in finished.stderr:
        pytest.skip(f"mount namespaces are not allowed here: {finished.stderr.strip()}")
    assert finished.stdout.split() == ["128"] * 4, finished.stderr
    assert finished.returncode == 2
    assert finished.stderr.strip().endswith("129 is outside 1…128 (see cpuviz --help)")
