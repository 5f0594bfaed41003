"""Ignores SIGTERM and SIGINT, and starts a child that does too: only SIGKILL ends them."""

import os
import signal
import sys
import time

signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)
if os.fork() == 0:
    time.sleep(600)
    sys.exit(0)
print("ignoring SIGTERM", flush=True)
time.sleep(600)
