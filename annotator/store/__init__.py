"""SQLite storage through sqlite-utils. Qt-free; the GUI and the CLI reach the database only through Store."""
from .connection import open_database, schema_version
from .errors import ConflictError, NotFound, StoreError
from .rows import StoredDocument
from .store import Store

__all__ = ["Store", "StoredDocument", "StoreError", "NotFound", "ConflictError", "open_database", "schema_version"]
