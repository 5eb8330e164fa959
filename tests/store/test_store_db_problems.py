"""Every problem with the database file is a StoreError: one line that names the file and says what is wrong."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.store import Store, StoreError
from annotator.store.migrations import MIGRATION_SET


def _one_line(exc: pytest.ExceptionInfo, name: str) -> str:
    text = str(exc.value)
    assert "\n" not in text and name in text
    return text


def test_a_database_under_proc_is_refused(tmp_path):
    if not Path("/proc/self").is_dir():
        pytest.skip("no /proc on this system")
    with pytest.raises(StoreError) as exc:
        Store("/proc/annotator-test.db")
    assert "unable to open" in _one_line(exc, "/proc/annotator-test.db")


def test_a_database_under_a_file_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    with pytest.raises(StoreError) as exc:
        Store(tmp_path / "notes.txt" / "sub" / "x.db")
    assert "notes.txt is a file, not a folder" in _one_line(exc, "x.db")


def test_a_database_name_too_long_for_the_file_system_is_refused(tmp_path):
    with pytest.raises(StoreError) as exc:
        Store(tmp_path / ("r" * 300 + ".db"))
    assert "too long" in _one_line(exc, "rrrr")



@pytest.fixture
def reviewed(tmp_path) -> tuple[Path, int]:
    """A database with one report and one pending event."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "gui"))
    from gui_synthetic import build_synthetic_db

    path = tmp_path / "review.db"
    build_synthetic_db(path, documents=1)
    with Store(path) as store:
        ev_id = store.events(status="pending")[0].id
    return path, ev_id


def test_a_decision_on_a_read_only_database_is_a_store_error(reviewed):
    path, ev_id = reviewed
    store = Store(path)
    store.db.execute("PRAGMA query_only = ON")  # what a read-only file gives, also when the tests run as root
    with pytest.raises(StoreError) as exc:
        store.accept_event(ev_id, reviewer="me")
    assert "read-only" in _one_line(exc, "review.db")
    store.db.execute("PRAGMA query_only = OFF")
    assert store.event(ev_id).status == "pending"  # nothing half-written
    store.close()


def fill_up(store: Store) -> None:
    """Cap the file at its size and fill the free pages, as a full disk would."""
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")
    store.db.execute("PRAGMA synchronous = OFF")
    with pytest.raises(sqlite3.OperationalError, match="full"):
        for i in range(100_000):
            with store.db.conn:  # each row commits alone: a full disk may roll back the whole transaction
                store.db.execute("INSERT INTO decisions (at, reviewer, object_type, action) "
                                 "VALUES (?, 'f', 'x', 'x')", [str(i)])
    store.db.execute("PRAGMA synchronous = FULL")


def test_a_decision_on_a_full_disk_is_a_store_error_and_nothing_is_half_written(reviewed):
    path, ev_id = reviewed
    store = Store(path)
    fill_up(store)
    logged = store.db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0]
    with pytest.raises(StoreError) as exc:
        store.update_event(ev_id, {"note": "a long note " * 200}, reviewer="me")
    assert "disk is full" in _one_line(exc, "review.db")
    assert store.event(ev_id).note in (None, "")
    assert store.db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == logged
    store.close()


def test_another_programs_database_is_refused_untouched_unless_init(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as exc:
        Store(path)
    assert "not an annotator database" in _one_line(exc, "other.db") and "invoices" in str(exc.value)
    assert path.read_bytes() == before
    with Store(path, init=True) as store:
        assert "documents" in store.db.table_names() and "invoices" in store.db.table_names()


def test_an_empty_sqlite_file_becomes_an_annotator_database(tmp_path):
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()
    with Store(path) as store:
        assert "documents" in store.db.table_names()


def test_a_newer_database_in_rollback_journal_mode_is_refused_before_any_write(tmp_path):
    path = tmp_path / "future.db"
    Store(path).close()
    db = Database(sqlite3.connect(str(path)))
    db.execute("PRAGMA journal_mode=DELETE")
    db["_sqlite_migrations"].insert({"migration_set": MIGRATION_SET, "name": "9999_from_the_future",
                                     "applied_at": "2099-01-01"})
    db.conn.commit()
    db.conn.close()
    before = path.read_bytes()
    assert before[18:20] == b"\x01\x01"  # header: rollback journal (WAL would be 2, 2)
    with pytest.raises(StoreError, match="newer version"):
        Store(path)
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists()


def test_a_write_held_elsewhere_past_the_busy_timeout_is_said_in_words_not_locked(reviewed):
    path, ev_id = reviewed
    store = Store(path)
    store.db.execute("PRAGMA busy_timeout = 50")  # the real 10 s, shortened for the test
    importer = sqlite3.connect(path, isolation_level=None)
    importer.execute("BEGIN IMMEDIATE")  # another process in the middle of a long write
    try:
        with pytest.raises(StoreError) as exc:
            store.accept_event(ev_id, reviewer="me")
    finally:
        importer.execute("ROLLBACK")
        importer.close()
    text = _one_line(exc, "review.db")
    assert "another program is writing" in text and "locked" not in text
    assert store.accept_event(ev_id, reviewer="me").status == "accepted"  # once it is done, the decision goes in
    store.close()
