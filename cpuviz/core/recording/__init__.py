"""Recordings: a run's samples and messages as JSON lines, written as they happen, played back.

A recording made on a 128-core server replays on a laptop as it ran. The format is versioned,
every line is checked against plausible limits when read, and a line torn by a crash is
dropped rather than failing the whole file.
"""
