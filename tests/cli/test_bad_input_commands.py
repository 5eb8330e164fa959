"""import / extract / reextract on bad input: a failure in one file never stops the others, and every problem is
one line naming the file. The failing component here is registered by the test itself (not a real bug)."""
import json
import sqlite3

import pytest
from click.testing import CliRunner
from spacy.language import Language

from annotator.cli import main
from annotator.nlp import service

GOOD = ("Sixtieth month of fictional operations\n\n"
        "On 3 May, a convoy of 25 trucks entered the province through the northern crossing, heading to a base.\n")
BOOM = GOOD.replace("Sixtieth", "Sixty-first") + "\nThe word BOOM makes the test component raise.\n"


@Language.component("test_raises_on_boom")
def _raises_on_boom(doc):
    if "BOOM" in doc.text:
        raise ValueError("test component failed on purpose")
    return doc


@pytest.fixture(scope="module")
def failing_extractor():
    from annotator.nlp.pipeline import build_pipeline

    nlp = build_pipeline()
    nlp.add_pipe("test_raises_on_boom", first=True)
    return service.Extractor(nlp)


@pytest.fixture
def with_failing_component(monkeypatch, failing_extractor):
    monkeypatch.setattr(service, "_shared", failing_extractor)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _folder(tmp_path, files: dict[str, bytes]):
    d = tmp_path / "in"
    d.mkdir()
    for name, data in files.items():
        (d / name).write_bytes(data)
    return d


def test_a_component_raising_on_one_file_fails_that_file_only(tmp_path, with_failing_component):
    files = {"a-good.txt": GOOD.encode(), "b-boom.txt": BOOM.encode(),
             "c-good.txt": GOOD.replace("25", "26").encode()}
    db = tmp_path / "t.db"
    result = run("import", _folder(tmp_path, files), "--db", db, "-q", "--published", "2024-06-01")
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "b-boom.txt" in errors[0]
    assert "extraction failed: ValueError: test component failed on purpose" in errors[0]
    assert "2 imported, 0 already present, 1 failed" in result.stdout
    con = sqlite3.connect(db)
    keys = sorted(k for (k,) in con.execute("SELECT key FROM documents"))
    assert keys == ["a-good", "c-good"]  # nothing of the failing file was written
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    assert con.execute("SELECT count(*) FROM documents WHERE pipeline_version IS NULL").fetchone()[0] == 0
    con.close()


def test_extract_goes_on_past_a_failing_file(tmp_path, with_failing_component):
    folder = _folder(tmp_path, {"a.txt": GOOD.encode(), "b.txt": BOOM.encode()})
    result = run("extract", folder)
    assert result.exit_code == 1
    assert [d["id"] for d in json.loads(result.stdout)["documents"]] == ["a"]
    assert [ln for ln in result.stderr.splitlines() if "b.txt" in ln][0].startswith("error: ")


def test_reextract_reports_a_failing_report_and_goes_on(tmp_path, monkeypatch, failing_extractor):
    db = tmp_path / "t.db"
    folder = _folder(tmp_path, {"a.txt": GOOD.encode(), "b.txt": BOOM.encode()})
    assert run("import", folder, "--db", db, "--no-extract").exit_code == 0
    monkeypatch.setattr(service, "_shared", failing_extractor)
    result = run("reextract", "--db", db)
    assert result.exit_code == 1
    assert "1 reports re-extracted" in result.stdout and "1 failed" in result.stdout
    assert any(ln.startswith("error: b: not re-extracted") for ln in result.stderr.splitlines())


def test_encoding_option_reads_what_detection_refuses(tmp_path, db_path):
    text = GOOD.replace("province", "caf\u00e9\u2019s province \u201cnorth\u201d")
    folder = _folder(tmp_path, {"mac.txt": text.encode("mac-roman")})
    refused = run("import", folder, "--db", db_path)
    assert refused.exit_code == 1
    line = [ln for ln in refused.stderr.splitlines() if ln.startswith("error:")][0]
    assert "mac.txt" in line and "--encoding" in line
    stored = run("import", folder, "--db", db_path, "--encoding", "mac-roman")
    assert stored.exit_code == 0, stored.output
    shown = json.loads(run("show", "mac", "--text", "--json", "--db", db_path).stdout)
    assert shown["text"] == text and json.loads(json.dumps(shown["meta"]))["encoding"] == "mac-roman"


def test_extract_takes_encoding_too(tmp_path):
    folder = _folder(tmp_path, {"r.txt": GOOD.replace("province", "caf\u00e9").encode("mac-roman")})
    assert run("extract", folder, "--encoding", "mac-roman").exit_code == 0
    wrong = run("extract", folder, "--encoding", "ascii")
    assert wrong.exit_code == 1 and "r.txt: not valid ascii" in wrong.stderr


@pytest.mark.parametrize("args, option", [
    (["import", "--encoding", "klingon"], "--encoding"),
    (["extract", "--encoding", "klingon"], "--encoding"),
    (["extract", "--published", "not-a-date"], "--published"),
])
def test_bad_option_values_are_usage_errors(tmp_path, db_path, args, option):
    folder = _folder(tmp_path, {"r.txt": GOOD.encode()})
    result = CliRunner().invoke(main, [*args, str(folder)] + (["--db", str(db_path)] if args[0] == "import" else []))
    assert result.exit_code == 2 and option in result.stderr and "Traceback" not in result.output


def test_stray_cp1252_bytes_in_utf8_are_repaired_with_a_warning(tmp_path, db_path):
    data = GOOD.replace("province", "caf\u00e9 province").encode("utf-8").replace(b"trucks", b"trucks \x92")
    result = run("import", _folder(tmp_path, {"s.txt": data}), "--db", db_path)
    assert result.exit_code == 0, result.output
    warning = [ln for ln in result.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warning) == 1 and "s.txt" in warning[0] and "read as cp1252" in warning[0]
    assert "trucks \u2019" in json.loads(run("show", "s", "--text", "--json", "--db", db_path).stdout)["text"]


def test_empty_path_argument_is_refused_not_the_current_folder(tmp_path, db_path, monkeypatch):
    (tmp_path / "here.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", "", "--db", db_path)
    assert result.exit_code == 1 and "empty path" in result.stderr
    assert "0 imported" in result.stdout


def test_symlink_loops_and_undecodable_file_names(tmp_path, db_path):
    folder = _folder(tmp_path, {"good.txt": GOOD.encode()})
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")
    name = b"caf\xe9.txt".decode("utf-8", "surrogateescape")
    (folder / name).write_bytes(GOOD.replace("25", "27").encode())
    result = run("import", folder, "--db", db_path)
    assert "Traceback" not in result.output
    assert "2 imported" in result.stdout
    loop = [ln for ln in result.stderr.splitlines() if "loop.txt" in ln]
    assert len(loop) == 1 and loop[0].startswith("error:")
    sources = [d["source"] for d in json.loads(run("list", "--json", "--db", db_path).stdout)]
    assert any(s.endswith("caf\\xe9.txt") for s in sources)
