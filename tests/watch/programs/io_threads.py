"""Four threads that sleep on I/O (a pipe with a timeout) and a timer, nearly never on a CPU."""

import os
import select
import threading
import time

from work import say_tree_cpu, seconds_argument

run_s = seconds_argument(1.5)
reader, _writer = os.pipe()


def wait_for_io() -> None:
    deadline_s = time.monotonic() + run_s
    while time.monotonic() < deadline_s:
        select.select([reader], [], [], 0.05)  # nothing ever comes: asleep on I/O
        time.sleep(0.05)  # and on a timer


threads = [threading.Thread(target=wait_for_io) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("io done")
say_tree_cpu()
