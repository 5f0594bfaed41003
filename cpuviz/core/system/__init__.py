"""Small operating-system helpers every room may use: files, orphans, priority, percentiles.

Each answers one question the rest should not have to think about: how a file is written
whole or fails in one line, how a child ends with its parent, how workers yield the CPU.
"""
