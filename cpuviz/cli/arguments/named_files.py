"""The files a command line names, read once it has parsed: the command line's only I/O.

The user's code is imported in a short-lived process of its own to check that it can run, and a
recording (up to 64 MB) is read whole. Doing either inside an argparse converter would start a
process or read the file before the rest of the line was even checked, and for `--help`.
A file that will not do is refused as a bad argument always was: one line naming the flag,
exit status 2.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

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
    replay_path = getattr(args, "replay", None)  # bench plays no recording
    if replay_path is not None:
        try:
            replay = load_recording(replay_path)
        except RecordingError as error:
            parser.error(f"argument --replay: {error}")
        if note := replay.cut_off_note():
            print(f"cpuviz: {note}", file=sys.stderr)
    return NamedFiles(code, replay)
