"""The files a command line names, read once it has parsed: the command line's only I/O.

The user's code is imported in a short-lived process of its own to check that it can run, and a
recording (up to 64 MB) is read whole. Doing either inside an argparse converter would start a
process or read the file before the rest of the line was even checked, and for `--help`.
A file that will not do is refused as a bad argument always was: one line naming the flag,
exit status 2; so is an output that is a named pipe, whose opening would wait for a reader.
"""

from __future__ import annotations

import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from cpuviz.cli.arguments.command_line import CommandLine
from cpuviz.core.recording.format import Recording
from cpuviz.core.recording.reader import RecordingError, load_recording
from cpuviz.core.work.code_check import CheckedCode, check
from cpuviz.core.work.user_code import UserCodeError, parse_work


@dataclass(frozen=True, slots=True)
class NamedFiles:
    """The user's function (--work), checked; the recording to play (--replay), read."""

    code: CheckedCode | None = None
    replay: Recording | None = None


def load_named_files(command_line: CommandLine) -> NamedFiles:
    """Check --work's function and read --replay's recording; exit 2 in one line if either
    will not do. A recording cut short is played as far as it goes, and said so."""
    parser, args = command_line.parser, command_line.args
    code = replay = None
    if args.work is not None:
        try:
            code = check(parse_work(args.work))
        except UserCodeError as error:
            parser.error(f"argument --work: {error}")
    out = getattr(args, "out", None)  # what snapshot, record and script write
    if out is not None and "\0" in out:  # no system call takes it: os.stat raises ValueError
        parser.error(f"cannot write {out!r}: a file name cannot hold a NUL character")
    if out is not None and _waits_for_a_reader(Path(out)):
        parser.error(f"cannot write {out}: a named pipe or a socket, not a file")
    replay_path = getattr(args, "replay", None)  # bench plays no recording
    if replay_path is not None:
        try:
            replay = load_recording(replay_path)
        except RecordingError as error:
            parser.error(f"argument --replay: {error}")
        if note := replay.cut_off_note():
            print(f"cpuviz: {note}", file=sys.stderr)
    return NamedFiles(code, replay)


def _waits_for_a_reader(path: Path) -> bool:
    """Would opening `path` to write wait for a reader, maybe forever (a named pipe), or fail
    after all the work (a socket)? A device such as /dev/null or a terminal is written in place
    (see core/system/files), and a path that does not exist yet is made a file."""
    try:
        mode = path.stat().st_mode
    except OSError:  # missing, or in a folder we cannot read: the writer says why, in one line
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)
