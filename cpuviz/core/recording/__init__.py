"""Recordings: a run's samples and messages as JSON lines, written as they happen, played back.

A recording made on a 128-core server replays on a laptop as it ran. The format is versioned,
every line is checked against plausible limits when read, and a line torn by a crash is
dropped rather than failing the whole file. One idea a module:

    format   the name, version and kinds of line; Header, Entry, Recording
    codec    the recorded values <-> JSON, every field's type checked
    limits   the table of what no run can produce, so a replay never has to draw it
    reader   load_recording: a whole file checked, its torn last line forgiven
    writer   RecordingWriter: one line an entry, as it happens
    replay   one playback clock for the samples and the events
"""
