"""The commands' side of a run without a window: `cpuviz bench` and its run-to-completion loop.

The top floor of core: it starts a pool, runs plans to the end and writes the verdict, using
every room below it and nothing of Qt.
"""
