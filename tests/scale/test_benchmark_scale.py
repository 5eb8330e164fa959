"""`annotator benchmark --scale`: fills one database to each size and prints each figure per size."""
import json

from click.testing import CliRunner

from annotator.bench_scale import table
from annotator.cli import main
from annotator.store import Store


def test_scale_fills_each_size_and_measures_it(tmp_path):
    db = tmp_path / "scale.db"
    result = CliRunner().invoke(main, ["benchmark", "--scale", "3,7", "--db", str(db), "--formats",
                                       "acled-csv,brat", "--no-launch", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert [figures[n]["documents"] for n in ("3", "7")] == [3, 7]
    assert figures["7"]["events"] > figures["3"]["events"] > 0
    assert figures["7"]["export_acled-csv_all_peak_mb"] > 0
    assert figures["7"]["export_acled-csv_all_events_per_cpu_s"] > 0  # CPU beside wall: the machine is shared
    # the month is measured first (see measure_size) but printed after everything
    keys = [k for k in figures["7"] if k.endswith("_events_per_s")]
    assert keys == ["export_acled-csv_all_events_per_s", "export_acled-csv_month_events_per_s",
                    "export_brat_all_events_per_s", "export_brat_month_events_per_s"]
    assert figures["7"]["export_jobs"] == 1  # every size exported alike, whatever the load
    assert figures["7"]["export_brat_month_peak_mb"] > 0  # a folder export, set aside until the run ends
    with Store(db) as store:  # the copies are whole reports: text, candidates with their spans, log rows
        docs = store.documents()
        assert len({d.content_hash for d in docs}) == 7
        for d in docs:
            text = store.document_text(d.id)
            for ev in store.events(d.id):
                assert text[ev.start:ev.end] == ev.evidence
        assert {r["action"] for r in store.decisions(document_id=docs[-1].id)} >= {"import", "extract"}


def test_scale_refuses_a_bad_size():
    result = CliRunner().invoke(main, ["benchmark", "--scale", "many"])
    assert result.exit_code != 0
    assert "--scale" in result.output and "'many'" in result.output


def test_table_shows_growth_and_goal():
    lines = table({1000: {"open_middle_ms": 2.0, "documents": 1000},
                   10000: {"open_middle_ms": 60.0, "documents": 10000}})
    row = next(line for line in lines if line.startswith("open_middle_ms"))
    assert "30.00x" in row and "NOT MET" in row
    assert "10.00x" in next(line for line in lines if line.startswith("documents"))


def test_table_judges_growth_apart_from_the_goal():
    lines = table({1000: {"open_middle_ms": 2.0, "accept_ms": 4.0, "export_jsonl_all_events_per_s": 30000,
                          "export_jsonl_all_s": 1.0},
                   100000: {"open_middle_ms": 4.0, "accept_ms": 5.0, "export_jsonl_all_events_per_s": 18000,
                            "export_jsonl_all_s": 120.0}})
    rows = {line.split()[0]: line for line in lines[2:]}
    assert "<= 1.5x NOT MET" in rows["open_middle_ms"] and "<= 50 met" in rows["open_middle_ms"]
    assert "<= 1.5x met" in rows["accept_ms"]
    # an export of everything grows with what it writes; its rate still has a goal
    assert "(with output)" in rows["export_jsonl_all_events_per_s"] and ">= 20000 NOT MET" in rows[
        "export_jsonl_all_events_per_s"]
    assert "goal at 100,000" in lines[0]


def test_a_summary_covering_more_reports_is_judged_per_report():
    lines = table({1000: {"summary_month_s": 0.1, "summary_month_documents": 834,
                          "summary_month_ms_per_report": 0.12},
                   100000: {"summary_month_s": 0.3, "summary_month_documents": 1668,
                            "summary_month_ms_per_report": 0.18}})
    rows = {line.split()[0]: line for line in lines[2:]}
    assert "(covers 2.00x)" in rows["summary_month_s"] and "NOT MET" not in rows["summary_month_s"]
    assert "<= 1.5x met" in rows["summary_month_ms_per_report"]
    assert any(line.startswith("note: summary_month_s") and "834" in line and "1,668" in line for line in lines)


def test_fill_puts_the_same_number_of_reports_in_each_month(tmp_path):
    from annotator.bench_fill import fill

    from .conftest import cheap_extraction

    from annotator.domain import Fact

    def with_batch_dates(docs):  # a stated list of days, as extraction writes for "in 2 batches on ..."
        out = cheap_extraction(docs)
        for d, ex in zip(docs, out):
            days = [d.period.start, d.period.start[:8] + "30"]
            ex.facts.append(Fact(kind="batch_dates", value=days, start=0, end=5, evidence=d.text[:5]))
        return out

    db = tmp_path / "months.db"
    fill(db, 25, pool=4, extract=with_batch_dates, per_month=10)
    with Store(db) as store:
        rows = store.db.execute("SELECT month_number, COUNT(*), MIN(period_start), MAX(period_start) "
                                "FROM documents GROUP BY month_number ORDER BY month_number").fetchall()
        assert [(r[0], r[1]) for r in rows] == [(1, 10), (2, 10), (3, 5)]
        assert all(r[2] == r[3] for r in rows)  # one period per month
        for doc in store.documents():  # every candidate and stated day moved with its report
            for ev in store.events(doc.id):
                assert doc.period_start[:7] <= ev.date[:7] <= doc.period_end[:7]
            days = next(f.value for f in store.facts(doc.id) if f.kind == "batch_dates")
            assert days[0] == doc.period_start and doc.period_start <= days[1] <= doc.period_end, days

