"""The command line, from the text the user typed to checked values and the window's options.

Parsing only reads text: a converter checks what was typed and says what is wrong in one line.
The files the command line names (the user's code, checked in a process of its own, and a
recording of up to 64 MB) are read after parsing, in one step of their own (`named_files`), so
that `--help` and a typo never start a process or read a file. Nothing here imports Qt:
`--help`, `bench` and the worker processes (which re-import the launching module under `spawn`)
never load it.
"""
