"""Numbered, append-only schema migrations (sqlite-utils' Migrations).

Never edit a migration that has shipped: add the next number. docs/schema.md describes the tables.
"""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "annotator"
migrations = Migrations(MIGRATION_SET)

_REVIEW_COLUMNS = """
    origin TEXT NOT NULL DEFAULT 'rules',      -- rules | model | reviewer | import
    rule TEXT,                                 -- the rule or model that proposed it
    confidence REAL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    reject_reason TEXT,
    reviewer TEXT,
    reviewed_at TEXT,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1          -- bumped on every change; edits name the version they saw
"""


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,                 -- file stem or JSONL meta.id
            title TEXT NOT NULL,
            text TEXT NOT NULL,                -- NFC, LF: every offset points into this
            source TEXT NOT NULL,
            source_kind TEXT NOT NULL,
            content_hash TEXT NOT NULL UNIQUE,
            published TEXT,
            published_source TEXT,
            series TEXT,
            month_number INTEGER,
            period_start TEXT,
            period_end TEXT,
            words INTEGER NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}',
            imported_at TEXT NOT NULL,
            extracted_at TEXT,
            pipeline_version TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_documents_key ON documents(key)")
    db.execute("CREATE INDEX idx_documents_period ON documents(period_start, period_end)")
    db["documents"].enable_fts(["title", "text"], fts_version="FTS5", create_triggers=True)
    db.execute(
        f"""
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            evidence TEXT NOT NULL,
            date TEXT,
            date_precision TEXT,
            end_date TEXT,
            in_period INTEGER,
            location TEXT,
            location_name TEXT,
            admin1 TEXT,
            lat REAL,
            lon REAL,
            location_precision TEXT,
            actors TEXT NOT NULL DEFAULT '[]',
            actors_canonical TEXT NOT NULL DEFAULT '[]',
            targets TEXT NOT NULL DEFAULT '[]',
            killed INTEGER, killed_q TEXT,
            injured INTEGER, injured_q TEXT,
            arrested INTEGER, arrested_q TEXT,
            trucks INTEGER, trucks_q TEXT,
            direction TEXT,
            note TEXT,
            {_REVIEW_COLUMNS},
            CHECK (start >= 0 AND "end" >= start)
        )"""
    )
    db.execute("CREATE INDEX idx_events_document ON events(document_id, start)")
    db.execute("CREATE INDEX idx_events_status ON events(status)")
    db.execute("CREATE INDEX idx_events_date ON events(date)")
    db.execute(
        """
        CREATE TABLE event_arguments (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            role TEXT NOT NULL,                -- actor, target, location, date, killed, injured, arrested, trucks, trigger
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            value TEXT,                        -- canonical name, ISO date or number
            qualifier TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_arguments_event ON event_arguments(event_id)")
    db.execute(
        f"""
        CREATE TABLE facts (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,                -- trucks, batches, batch_dates, joint_operations, arrested, killed
            value TEXT NOT NULL,               -- JSON: an integer, or a list of ISO dates
            qualifier TEXT,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            evidence TEXT NOT NULL,
            {_REVIEW_COLUMNS}
        )"""
    )
    db.execute("CREATE INDEX idx_facts_document ON facts(document_id)")
    # Append-only: the triggers refuse updates and deletes, so the log is a faithful history.
    db.execute(
        """
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            object_type TEXT NOT NULL,         -- document, event, fact, model
            object_id INTEGER,
            document_id INTEGER,
            action TEXT NOT NULL,              -- import, extract, reextract, accept, reject, edit, add, delete, undo, redo, ...
            before TEXT,                       -- JSON snapshot before the change (NULL for creations)
            after TEXT                         -- JSON snapshot after the change (NULL for deletions)
        )"""
    )
    db.execute("CREATE INDEX idx_decisions_object ON decisions(object_type, object_id)")
    db.execute("CREATE INDEX idx_decisions_document ON decisions(document_id)")
    db.execute(
        "CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions "
        "BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions "
        "BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END"
    )
    db.execute(
        """
        CREATE TABLE models (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,                -- e.g. spancat
            path TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT,
            pipeline_version TEXT,
            trained_on TEXT NOT NULL DEFAULT '[]',   -- JSON list of document ids
            metrics TEXT NOT NULL DEFAULT '{}',
            active INTEGER NOT NULL DEFAULT 0
        )"""
    )


@migrations(name="0002_document_status_index")
def m0002_document_status_index(db: Database) -> None:
    # The document list counts pending/accepted/rejected per report on every refresh.
    db.execute("CREATE INDEX idx_events_document_status ON events(document_id, status)")


KNOWN = [m.name for m in migrations._migrations]
