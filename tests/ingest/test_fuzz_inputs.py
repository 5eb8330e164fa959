"""Generated malformed and unusual inputs (tests/ingest/fuzz_inputs.py) through `annotator import` and `extract`:
no traceback, the good file beside each bad one still stored, no text stored wrongly (mis-decoded) or without its
extraction, and every refused file named in a one-line message. Time is not asserted here: the sweep script
(tests/ingest/sweep_inputs.py) runs the full set with a time bound per case."""
import os

import pytest
from click.testing import CliRunner
from fuzz_inputs import ci_cases, classify, materialize

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
