"""Starts 64 processes at once, each spinning a little, and waits for them all."""

import os

from work import say_tree_cpu, seconds_argument, spin

each_s = seconds_argument(0.02)
children = []
for _ in range(64):
    pid = os.fork()
    if pid == 0:
        spin(each_s)
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
print("64 done")
say_tree_cpu()
