"""Rules, model and both combined, scored on held-out reviewed reports with the development scorer
(annotator/nlp/scoring.py: strict and family F1, counts, location, actors, targets, per type).

The reviewed report is the truth: its accepted events (types, dates, places, actors, counts) and accepted stated
totals, written as the corpus gold files are. The three predictions come from one run of the rules pipeline
per report, so they differ only in what the model adds.
"""
from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..domain import COUNT_FIELDS
from .data import ReviewedReport, check_trainable, TrainingError
from .model import Settings, train
from .propose import Proposer

SETS = ("rules", "model", "combined")


def gold_json(r: ReviewedReport, facts: dict[str, Any] | None = None) -> dict[str, Any]:
    events = []
    for e in r.accepted:
        if not e.date:
            continue  # as the development gold: only events with a day are scored (undated predictions are not)
        g = {"type": e.type, "date": e.date, "location": e.location, "actors": list(e.actors),
             "targets": list(e.targets), "start": e.start, "end": e.end, "evidence": e.evidence}
        for k in COUNT_FIELDS:
            g[k] = e.count(k)
        if e.type == "convoy":
            g["direction"] = e.direction
        events.append(g)
    period = {"start": r.period.start, "end": r.period.end} if r.period else None
    return {"id": r.key, "period": period, "events": events, "facts": facts or {}}


def predict(reports: list[ReviewedReport], proposer: Proposer | None) -> dict[str, dict]:
    """{"rules": predictions, "model": ..., "combined": ...} in the extract JSON shape."""
    from ..nlp.jsonout import document_json
    from ..nlp.service import Extraction, get_extractor, to_extraction

    extractor = get_extractor()
    out: dict[str, dict] = {k: {"documents": []} for k in SETS}
    for r in reports:
        doc = extractor.nlp(extractor._doc(r.text, r.published, r.period))
        rules = to_extraction(doc)
        sets = {"rules": rules, "model": Extraction(facts=rules.facts), "combined": rules}
        if proposer is not None:
            scored = proposer.sentence_scores(doc)
            sets["model"] = Extraction(events=proposer.model_events(doc, scored), facts=rules.facts)
            sets["combined"] = proposer(doc, rules)
        for name, ex in sets.items():
            out[name]["documents"].append(document_json(r.key, r.key, r.published, r.period, ex))
    return out


def score_predictions(gold: list[dict], predictions: dict[str, dict]) -> dict[str, Any]:
    from ..nlp.scoring import score

    with tempfile.TemporaryDirectory(prefix="annotator-eval-") as tmp:
        for i, g in enumerate(gold):
            (Path(tmp) / f"{i:05d}.json").write_text(json.dumps(g), encoding="utf-8")
        return {name: _shape(score(Path(tmp), preds)) for name, preds in predictions.items()}


def _shape(s: dict[str, Any]) -> dict[str, Any]:
    """The scorer's figures under the names the JSON contract uses (its own keys stay as well)."""
    s = dict(s)
    s.update(counts=s["counts_accuracy"], location=s["location_accuracy"], actors=s["actors_accuracy"],
             targets=s["targets_accuracy"], corrections=s["corrections_per_gold_event"])
    for m in s["per_type"].values():
        m["support"] = m["gold"]
    s.pop("documents", None)
    return s


def gold_facts(store, report_id: int) -> dict[str, Any]:
    return {f.kind: f.value for f in store.facts(report_id) if f.status == "accepted"}


def evaluate(train_reports: list[ReviewedReport], eval_reports: list[ReviewedReport], proposer: Proposer | None,
             facts: dict[int, dict] | None = None) -> dict[str, Any]:
    gold = [gold_json(r, (facts or {}).get(r.id)) for r in eval_reports]
    result: dict[str, Any] = {"documents": {"train": [r.key for r in train_reports],
                                            "eval": [r.key for r in eval_reports]}}
    result.update(score_predictions(gold, predict(eval_reports, proposer)))
    return result


def cross_validate(reports: list[ReviewedReport], settings: Settings | None = None, *,
                   facts: dict[int, dict] | None = None,
                   progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Leave one report out: train on the others, predict the one left out; all folds scored together."""
    settings = settings or Settings()
    gold, preds = [], {k: {"documents": []} for k in SETS}
    folds = []
    for i, held in enumerate(reports):
        rest = reports[:i] + reports[i + 1:]
        try:
            labels = check_trainable(rest)
        except TrainingError as exc:
            folds.append({"eval": held.key, "error": str(exc)})
            proposer = None
        else:
            from .model import LoadedModel

            nlp = train(rest, labels, settings)
            proposer = Proposer(LoadedModel(nlp, Path("."), labels, settings), threshold=settings.threshold)
            folds.append({"eval": held.key, "train": [r.key for r in rest]})
        if progress:
            progress(f"fold {i + 1}/{len(reports)}: {held.key}")
        gold.append(gold_json(held, (facts or {}).get(held.id)))
        for name, p in predict([held], proposer).items():
            preds[name]["documents"] += p["documents"]
    result: dict[str, Any] = {"folds": folds}
    result.update(score_predictions(gold, preds))
    return result


def curve(train_reports: list[ReviewedReport], eval_reports: list[ReviewedReport], settings: Settings | None = None,
          *, shares=(0.25, 0.5, 0.75, 1.0), facts: dict[int, dict] | None = None,
          progress: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """Held-out F1 after training on growing shares of the training reports (Prodigy's train-curve)."""
    from .model import LoadedModel

    settings = settings or Settings()
    gold = [gold_json(r, (facts or {}).get(r.id)) for r in eval_reports]
    rows = []
    for share in shares:
        part = train_reports[:max(1, round(len(train_reports) * share))]
        row: dict[str, Any] = {"share": share, "reports": len(part)}
        try:
            labels = check_trainable(part)
        except TrainingError as exc:
            row["error"] = str(exc)
        else:
            nlp = train(part, labels, settings)
            proposer = Proposer(LoadedModel(nlp, Path("."), labels, settings))
            scores = score_predictions(gold, predict(eval_reports, proposer))
            for name in SETS:
                row[name] = scores[name]["strict"]["f1"]
        rows.append(row)
        if progress:
            progress(f"{share:.0%} of the training reports ({len(part)}): "
                     + (row.get("error") or f"model F1 {row['model']:.3f}, combined F1 {row['combined']:.3f}"))
    return rows
