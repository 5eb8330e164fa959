"""The regression sets of our own (tests/nlp/fixtures/<set>/: texts.jsonl and gold/*.json in the corpus format)."""
from __future__ import annotations

import json
from pathlib import Path


def fixture_set(folder: Path) -> list[tuple[dict, dict]]:
    """(text row, gold) per gold file, in file-name order."""
    texts = {}
    for line in (folder / "texts.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts[row["meta"]["id"]] = row
    return [(texts[g["id"]], g) for g in (json.loads(p.read_text(encoding="utf-8"))
                                          for p in sorted((folder / "gold").glob("*.json")))]


def extract_set(extractor, items: list[tuple[dict, dict]]) -> dict[str, dict]:
    """Each item extracted with its published day and period, as `annotator extract` prints it (facts and events)."""
    from annotator.domain import Period
    from annotator.nlp.jsonout import event_json, facts_json

    out = {}
    for row, gold in items:
        period = gold.get("period")
        p = Period(period["start"], period["end"]) if period else None
        ex = extractor.extract(row["text"], published=row["meta"]["published"], period=p)
        out[gold["id"]] = {"id": gold["id"], "facts": facts_json(ex), "events": [event_json(e) for e in ex.events]}
    return out


def event_params(items: list[tuple[dict, dict]], known: dict[tuple, str]) -> list:
    """One pytest param per gold event (document id, index), strict xfail where `known` gives the reason under
    (id, date, type) or (id, date)."""
    import pytest

    out = []
    for _, gold in items:
        for i, e in enumerate(gold["events"]):
            key = next((k for k in ((gold["id"], e["date"], e["type"]), (gold["id"], e["date"])) if k in known), None)
            marks = [pytest.mark.xfail(reason=known[key], strict=True)] if key is not None else []
            out.append(pytest.param(gold["id"], i, id=f"{gold['id']}-{e['date']}-{e['type']}", marks=marks))
    return out


def check_gold_offsets(items: list[tuple[dict, dict]]) -> None:
    """Every gold evidence is its text at its offsets, and the gold's published day is the text's."""
    for row, gold in items:
        for e in gold["events"]:
            assert row["text"][e["start"]:e["end"]] == e["evidence"]
        assert gold["published"] == row["meta"]["published"]


def assert_candidate_on_its_day(extracted: dict[str, dict], items: list[tuple[dict, dict]], doc_id: str,
                                index: int) -> None:
    """The gold event is paired (scoring's one-to-one match) with a dated candidate of its type on its day."""
    from annotator.nlp import scoring

    gold = next(g for _, g in items if g["id"] == doc_id)
    g = gold["events"][index]
    dated = [p for p in extracted[doc_id]["events"] if p["date"]]
    pairs = scoring._match(gold["events"], dated, lambda a, p: a["date"] == p["date"] and a["type"] == p["type"])
    assert any(x is g for x, _ in pairs), (g["type"], g["date"], [(p["type"], p["date"]) for p in dated])
