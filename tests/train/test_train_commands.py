"""The learning loop's commands through click's CliRunner: shapes scripts rely on, and one-line errors."""
import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import main
from annotator.store import Store

SCORE_KEYS = {"strict", "family", "counts", "location", "actors", "targets", "corrections", "per_type"}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # progress lines go to stderr


def test_train_records_saves_and_activates_a_model(reviewed_db):
    entry = _json(run("train", "--db", reviewed_db, "--json", "--epochs", "3"))
    assert {"id", "name", "path", "created", "active", "scores"} <= set(entry)
    assert entry["active"] and Path(entry["path"]).is_dir()
    assert Path(entry["path"]).parent == reviewed_db.parent / "models"
    assert set(entry["scores"]) == {"rules", "model", "combined"}
    with Store(reviewed_db) as store:
        assert store.active_model()["id"] == entry["id"]
        assert any(d["action"] == "train" for d in store.decisions(object_type="model"))
    listed = _json(run("models", "--db", reviewed_db, "--json"))
    assert [m["id"] for m in listed] == [entry["id"]] and listed[0]["active"]
    table = run("models", "--db", reviewed_db)
    assert table.exit_code == 0 and entry["name"] in table.output


def test_train_prints_rules_model_and_combined_side_by_side(reviewed_db):
    result = run("train", "--db", reviewed_db, "--epochs", "2")
    assert result.exit_code == 0, result.output
    assert "held out:" in result.output and "rules  model  combined" in result.output
    assert "strict F1" in result.output and "convoy" in result.output


def test_models_activate_switches_and_logs(trained_db):
    first = _json(run("models", "--db", trained_db, "--json"))[0]
    assert run("models", "activate", "none", "--db", trained_db).exit_code == 0
    with Store(trained_db) as store:
        assert store.active_model() is None
    result = run("models", "activate", first["id"], "--db", trained_db)
    assert result.exit_code == 0, result.output
    with Store(trained_db) as store:
        assert store.active_model()["id"] == first["id"]
        assert [d["action"] for d in store.decisions(object_type="model")][-2:] == ["activate", "activate"]
    bad = run("models", "activate", "99", "--db", trained_db)
    assert bad.exit_code == 1 and "no model with id 99" in bad.output and "Traceback" not in bad.output


def test_evaluate_db_json_shape(trained_db):
    result = _json(run("evaluate", "--db", trained_db, "--json"))
    assert set(result["documents"]) == {"train", "eval"} and result["documents"]["eval"]
    assert not set(result["documents"]["train"]) & set(result["documents"]["eval"])
    for name in ("rules", "model", "combined"):
        s = result[name]
        assert SCORE_KEYS <= set(s) and set(s["strict"]) == {"precision", "recall", "f1"}
        for m in s["per_type"].values():
            assert {"precision", "recall", "f1", "support"} <= set(m)
    # the truth is the accepted events: the rules proposed them, so the rules find them all
    assert result["rules"]["strict"]["recall"] == 1.0


def test_evaluate_db_text_and_the_gold_form_still_needs_its_arguments(trained_db):
    result = run("evaluate", "--db", trained_db)
    assert result.exit_code == 0 and "per_type" not in result.output and "combined" in result.output
    usage = run("evaluate")
    assert usage.exit_code == 2 and "GOLD_DIR" in usage.output


def test_train_curve_prints_a_row_per_share(reviewed_db):
    result = _json(run("train-curve", "--db", reviewed_db, "--json", "--epochs", "2"))
    assert [r["share"] for r in result["curve"]] == [0.25, 0.5, 0.75, 1.0]
    assert [r["reports"] for r in result["curve"]] == sorted(r["reports"] for r in result["curve"])
    assert all("model" in r or "error" in r for r in result["curve"])


def test_rules_counts_decisions_per_rule_and_flags_low_precision(reviewed_db):
    rows = _json(run("rules", "--db", reviewed_db, "--json"))
    patrol = [r for r in rows if r["types"].get("patrol")]
    assert patrol and all(r["accepted"] == 0 and r["precision"] == 0.0 for r in patrol)
    assert all(r["reasons"] == {"not an event": r["rejected"]} for r in patrol)
    assert all(r["flagged"] == (r["rejected"] >= 5) for r in patrol)
    with Store(reviewed_db) as store:
        proposed = sum(1 for e in store.events() if e.origin in ("rules", "model"))
    assert sum(r["proposed"] for r in rows) == proposed
    assert run("rules", "--db", reviewed_db).exit_code == 0


def test_missed_lists_uncovered_sentences(trained_db):
    rows = _json(run("missed", "--db", trained_db, "--json", "--limit", "5"))
    assert len(rows) <= 5
    with Store(trained_db) as store:
        for r in rows:
            standing = [e for e in store.events(r["document_id"]) if e.status != "rejected"]
            assert not any(e.start < r["end"] and r["start"] < e.end for e in standing)
    assert [r["uncertainty"] for r in rows] == sorted((r["uncertainty"] for r in rows), reverse=True)


def test_train_without_reviewed_reports_is_one_line(tmp_path):
    result = run("train", "--db", tmp_path / "empty.db")
    assert result.exit_code == 1 and "no reviewed report" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_missed_without_a_model_uses_the_trigger_words(reviewed_db):
    result = run("missed", "--db", reviewed_db, "--json")
    assert result.exit_code == 0 and "no active model" in result.stderr
    rows = json.loads(result.stdout)
    with Store(reviewed_db) as store:
        for r in rows:
            assert r["signal"] == "trigger" and r["probability"] is None
            standing = [e for e in store.events(r["document_id"]) if e.status != "rejected"]
            assert not any(e.start < r["end"] and r["start"] < e.end for e in standing)
        # every patrol was rejected in this database: their trigger sentences come back, typed patrol
        rejected = [e for e in store.events() if e.status == "rejected"]
    assert rejected and {"patrol"} <= {r["type"] for r in rows}


def test_a_damaged_or_foreign_model_is_a_one_line_error(trained_db):
    with Store(trained_db) as store:
        path = Path(store.active_model()["path"])
    card = json.loads((path / "annotator-model.json").read_text())
    (path / "annotator-model.json").write_text(json.dumps(dict(card, spacy_version="2.3.7")))
    result = run("evaluate", "--db", trained_db)
    assert result.exit_code == 1 and "spaCy 2.3.7" in result.output and "Traceback" not in result.output
    (path / "annotator-model.json").write_text(json.dumps(card))
    (path / "event_types" / "model").write_bytes(b"not a model")
    result = run("missed", "--db", trained_db)
    assert result.exit_code == 1 and "damaged" in result.output and "Traceback" not in result.output
    # import and re-extraction go on with the rules alone, every decision kept
    with Store(trained_db) as store:
        decided = sorted(e.id for e in store.events() if e.status != "pending")
    result = run("reextract", "--db", trained_db)
    assert result.exit_code == 0, result.output
    with Store(trained_db) as store:
        assert sorted(e.id for e in store.events() if e.status != "pending") == decided
