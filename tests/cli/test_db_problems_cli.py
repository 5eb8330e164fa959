"""`--db` problems through the CLI: one line naming the file, exit 1, no traceback."""
from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.store import store as store_module

REPORT = ("Seventieth month of fictional operations\n\n"
          "On 4 June, a convoy of 12 trucks crossed the river at the southern ford, heading to a depot.\n")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_one_line_error(result, name: str, words: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and name in lines[0] and words in lines[0], lines


@pytest.mark.parametrize("where, words", [
    ("under_a_file", "is a file, not a folder"),
    ("long_name", "too long"),
])
def test_a_db_path_that_cannot_be_a_database(tmp_path, where, words):
    (tmp_path / "plain.txt").write_text("x")
    db = tmp_path / "plain.txt" / "x.db" if where == "under_a_file" else tmp_path / ("n" * 300 + ".db")
    assert_one_line_error(run("list", "--db", db), db.name[:20], words)


def test_another_programs_database_needs_init(tmp_path):
    db = tmp_path / "accounts.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    assert_one_line_error(run("list", "--db", db), "accounts.db", "--init")
    result = run("list", "--db", db, "--init")
    assert result.exit_code == 0, result.output
    assert run("list", "--db", db).exit_code == 0  # an annotator database from now on


def test_a_full_disk_while_writing_is_one_line(tmp_path, monkeypatch):
    db = tmp_path / "full.db"
    report = tmp_path / "june.txt"
    report.write_text(REPORT)
    assert run("list", "--db", db).exit_code == 0
    conn = sqlite3.connect(db, isolation_level=None)  # fill the pages the file has: the next write needs one more
    conn.execute("PRAGMA synchronous = OFF")  # each row commits alone (a full disk rolls back the transaction)
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    with pytest.raises(sqlite3.OperationalError, match="full"):
        for i in range(100_000):
            conn.execute("INSERT INTO decisions (at, reviewer, object_type, action) VALUES (?, 'f', 'x', 'x')", [i])
    conn.close()
    opened = store_module.open_database

    def open_full(path, **kw):
        database = opened(path, **kw)
        pages = database.execute("PRAGMA page_count").fetchone()[0]
        database.execute(f"PRAGMA max_page_count = {pages}")  # the disk has no room for one more page
        return database

    monkeypatch.setattr(store_module, "open_database", open_full)
    result = run("import", report, "--db", db)
    assert "Traceback" not in result.output
    failure = [line for line in result.output.splitlines() if "disk is full" in line]
    assert failure and "full.db" in failure[0], result.output
    monkeypatch.setattr(store_module, "open_database", opened)
    assert "no reports" in run("list", "--db", db).output
