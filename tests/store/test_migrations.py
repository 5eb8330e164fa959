import sqlite3

import pytest
from sqlite_utils import Database

from annotator.store import Store, StoreError, open_database, schema_version
from annotator.store.migrations import KNOWN, MIGRATION_SET, migrations

EXPECTED_TABLES = {"documents", "events", "event_arguments", "facts", "decisions", "models"}


def test_migrations_create_every_table_on_an_empty_file(db_path):
    db = open_database(db_path)
    assert EXPECTED_TABLES <= set(db.table_names())
    assert "documents_fts" in db.table_names()
    assert schema_version(db) == KNOWN[-1]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_a_migrated_database_applies_nothing_twice(db_path):
    open_database(db_path).conn.close()
    db = open_database(db_path)
    names = [m.name for m in migrations.applied(db)]
    assert names == KNOWN  # each migration recorded exactly once


def test_migrating_a_database_left_by_the_previous_migration(db_path):
    """A file stopped before the last migration is brought up to date without losing its rows."""
    db = Database(sqlite3.connect(str(db_path)))
    migrations.apply(db, stop_before=KNOWN[-1])
    db.execute("INSERT INTO documents (key, title, text, source, source_kind, content_hash, words, imported_at) "
               "VALUES ('k', 'An old report', 'Some text.', 'old.txt', 'txt', 'h', 2, '2024-01-01')")
    db.conn.commit()
    assert [m.name for m in migrations.applied(db)] == KNOWN[:-1]
    db.conn.close()
    store = Store(db_path)
    assert [m.name for m in migrations.applied(store.db)] == KNOWN
    assert [d.title for d in store.documents()] == ["An old report"]
    indexes = {r[1] for r in store.db.execute("PRAGMA index_list(events)").fetchall()}
    assert "idx_events_document_status_date" in indexes
    store.close()


def test_the_counts_migration_backfills_every_report_from_its_events(db_path):
    """Reports stored before document_counts existed get their counts from their events, and a report without
    events gets a row of zeros (the list's status filter reads every report's row)."""
    db = Database(sqlite3.connect(str(db_path)))
    migrations.apply(db, stop_before="0006_document_counts")
    for key in ("a", "b"):
        db.execute("INSERT INTO documents (key, title, text, source, source_kind, content_hash, words, imported_at) "
                   "VALUES (?, ?, 'Some text here.', 'old.txt', 'txt', ?, 3, '2024-01-01')", [key, key.upper(), key])
    for status in ("pending", "pending", "accepted", "rejected", "accepted", "pending"):
        db.execute("INSERT INTO events (document_id, type, start, \"end\", evidence, status, created_at) "
                   "VALUES (1, 'convoy', 0, 4, 'Some', ?, '2024-01-01')", [status])
    db.conn.commit()
    db.conn.close()
    store = Store(db_path)
    assert store.document_counts() == {1: {"pending": 3, "accepted": 2, "rejected": 1},
                                       2: {"pending": 0, "accepted": 0, "rejected": 0}}
    assert store.count_totals() == {"pending": 3, "accepted": 2, "rejected": 1}
    assert [d.key for d in store.documents(status="done")] == ["b"]
    store.close()


def test_a_database_from_a_newer_version_is_refused_with_its_name(db_path):
    Store(db_path).close()
    db = Database(sqlite3.connect(str(db_path)))
    db["_sqlite_migrations"].insert({"migration_set": MIGRATION_SET, "name": "9999_from_the_future",
                                     "applied_at": "2099-01-01"})
    db.conn.commit()
    db.conn.close()
    with pytest.raises(StoreError, match=r"test\.db.*newer version"):
        Store(db_path)


def test_a_file_that_is_not_sqlite_is_refused_with_its_name(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 10)
    with pytest.raises(StoreError, match=r"notes\.db: not an SQLite database"):
        Store(bogus)
    assert bogus.read_text().startswith("these are my notes")  # untouched


def test_the_decision_log_refuses_updates_and_deletes(store):
    store._log("me", "document", 1, 1, "import", None, {"x": 1})
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("UPDATE decisions SET action = 'forged'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("DELETE FROM decisions")


def test_the_counts_migration_run_again_leaves_the_counts_right(db_path):
    """0006 may run again on a file that lost its record of it (the lead renumbers migrations on merge)."""
    store = Store(db_path)
    for key in ("a", "b"):
        store.db.execute("INSERT INTO documents (key, title, text, source, source_kind, content_hash, words, "
                         "imported_at) VALUES (?, ?, 'Some text here.', 'x.txt', 'txt', ?, 3, '2024-01-01')",
                         [key, key.upper(), key])
    store.db.execute("INSERT INTO events (document_id, type, start, \"end\", evidence, status, created_at) "
                     "VALUES (2, 'convoy', 0, 4, 'Some', 'rejected', '2024-01-01')")
    store.db.conn.commit()
    before = (store.document_counts(), store.count_totals(), store.count_documents(status="done"))
    store.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0006_document_counts'")
    store.db.conn.commit()
    store.close()
    again = Store(db_path)
    assert (again.document_counts(), again.count_totals(), again.count_documents(status="done")) == before
    assert before[1] == {"pending": 0, "accepted": 0, "rejected": 1} and before[2] == 2
    again.close()
