"""import, list, show, stats and reextract through click's CliRunner, on temporary databases."""
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.paths import resources_dir

REPORT = """112th month of Coalition operations in Syria | Reinforcements continue

On the 3rd of January, a convoy of 35 trucks entered Syria via Semalka crossing from the Kurdistan Region of Iraq.
On January 9, SDF arrested four suspects in a raid backed by Coalition helicopters in Al-Busayrah.
"""


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "report.txt").write_text(REPORT, encoding="utf-8")
    return d


def test_import_then_list_show_stats(folder, db_path):
    result = run("import", folder, "--no-extract", "--db", db_path)
    assert result.exit_code == 0, result.output
    assert "1 imported, 0 already present, 0 failed" in result.output

    listed = json.loads(run("list", "--json", "--db", db_path).output)
    assert [(d["key"], d["period_start"], d["period_end"]) for d in listed] == [
        ("report", "2023-12-23", "2024-01-22")]
    assert "112th month of Coalition" in run("list", "--db", db_path).output

    shown = run("show", "report", "--json", "--text", "--db", db_path)
    data = json.loads(shown.output)
    assert data["text"] == REPORT and data["series"] and data["month_number"] == 112

    stats = json.loads(run("stats", "--json", "--db", db_path).output)
    assert stats["documents"] == 1 and stats["decisions"] == 1
    assert "reports" in run("stats", "--db", db_path).output


def test_importing_the_same_report_twice_keeps_one_and_says_so(folder, db_path):
    run("import", folder, "--no-extract", "--db", db_path)
    again = run("import", folder / "report.txt", "--no-extract", "--db", db_path)
    assert again.exit_code == 0
    assert "0 imported, 1 already present" in again.output
    assert "already present:" in again.output and "report.txt" in again.output


def test_list_search_is_full_text(folder, db_path):
    run("import", folder, "--no-extract", "--db", db_path)
    assert "report" in run("list", "--search", "Semalka convoy", "--db", db_path).output
    assert "no reports match" in run("list", "--search", "Palmyra", "--db", db_path).output


def test_bad_files_are_named_the_rest_goes_in_and_the_exit_code_says_so(folder, db_path):
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "lines.jsonl").write_text('{"text": "A protest in Qamishli on May 2.", "meta": {"id": "ok-1"}}\n'
                                        '{"text": broken\n{"meta": {"id": "no-text"}}\n', encoding="utf-8")
    result = run("import", folder, "--no-extract", "--db", db_path)
    assert result.exit_code == 1
    errors = [l for l in result.output.splitlines() if l.startswith("error:")]
    assert any("empty.txt" in e for e in errors)
    assert any("binary.txt" in e for e in errors)
    assert any("lines.jsonl:2" in e for e in errors) and any("lines.jsonl:3" in e for e in errors)
    assert "2 imported, 0 already present, 4 failed" in result.output
    keys = {d["key"] for d in json.loads(run("list", "--json", "--db", db_path).output)}
    assert keys == {"report", "ok-1"}


def test_a_missing_path_is_an_error_naming_it(db_path, tmp_path):
    result = run("import", tmp_path / "nowhere.txt", "--db", db_path)
    assert result.exit_code == 1 and "nowhere.txt" in result.output


def test_a_database_that_is_not_sqlite_gives_a_one_line_error(folder, tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"PK\x03\x04 a zip file, not a database" * 10)
    result = run("import", folder, "--db", bogus)
    assert result.exit_code == 1
    assert "bogus.db: not an SQLite database" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_database_from_a_newer_version_gives_a_one_line_error(folder, db_path):
    run("list", "--db", db_path)
    con = sqlite3.connect(db_path)
    con.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                "VALUES ('annotator', '0999_future', 'x')")
    con.commit()
    con.close()
    result = run("list", "--db", db_path)
    assert result.exit_code == 1 and "newer version of annotator" in result.output


def test_published_must_be_a_date(folder, db_path):
    result = run("import", folder, "--published", "last tuesday", "--db", db_path)
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_show_an_unknown_report(db_path):
    result = run("show", "nope", "--db", db_path)
    assert result.exit_code == 1 and "no document with id or key 'nope'" in result.output


def test_the_database_location_comes_from_the_environment(folder, tmp_path, monkeypatch):
    target = tmp_path / "from-env.db"
    monkeypatch.setenv("ANNOTATOR_DB", str(target))
    assert run("import", folder, "--no-extract").exit_code == 0
    assert target.exists()


def test_the_corpus_imports_with_the_periods_of_its_readme(corpus_dir, db_path):
    result = run("import", corpus_dir / "reports", "--no-extract", "--db", db_path)
    assert result.exit_code == 0, result.output
    manifest = json.loads((corpus_dir / "manifest.json").read_text())
    listed = {d["key"]: d for d in json.loads(run("list", "--json", "--db", db_path).output)}
    assert set(listed) == {m["id"] for m in manifest}
    for m in manifest:
        got = listed[m["id"]]
        assert (got["period_start"], got["period_end"]) == (m["period"]["start"], m["period"]["end"]), m["id"]


def test_the_demo_reports_import(db_path):
    result = run("import", resources_dir() / "demo" / "reports", "--no-extract", "--db", db_path)
    assert result.exit_code == 0, result.output
    docs = json.loads(run("list", "--json", "--db", db_path).output)
    assert len(docs) >= 3 and all(d["period_start"] for d in docs)
