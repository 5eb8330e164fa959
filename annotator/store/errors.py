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
