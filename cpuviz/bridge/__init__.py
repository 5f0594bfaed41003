"""The Qt objects that own the worker pool or a playback, and turn worker messages and CPU
samples into signals. The only code that touches both multiprocessing and Qt."""
