"""`annotator import --jobs N`: extraction in N processes, the same database as with one; N checked."""
import json
import multiprocessing

from click.testing import CliRunner

from annotator.cli import main
from annotator.extract_pool import SMALL
from annotator.ingest.generate import generate_reports


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_import_with_two_jobs_stores_what_one_job_stores(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    n = SMALL + 5
    for name, text in generate_reports(n, seed=21):
        (folder / name).write_text(text, encoding="utf-8")

    one = run("import", folder, "--jobs", "1", "-q", "--db", tmp_path / "one.db")
    two = run("import", folder, "--jobs", "2", "-q", "--db", tmp_path / "two.db")
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    assert f"{n} imported, 0 already present, 0 failed" in two.output
    assert one.output == two.output  # the same summary, candidate count included
    stats = [json.loads(run("stats", "--json", "--db", tmp_path / db).output) for db in ("one.db", "two.db")]
    for s in stats:
        s.pop("database")  # its path
    assert stats[0] == stats[1] and stats[0]["documents"] == n
    assert not multiprocessing.active_children()


def test_jobs_must_be_a_positive_number(tmp_path):
    result = CliRunner().invoke(main, ["import", str(tmp_path), "--jobs", "0", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "--jobs" in result.output and not (tmp_path / "x.db").exists()


def test_import_help_explains_jobs():
    text = " ".join(run("import", "--help").output.split())
    assert "--jobs N" in text and "cores not busy" in text and "20 new reports" in text


def test_benchmark_import_figure_counts_the_workers_cpu(tmp_path):
    from annotator.commands.benchmark import _timed_import, _write_reports

    folder = tmp_path / "reports"
    folder.mkdir()
    _write_reports(folder, SMALL + 4)
    one = _timed_import(folder, tmp_path / "one.db", extract=True, jobs=1)
    two = _timed_import(folder, tmp_path / "two.db", extract=True, jobs=2)
    assert one["documents"] == two["documents"] == SMALL + 4 and one["events"] == two["events"] > 0
    assert one["workers_cpu_s"] == 0 and two["workers_cpu_s"] > 0, "the extraction's CPU time is in the figure"
