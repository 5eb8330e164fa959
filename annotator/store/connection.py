"""Opening a database file: pragmas, checks, migrations."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from .errors import StoreError
from .migrations import KNOWN, MIGRATION_SET, migrations

SQLITE_MAGIC = b"SQLite format 3\x00"


def open_database(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) and migrate; every problem is a StoreError naming the file."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                raise StoreError(f"{path}: not an SQLite database")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # check_same_thread=False: one Store may be handed to a worker thread; callers never share it concurrently.
        conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
        db = Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        # FULL: a decision the window showed as saved survives a power cut too, not only a killed process.
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA busy_timeout=10000")
        _refuse_newer(db, path)
        if migrate:
            migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open database: {exc}") from exc
    return db


def _refuse_newer(db: Database, path: Path) -> None:
    """A file migrated by a newer annotator has migrations this one does not know: refuse rather than damage it."""
    applied = [m.name for m in migrations.applied(db)]
    unknown = [name for name in applied if name not in KNOWN]
    if unknown:
        raise StoreError(
            f"{path}: written by a newer version of annotator (schema {unknown[-1]}); "
            f"this version knows up to {KNOWN[-1]}. Upgrade annotator to open it."
        )


def schema_version(db: Database) -> str | None:
    applied = [m.name for m in migrations.applied(db)]
    return applied[-1] if applied else None


__all__ = ["open_database", "schema_version", "MIGRATION_SET"]
