"""Errors the store raises; each message names the file or object and the problem."""


class StoreError(Exception):
    """The database cannot be opened or used (not SQLite, newer schema, unwritable)."""


class NotFound(StoreError):
    """The document, event or fact does not exist (or no longer exists)."""


class ConflictError(StoreError):
    """Someone else changed the object since the caller read it; reload and retry."""

    def __init__(self, object_type: str, object_id: int, expected: int, actual: int | None):
        self.object_type, self.object_id, self.expected, self.actual = object_type, object_id, expected, actual
        now = "deleted" if actual is None else f"at version {actual}"
        super().__init__(
            f"{object_type} {object_id} was changed elsewhere (you saw version {expected}, it is now {now}); "
            "reloaded, please check and try again"
        )


# SQLite's result codes for the problems a user can act on, in words that say what to do.
_PROBLEMS = {
    "SQLITE_FULL": "the disk is full (free some space and try again)",
    "SQLITE_READONLY": "the database is read-only (check the file's permissions)",
    "SQLITE_BUSY": "another program is writing to it; try again in a moment",
    "SQLITE_LOCKED": "another program is writing to it; try again in a moment",
    "SQLITE_IOERR": "the disk could not be read or written",
    "SQLITE_CANTOPEN": "unable to open the file (check the folder exists and may be written)",
    "SQLITE_CORRUPT": "the file is damaged",
    "SQLITE_NOTADB": "not an SQLite database",
    "SQLITE_PERM": "permission denied",
}


def sqlite_problem(exc: Exception) -> str:
    """One line for an sqlite3 error: the problem by its result code, else SQLite's own words."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    for code, words in _PROBLEMS.items():
        if name == code or name.startswith(code + "_"):
            return words
    return " ".join(str(exc).split()) or type(exc).__name__
