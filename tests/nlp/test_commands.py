"""`annotator extract` and `annotator evaluate` through click's CliRunner, on files of our own."""
import json

import click
import pytest
from click.testing import CliRunner

from annotator.commands.nlp_commands import evaluate, extract

REPORT = ("110th month of Coalition operations in Syria | Convoys and raids\n\n"
          "In the 110th month of Coalition operations in Syria, 80 trucks crossed into Syria from the Kurdistan "
          "Region of Iraq in two batches on the 25th of October and the 3rd of November.\n\n"
          "On November 2, a Coalition drone struck a motorcycle near Al-Shuhayl, killing two cell members.\n")


@pytest.fixture
def cli():
    group = click.Group(commands={"extract": extract, "evaluate": evaluate})
    return lambda *args: CliRunner().invoke(group, [str(a) for a in args])


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "month-110.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_extract_json(cli, report):
    result = cli("extract", report)
    assert result.exit_code == 0, result.stderr
    docs = json.loads(result.stdout)["documents"]
    assert len(docs) == 1 and docs[0]["id"] == "month-110"
    doc = docs[0]
    assert doc["facts"]["trucks"] == 80 and doc["facts"]["batches"] == 2
    types = sorted((e["type"], e["date"]) for e in doc["events"])
    assert ("drone_strike", "2023-11-02") in types
    assert all(REPORT[e["start"]:e["end"]] == e["evidence"] for e in doc["events"])


def test_extract_table(cli, report):
    result = cli("extract", report, "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert "month-110" in result.stdout and "drone_strike" in result.stdout and "trucks 80" in result.stdout


def test_extract_jsonl_takes_ids_from_meta(cli, tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [{"text": "On May 3, gunmen shot dead a shepherd in Hajin.", "meta": {"id": "a", "published": "2024-05-10"}},
             {"text": "Nothing happened.", "meta": {"id": "b"}}]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    result = cli("extract", path)
    assert result.exit_code == 0, result.stderr
    docs = json.loads(result.stdout)["documents"]
    assert [d["id"] for d in docs] == ["a", "b"]
    assert docs[0]["events"][0]["date"] == "2024-05-03"


def test_extract_published_option_dates_the_events(cli, tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("A Turkish drone struck a car near Qamishli on March 9, killing two fighters.", encoding="utf-8")
    result = cli("extract", path, "--published", "2024-03-12")
    assert json.loads(result.stdout)["documents"][0]["events"][0]["date"] == "2024-03-09"


def test_read_errors_go_to_stderr_and_fail(cli, report, tmp_path):
    missing = tmp_path / "nope.txt"
    result = cli("extract", report, missing)
    assert result.exit_code == 1
    assert "nope.txt" in result.stderr
    assert len(json.loads(result.stdout)["documents"]) == 1


def test_evaluate_prints_the_score_lines(cli, report, tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    gold = {"id": "month-110", "period": {"start": "2023-10-23", "end": "2023-11-22"},
            "facts": {"trucks": 80, "batches": 2, "batch_dates": ["2023-10-25", "2023-11-03"],
                      "joint_operations": None, "arrested": None, "killed": None},
            "events": [{"type": "drone_strike", "date": "2023-11-02", "location": "Al-Shuhayl", "killed": 2,
                        "injured": None, "arrested": None, "trucks": None, "start": 0, "end": 1, "evidence": "x"},
                       {"type": "convoy", "date": "2023-10-25", "location": "Kurdistan Region of Iraq",
                        "killed": None, "injured": None, "arrested": None, "trucks": None, "start": 0, "end": 1,
                        "evidence": "x"},
                       {"type": "convoy", "date": "2023-11-03", "location": "Kurdistan Region of Iraq",
                        "killed": None, "injured": None, "arrested": None, "trucks": None, "start": 0, "end": 1,
                        "evidence": "x"}]}
    (gold_dir / "month-110.json").write_text(json.dumps(gold), encoding="utf-8")
    result = cli("evaluate", gold_dir, report, "--min-f1", "0.9")
    assert result.exit_code == 0, result.stdout + result.stderr
    per_type, scorer_lines = result.stdout.strip().split("\n\n")
    lines = scorer_lines.splitlines()
    assert lines[-1] == "strict event F1 1.000"
    assert lines[0].startswith("month-110") and "facts 3/3" in lines[0]
    rows = {line.split()[0]: line.split()[1:] for line in per_type.splitlines()[1:]}
    assert rows["drone_strike"] == ["1", "1", "1", "1.000", "1.000", "1.000"]
    assert rows["convoy"][:3] == ["2", "2", "2"]


def test_help_texts(cli):
    for name in ("extract", "evaluate"):
        result = cli(name, "--help")
        assert result.exit_code == 0 and "Usage" in result.stdout
