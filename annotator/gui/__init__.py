"""The review window (PySide6). Reaches the database only through annotator.store; long work runs in workers."""
