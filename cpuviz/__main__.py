"""`python -m cpuviz`."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from cpuviz.app import main

    sys.exit(main())
