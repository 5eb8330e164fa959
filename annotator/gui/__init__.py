"""The review window (PySide6). Reaches the database only through annotator.store; long work runs in workers."""
from .qtfix import guard_singletons

guard_singletons()  # before any widget exists: see qtfix for the PySide6 6.12 / Python 3.11 fault it covers
