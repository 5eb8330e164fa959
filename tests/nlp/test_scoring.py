"""annotator.nlp.scoring gives the figures of ../shared/tools/score_events.py."""
import importlib.util
import json

import pytest

from annotator.nlp.scoring import format_score, score

GOLD = {
    "id": "g1", "published": "2024-04-01", "period": {"start": "2024-03-01", "end": "2024-03-31"},
    "facts": {"trucks": 100, "batches": 2, "batch_dates": ["2024-03-04", "2024-03-09"], "joint_operations": None,
              "arrested": None, "killed": None},
    "events": [
        {"type": "convoy", "date": "2024-03-04", "location": "Semalka", "trucks": 40, "killed": None,
         "injured": None, "arrested": None, "start": 0, "end": 1, "evidence": "x"},
        {"type": "airstrike", "date": "2024-03-06", "location": "Hajin", "killed": 3, "injured": None,
         "arrested": None, "trucks": None, "start": 0, "end": 1, "evidence": "x"},
        {"type": "arrest", "date": "2024-03-07", "location": None, "arrested": 2, "killed": None,
         "injured": None, "trucks": None, "start": 0, "end": 1, "evidence": "x"},
    ],
}
PRED = {"documents": [{"id": "g1", "facts": {"trucks": 100, "batches": 3, "batch_dates": ["2024-03-09", "2024-03-04"]},
                       "events": [
                           {"type": "convoy", "date": "2024-03-04", "location": "Semalka crossing", "trucks": 40},
                           {"type": "drone_strike", "date": "2024-03-06", "location": "Hajin", "killed": 3},
                           {"type": "security_operation", "date": "2024-03-07", "arrested": 2},
                           {"type": "patrol", "date": "2024-03-12"},
                           {"type": "airstrike", "date": "2019-03-21"},
                           {"type": "patrol", "date": None},
                       ]}]}


@pytest.fixture
def gold_dir(tmp_path):
    (tmp_path / "g1.json").write_text(json.dumps(GOLD), encoding="utf-8")
    (tmp_path / "g2.json").write_text(json.dumps({**GOLD, "id": "g2", "events": GOLD["events"][:1]}), encoding="utf-8")
    return tmp_path


def test_figures(gold_dir):
    r = score(gold_dir, PRED)
    t = r["totals"]
    assert (t["gold"], t["pred"], t["strict"], t["family"]) == (4, 4, 1, 3)
    assert r["strict"]["f1"] == pytest.approx(0.25)
    assert r["family"]["precision"] == pytest.approx(0.75)
    assert r["counts_accuracy"] == pytest.approx(1.0) and r["location_accuracy"] == pytest.approx(1.0)
    # the one strict match (the convoy) names no actors or targets on either side: they agree
    assert r["actors_accuracy"] == pytest.approx(1.0) and r["targets_accuracy"] == pytest.approx(1.0)
    assert r["facts_accuracy"] == pytest.approx(2 / 6)  # g2 has no prediction at all
    assert [d["found"] for d in r["documents"]] == [True, False]
    text = format_score(r)
    assert text.splitlines()[-1] == "strict event F1 0.250"
    assert "g2" in text and "(no prediction)" in text


def _reference(shared):
    path = shared / "tools" / "score_events.py"
    spec = importlib.util.spec_from_file_location("score_events_reference", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_same_figures_as_score_events(gold_dir, capsys):
    from annotator.paths import shared_dir

    shared = shared_dir()
    if shared is None:
        pytest.skip("../shared/tools/score_events.py is absent")
    ref = _reference(shared)
    ours = score(gold_dir, PRED)
    theirs = ref.score(gold_dir, PRED)
    per_type = ours.pop("per_type")  # ours alone; every other key is the reference's
    assert json.dumps(ours, sort_keys=True) == json.dumps(theirs, sort_keys=True)
    assert per_type["airstrike"] == dict(gold=1, pred=0, strict=0, precision=0.0, recall=0.0, f1=0.0)
    assert per_type["convoy"] == dict(gold=2, pred=1, strict=1, precision=1.0, recall=0.5, f1=pytest.approx(2 / 3))
    pred_file = gold_dir.parent / "pred.json"
    pred_file.write_text(json.dumps(PRED), encoding="utf-8")
    ref.main([str(gold_dir), str(pred_file)])
    assert capsys.readouterr().out.strip() == format_score(ours)
