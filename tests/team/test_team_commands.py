"""The team commands through click's CliRunner: merge, agreement (table and JSON), stats --by-reviewer."""
from __future__ import annotations

import json

from click.testing import CliRunner

from annotator.cli import main


def test_merge_then_agreement_json(two_reviewers, tmp_path):
    alice, bob = two_reviewers
    out = tmp_path / "team.db"
    runner = CliRunner()
    r = runner.invoke(main, ["merge", str(alice), str(bob), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "agreed 3" in r.output and "disagreed 2" in r.output
    r = runner.invoke(main, ["agreement", "--db", str(out), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["reviewers"] == ["alice", "bob"]
    pair = data["pairs"][0]
    # March report: both decided all four candidates; they differ on the patrol only (accept/reject).
    # kappa: observed 3/4; alice accepts 3/4, bob 2/4 -> chance 3/8 + 1/8 = 1/2 -> (3/4 - 1/2) / (1/2) = 0.5
    assert pair["decided_by_both"] == 4 and abs(pair["cohen_kappa"] - 0.5) < 1e-9
    # events: alice accepted 3, bob 2, matched 2 (convoy, drone strike) -> P 1, R 2/3, F1 0.8
    assert abs(pair["event_f1"] - 0.8) < 1e-9
    # of the two matched, the drone strike's count differs
    assert pair["fields_agree"]["counts"] == 0.5 and pair["fields_agree"]["place"] == 1.0
    assert set(pair["per_type"]) == {"airstrike", "convoy", "drone_strike", "patrol"}
    assert pair["per_type"]["patrol"]["agreed_decisions"] == 0
    # two reviewers, nominal: alpha 1 - D_o/D_e with o_ar = 2 over n = 8, n_acc = 5, n_rej = 3:
    # D_o = 2/8, D_e = 2*5*3/56 -> alpha = 1 - (1/4)/(30/56) = 8/15
    assert abs(data["krippendorff_alpha"] - 8 / 15) < 1e-9
    assert set(data["per_report"]) == {"Monthly-report-March", "Monthly-report-April"}
    r = runner.invoke(main, ["agreement", "--db", str(out)])
    assert r.exit_code == 0 and "alice / bob" in r.output and "0.500" in r.output


def test_merge_bad_input_is_one_line_naming_the_file(tmp_path, two_reviewers):
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    r = CliRunner().invoke(main, ["merge", str(junk), "--out", str(tmp_path / "t.db")])
    assert r.exit_code == 1 and r.output.strip() == f"Error: {junk}: not an SQLite database"
    r = CliRunner().invoke(main, ["agreement", "--db", str(tmp_path / "missing.db")])
    assert r.exit_code == 1 and "missing.db: no such database" in r.output
    assert not (tmp_path / "missing.db").exists()


def test_stats_by_reviewer(two_reviewers, tmp_path):
    alice, bob = two_reviewers
    out = tmp_path / "team.db"
    CliRunner().invoke(main, ["merge", str(alice), str(bob), "--out", str(out)])
    r = CliRunner().invoke(main, ["stats", "--by-reviewer", "--db", str(out), "--json"])
    assert r.exit_code == 0, r.output
    rows = {x["reviewer"]: x for x in json.loads(r.output)}
    assert rows["alice"]["decisions"] == 4 and rows["alice"]["accept_rate"] == 0.75
    assert rows["bob"]["decisions"] == 5 and rows["bob"]["accepted"] == 3  # and his April report
    assert rows["bob"]["reports"] == 2 and rows["alice"]["reports"] == 1
    r = CliRunner().invoke(main, ["stats", "--by-reviewer", "--db", str(alice)])
    assert r.exit_code == 0 and "alice" in r.output and "75%" in r.output
