"""Generated malformed and unusual inputs (tests/ingest/fuzz_inputs.py) through `annotator import` and `extract`:
no traceback, the good file beside each bad one still stored, no text stored wrongly (mis-decoded) or without its
extraction, and every refused file named in a one-line message. Time is not asserted here: the sweep script
(tests/ingest/sweep_inputs.py) runs the full set with a time bound per case."""
import os

import pytest
from click.testing import CliRunner
from fuzz_inputs import GOOD, ci_cases, classify, db_cases, make_db, materialize

from annotator.cli import main

CASES = ci_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_generated_input(case, tmp_path):
    if case.name == "path-unreadable-folder" and os.geteuid() == 0:
        pytest.skip("root can enter any folder")
    folder, argv = materialize(case, tmp_path)
    db = tmp_path / "fuzz.db"
    args = [case.command, *argv] + (["--db", str(db)] if case.command == "import" else [])
    result = CliRunner().invoke(main, args)
    exception = None if result.exception is None or isinstance(result.exception, SystemExit) else repr(result.exception)
    problems = classify(case, folder, db, result.exit_code, result.stdout, result.stderr, exception)
    assert problems == [], (problems, exception, result.stderr[-800:])
    for line in result.stderr.splitlines():
        if line.startswith("error:"):
            assert str(tmp_path) in line or '""' in line, line  # every message names its file


DB_CASES = db_cases()


@pytest.mark.parametrize("case", DB_CASES, ids=[c.name for c in DB_CASES])
def test_generated_database_problem(case, tmp_path):
    """Refused with exit 1 and one line naming the file; a file that existed is left byte for byte."""
    if case.kind == "proc" and not os.path.isdir("/proc/self"):
        pytest.skip("no /proc on this system")
    db, before = make_db(case, tmp_path)
    report = tmp_path / "good.txt"
    report.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(report), "--db", str(db)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == case.exit_code, result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip() and ln.startswith("Error")]
    assert len(lines) == 1 and db.name[:40] in lines[0], result.output
    if case.exit_code == 1:
        assert result.output.strip() == lines[0]  # that line is all
    assert case.words in lines[0]
    if before is not None:
        assert db.read_bytes() == before
        assert not os.path.exists(str(db) + "-wal")
