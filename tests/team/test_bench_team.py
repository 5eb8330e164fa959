"""The scale benchmark's team probe (annotator.bench_team) on a tiny generated database: the reviewers' files hold
what review writes, and the merge, merge again and agreement figures come out. No timings are asserted."""
from __future__ import annotations

import json

from click.testing import CliRunner

from annotator import bench_team
from annotator.bench_scale import table
from annotator.cli import main
from annotator.store import Store
from annotator.team.sources import open_source
from tests.scale.conftest import build


def test_reviewer_files_hold_what_review_writes(tmp_path):
    db = build(tmp_path / "scale.db", 30)  # three months of ten reports
    month = bench_team.months(db)[1]
    alice, bob = tmp_path / "alice.db", tmp_path / "bob.db"
    for i, (name, path) in enumerate((("alice", alice), ("bob", bob))):
        bench_team.make_reviewer_file(db, path, name)
        assert bench_team.decide_month(path, name, i, month)["documents"] == 10
    with Store(alice) as a, Store(bob) as b:
        month_docs = {d for (d,) in a.db.execute("SELECT id FROM documents WHERE month_number = ?", [month])}
        events_a, events_b = a.events(), b.events()
        assert [e.id for e in events_a] == [e.id for e in events_b]  # copies of one database
        differ = 0
        for ea, eb in zip(events_a, events_b):
            if ea.document_id not in month_docs:
                assert ea.status == eb.status == "pending"
                continue
            assert ea.status == ("accepted" if bench_team.decision(ea.id, 0) == "accept" else "rejected")
            assert (ea.reviewer, eb.reviewer) == ("alice", "bob") and ea.reviewed_at and eb.reviewed_at
            differ += ea.status != eb.status
        decided = [e for e in events_a if e.document_id in month_docs]
        assert differ == sum(e.id % 7 == 0 for e in decided) > 0  # a seventh the other way
        log = a.db.execute("SELECT object_id, action, reviewer FROM decisions WHERE object_type = 'event'").fetchall()
        assert sorted(r[0] for r in log) == sorted(e.id for e in decided)  # one log row per decision
        assert {r[2] for r in log} == {"alice"}
    # Each file is one reviewer's work, as a merge requires.
    for path, name in ((alice, "alice"), (bob, "bob")):
        src = open_source(path)
        try:
            assert src.reviewer == name
        finally:
            src.close()


def test_measure_team_gives_every_figure(tmp_path):
    db = build(tmp_path / "scale.db", 30)
    work = tmp_path / "work"
    work.mkdir()
    lines: list[str] = []
    figures = bench_team.measure_team(db, work, log=lines.append)
    with Store(db) as s:
        candidates = s.db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert figures["team_merge_first_candidates"] == candidates  # both files hold the same candidates
    assert figures["team_merge_again_documents"] == 10 and figures["team_agreement_documents"] == 20
    for key in ("team_merge_first_peak_mb", "team_merge_again_peak_mb", "team_agreement_peak_mb",
                "team_merge_first_candidates_per_s", "team_merge_again_ms_per_report", "team_agreement_ms_per_report"):
        assert figures[key] > 0, key
    assert not list(work.iterdir())  # the reviewers' and team files are gone
    assert any("first merge" in line for line in lines)
    rows = {line.split()[0]: line for line in table({30: figures, 60: figures})[2:]}
    assert "< 500 met" in rows["team_merge_first_peak_mb"]
    assert "<= 1.5x met" in rows["team_merge_first_candidates_per_s"]


def test_table_judges_a_falling_merge_throughput():
    rows = {line.split()[0]: line for line in table({1000: {"team_merge_first_candidates_per_s": 3000},
                                                     10000: {"team_merge_first_candidates_per_s": 1000}})[2:]}
    assert "NOT MET" in rows["team_merge_first_candidates_per_s"]


def test_scale_cli_measures_team_review_unless_told_not_to(tmp_path):
    db = tmp_path / "scale.db"
    args = ["benchmark", "--scale", "4", "--db", str(db), "--formats", "", "--no-launch", "--json"]
    with_team = CliRunner().invoke(main, args)
    assert with_team.exit_code == 0, with_team.output
    assert json.loads(with_team.stdout)["4"]["team_merge_first_candidates"] > 0
    without = CliRunner().invoke(main, [*args, "--no-team"])
    assert without.exit_code == 0, without.output
    assert not any(k.startswith("team_") for k in json.loads(without.stdout)["4"])


def test_team_figures_are_skipped_without_room_on_the_disk(tmp_path, monkeypatch):
    db = build(tmp_path / "scale.db", 12)
    monkeypatch.setattr(bench_team, "DISK_FACTOR", 10 ** 9)
    lines: list[str] = []
    assert bench_team.measure_team(db, tmp_path, log=lines.append) == {}
    assert "skipped" in lines[0] and "GB free" in lines[0]
