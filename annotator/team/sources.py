"""Opening a reviewer's database for a merge: checked, and migrated on a copy when its schema is older."""
from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..store import StoreError
from ..store.connection import SQLITE_MAGIC
from ..store.migrations import KNOWN

# Decision-log actions that are a person's review work (not an import, an extraction or a merge).
REVIEW_ACTIONS = ("accept", "reject", "edit", "add", "span", "delete", "adjudicate")
_REQUIRED_TABLES = {"documents", "events", "decisions", "_sqlite_migrations"}


class MergeError(ValueError):
    """Bad input for a merge: the message names the file."""


@dataclass
class Source:
    path: Path  # as given
    conn: sqlite3.Connection  # read-only view of the (possibly migrated copy of the) file
    reviewer: str
    fingerprint: str
    migrated_from: str | None  # the schema it had, when a copy was migrated
    _tmp: tempfile.TemporaryDirectory | None = None

    def close(self) -> None:
        self.conn.close()
        if self._tmp is not None:
            self._tmp.cleanup()


def open_source(path: str | Path) -> Source:
    path = Path(path)
    if path.suffix.lower() == ".jsonl" and path.is_file():
        from .jsonl_source import FINGERPRINT, jsonl_to_database

        db, tmp, reviewer = jsonl_to_database(path)
        conn = sqlite3.connect(db)
        return Source(path, conn, reviewer, f"{FINGERPRINT}|{reviewer}", None, tmp)
    if not path.is_file():
        raise MergeError(f"{path}: no such database file")
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise MergeError(f"{path}: not an SQLite database")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        applied = check_annotator(conn, path)
        if "team_sources" in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")} and \
                conn.execute("SELECT COUNT(*) FROM team_sources").fetchone()[0]:
            raise MergeError(f"{path}: a team file already; merge the reviewers' own files into it instead")
    except MergeError:
        conn.close()
        raise
    tmp, migrated_from = None, None
    if applied != KNOWN:
        # An older file: migrate a copy, never the reviewer's own file.
        migrated_from = applied[-1] if applied else "none"
        tmp = tempfile.TemporaryDirectory(prefix="annotator-merge-")
        copy = Path(tmp.name) / path.name
        dest = sqlite3.connect(copy)
        conn.backup(dest)
        dest.close()
        conn.close()
        from ..store import open_database

        try:
            open_database(copy).conn.close()
        except StoreError as exc:
            tmp.cleanup()
            raise MergeError(f"{path}: cannot migrate a copy: {exc}") from exc
        conn = sqlite3.connect(copy)
    try:
        reviewer = _reviewer(conn, path)
    except MergeError:
        conn.close()
        if tmp is not None:
            tmp.cleanup()
        raise
    first = conn.execute("SELECT at, reviewer FROM decisions ORDER BY id LIMIT 1").fetchone()
    fingerprint = f"{first[0]}|{first[1]}" if first else f"empty|{reviewer}"
    return Source(path, conn, reviewer, fingerprint, migrated_from, tmp)


def check_annotator(conn: sqlite3.Connection, path: Path) -> list[str]:
    """The migrations applied to an annotator database; MergeError for anything else or a newer schema."""
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not _REQUIRED_TABLES <= tables:
            raise MergeError(f"{path}: not an annotator database (no documents, events and decision log)")
        applied = [r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'annotator' ORDER BY id")]
    except sqlite3.DatabaseError as exc:
        raise MergeError(f"{path}: cannot read: {exc}") from exc
    unknown = [a for a in applied if a not in KNOWN]
    if unknown:
        raise MergeError(f"{path}: written by a newer annotator (schema {unknown[-1]}); upgrade before merging")
    return applied


def check_team_file(path: Path) -> None:
    """The output of a merge: new, empty, or a team file made by an earlier merge (never a reviewer's own)."""
    if not path.stat().st_size:
        return
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise MergeError(f"{path}: not an SQLite database")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return
        check_annotator(conn, path)
        merged = "team_sources" in tables and conn.execute("SELECT COUNT(*) FROM team_sources").fetchone()[0]
        if not merged and conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]:
            raise MergeError(f"{path}: a reviewer's own database, not a team file; merge into a new file")
    except sqlite3.DatabaseError as exc:
        raise MergeError(f"{path}: cannot read: {exc}") from exc
    finally:
        conn.close()


def _reviewer(conn: sqlite3.Connection, path: Path) -> str:
    """The one person whose review work the file holds (an untouched file: whoever imported the reports)."""
    marks = ",".join("?" * len(REVIEW_ACTIONS))
    names = [r[0] for r in conn.execute(
        f"SELECT DISTINCT reviewer FROM decisions WHERE action IN ({marks}) AND object_type IN ('event', 'fact') "
        "ORDER BY reviewer", REVIEW_ACTIONS)]
    if not names:
        names = [r[0] for r in conn.execute("SELECT DISTINCT reviewer FROM decisions ORDER BY reviewer")]
    if not names:
        raise MergeError(f"{path}: holds no decisions, so whose review it is cannot be told")
    if len(names) > 1:
        raise MergeError(f"{path}: holds the work of several reviewers ({', '.join(names)}); "
                         "merge each reviewer's own file")
    return names[0]
