"""The standard-library code each mode stands for: what a student would write, not cpuviz's
machinery (hosts, a Manager queue, a collector), so the room sees the few lines behind the
picture and can take them home.

The snippets for the Code page, the lines that differ between two of them, and the standalone
script that runs every mode this Python offers on the same work. The built-in kernels appear
as the app's own source, so what is shown is what runs. Plain text only: nothing here runs a
worker.
"""
