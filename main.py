"""Double-click / `python main.py` launcher. Kept thin: spawned workers re-import this file."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from cpuviz.cli.main import main

    sys.exit(main())
