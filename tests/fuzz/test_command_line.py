"""Any command line is either understood or refused in one line with exit status 2 (exit 0
for --version): never a traceback. Only the checking runs here (the parsing, then the files the
line names, then the modes this Python can run), which is where argv is read; a command line
that passes is one the commands accept."""

import contextlib
import io

from hypothesis import given
from hypothesis import strategies as st

from cpuviz.cli.main import checked_command_line

COMMANDS = ["bench", "snapshot", "record"]
FLAGS = [
    "--mode", "--modes", "--workload", "--workers", "--size", "--run-for", "--same-work",
    "--interval-ms", "--source", "--fault", "--theme", "--view", "--replay", "--repeat",
    "--seconds", "--at", "--json", "--fullscreen", "--autostart", "--version",
    "--install-desktop", "--uninstall-desktop", "--switch-interval", "--work", "--mod", "-x",
    "--",
]  # fmt: skip
VALUES = [
    "threads", "processes", "all", "serial,threads", "cpu,io", "native", "0", "1", "2", "50",
    "64", "99999", "-3", "1.5", "0.5", "nan", "inf", "1e309", "small", "large", "1024x768",
    "12x", "synthetic:4", "synthetic:0", "psutil", "webcam", "raise", "kill9", "light",
    "graphs", "bars", "out.png", "demo.jsonl", "/nonexistent/demo.jsonl", "no.py:f", "", " ",
    "é", "\x00",
]  # fmt: skip
words = st.sampled_from(FLAGS) | st.sampled_from(VALUES) | st.text(max_size=12)
command_lines = st.tuples(
    st.sampled_from([[], *([c] for c in COMMANDS)]), st.lists(words, max_size=8)
)


@given(command_lines.map(lambda parts: parts[0] + parts[1]))
def test_any_command_line_is_understood_or_refused_in_one_line(argv):
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            checked_command_line(argv)
        except SystemExit as exit_:
            status = exit_.code
        else:
            status = None
    if status is None:
        assert stderr.getvalue().count("\n") <= 1  # at most a note, e.g. a cut-off recording
        return
    assert status in (0, 2)
    said = stdout.getvalue() + stderr.getvalue()
    assert said.count("\n") == 1 and "Traceback" not in said
