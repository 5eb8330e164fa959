"""The extractor on texts labelled by others (../shared/external, read in place, never copied): ACLED event
notes scored by ../shared/tools/score_acled.py, and CENTCOM strike lines, each of which states one Coalition air
strike. Skipped when ../shared is absent. The bars are issue 8's goals for the ACLED notes."""
import importlib.util
import json

import pytest

from annotator.nlp.jsonout import document_json

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def external(corpus_dir):
    path = corpus_dir.parent / "external"
    if not (path / "acled_syria.jsonl").is_file():
        pytest.skip("../shared/external is absent")
    return path


def _predict(extractor, path):
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [(r["text"], {"published": r["published"], "period": None}) for r in rows]
    docs = [document_json(r["id"], "", r["published"], None, ex)
            for r, ex in zip(rows, extractor.extract_many(items))]
    return rows, {"documents": docs}


def test_acled_notes_are_detected_typed_and_counted(external, extractor, tmp_path, capsys):
    _, pred = _predict(extractor, external / "acled_syria.jsonl")
    out = tmp_path / "pred.json"
    out.write_text(json.dumps(pred), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("score_acled", external.parent / "tools" / "score_acled.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    c = scorer.main(str(external / "acled_syria.jsonl"), str(out))
    capsys.readouterr()
    assert c["detected"] / c["notes"] >= 0.95
    assert c["type"] / c["notes"] >= 0.90
    assert c["fatalities"] / c["fat_notes"] >= 0.90
    assert c["pred_events"] / c["notes"] <= 1.2  # one note, one event: elaborations add to it


def test_every_centcom_strike_line_gives_an_air_strike(external, extractor):
    rows, pred = _predict(extractor, external / "centcom_strikes_syria.jsonl")
    air = sum(any(e["type"] in ("airstrike", "drone_strike") for e in d["events"]) for d in pred["documents"])
    one_each = sum(len(d["events"]) == 1 for d in pred["documents"])
    assert air / len(rows) >= 0.95
    assert one_each / len(rows) >= 0.98
    # the lines carry no date: their strikes are proposed undated, flagged for the reviewer
    assert all(e["flags"] == ["no_date"] for d in pred["documents"] for e in d["events"] if e["date"] is None)
