"""The Qt-free heart of cpuviz.

Worker processes import only this package, so it must never import PySide6 or pyqtgraph:
a worker that loads Qt starts slower, uses more memory and can misbehave without a display.
"""
