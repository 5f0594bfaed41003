"""Parsing reads no file and starts no process; the files a command line names are read after,
and a bad one is still one line naming its flag, exit status 2."""

import pytest

from cpuviz.cli.arguments.command_line import Command, parse_command_line
from cpuviz.cli.arguments.named_files import load_named_files


def test_parsing_reads_none_of_the_files_it_names(tmp_path):
    missing = tmp_path / "missing"
    command_line = parse_command_line(
        ["--replay", str(missing / "demo.jsonl"), "--work", f"{missing / 'mine.py'}:f"]
    )
    assert command_line.command is Command.WINDOW
    assert command_line.args.work == f"{missing / 'mine.py'}:f"  # as typed: checked later
    assert command_line.args.replay == missing / "demo.jsonl"


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["--replay", "{missing}/demo.jsonl"], "argument --replay: cannot read "),
        (["bench", "--work", "{missing}/mine.py:f"], "argument --work: no such file: "),
        (["snapshot", "out.png", "--work", "mine"], "argument --work: needs FILE.py:FUNCTION"),
        (["record", "a\x00.jsonl"], "a file name cannot hold a NUL character"),
    ],
)
def test_a_named_file_that_will_not_do_exits_2_with_one_line(argv, complaint, tmp_path, capsys):
    command_line = parse_command_line([word.format(missing=tmp_path) for word in argv])
    with pytest.raises(SystemExit) as exit_info:
        load_named_files(command_line)
    assert exit_info.value.code == 2
    stderr = capsys.readouterr().err
    assert stderr.count("\n") == 1 and complaint in stderr


def test_the_users_function_is_checked_once_parsing_is_done(tmp_path):
    (tmp_path / "mine.py").write_text("async def f(chunk):\n    return chunk\n")
    files = load_named_files(parse_command_line(["bench", "--work", f"{tmp_path}/mine.py:f"]))
    assert files.code is not None and files.code.is_async
    assert files.replay is None
