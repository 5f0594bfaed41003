"""`python -m cpuviz`."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from cpuviz.cli.main import main

    sys.exit(main())
