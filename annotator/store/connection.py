"""Opening a database file: pragmas, checks, migrations."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from .errors import StoreError, sqlite_problem
from .migrations import KNOWN, MIGRATION_SET, migrations

SQLITE_MAGIC = b"SQLite format 3\x00"


def open_database(path: str | Path, *, migrate: bool = True, init: bool = False, wal: bool = True) -> Database:
    """Open (creating if needed) and migrate; every problem is a StoreError naming the file.

    A file this version must refuse (newer schema, another program's tables) is checked before anything
    writes to it: switching to WAL rewrites the header, so the refusal comes first and the file stays
    byte-for-byte as it was. `init` allows adding annotator's tables to another program's database.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a database file")
        if path.exists() and path.stat().st_size > 0:
            with path.open("rb") as fh:
                if fh.read(16) != SQLITE_MAGIC:
                    raise StoreError(f"{path}: not an SQLite database")
        else:
            blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
            if blocking is not None:
                raise StoreError(f"{path}: cannot create database: {blocking} is a file, not a folder")
            path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a name too long, a parent that is a file, a folder we may not enter
        raise StoreError(f"{path}: cannot open database: {exc.strerror or exc}") from exc
    conn = None
    try:
        # check_same_thread=False: one Store may be handed to a worker thread; callers never share it concurrently.
        conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
        db = Database(conn)
        db.execute("PRAGMA busy_timeout=10000")
        _refuse_newer(db, path)
        if not init:
            _refuse_foreign(db, path)
        if wal:  # wal=False: a merge's one large transaction keeps the file's rollback journal (team/merge.py)
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        # FULL: a decision the window showed as saved survives a power cut too, not only a killed process.
        db.execute("PRAGMA synchronous=FULL")
        if migrate:
            migrations.apply(db)
    except StoreError:
        if conn is not None:
            conn.close()
        raise
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise StoreError(f"{path}: cannot open database: {sqlite_problem(exc)}") from exc
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


def _refuse_foreign(db: Database, path: Path) -> None:
    """Another program's database would silently gain annotator's tables: refuse unless it is empty."""
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    if not tables or migrations.applied(db):
        return
    shown = ", ".join(tables[:3]) + (", ..." if len(tables) > 3 else "")
    raise StoreError(
        f"{path}: not an annotator database (it holds other tables: {shown}); "
        f"choose a new file name, or give --init to add annotator's tables to it"
    )


def schema_version(db: Database) -> str | None:
    applied = [m.name for m in migrations.applied(db)]
    return applied[-1] if applied else None


__all__ = ["open_database", "schema_version", "MIGRATION_SET"]
