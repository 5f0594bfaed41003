"""The commands: argument parsing, the window, bench, snapshot, record and the desktop menu
entry, with their exit codes. The only place that knows about argv."""
