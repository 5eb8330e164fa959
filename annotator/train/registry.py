"""Training runs as first-class objects: train from a store, save beside the database, record a `models` row,
list and activate. The Qt-free API the CLI calls and the window should call (in a worker thread):

    entry = train_and_register(store, reviewer="ana", progress=cb, cancel=is_cancelled)   # -> model_entry dict
    entries = model_entries(store); store.activate_model(model_id, reviewer="ana")
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .data import TrainingError, check_trainable, reviewed_reports, split_reports
from .evaluate import evaluate, gold_facts
from .model import KIND, LoadedModel, Settings, save, settings_dict, timestamp, train
from .propose import Proposer


def models_dir(store) -> Path:
    """models/ beside the database: the user's data folder for the default database (platformdirs)."""
    return Path(store.path).resolve().parent / "models"


def _summary(scores: dict[str, Any]) -> dict[str, Any]:
    return {name: {"strict_f1": scores[name]["strict"]["f1"], "family_f1": scores[name]["family"]["f1"]}
            for name in ("rules", "model", "combined") if name in scores}


def model_entry(row: dict[str, Any]) -> dict[str, Any]:
    m = row.get("metrics") or {}
    return {"id": row["id"], "name": row["name"], "kind": row["kind"], "path": row["path"],
            "created": row["created_at"], "created_by": row["created_by"], "active": bool(row["active"]),
            "pipeline_version": row["pipeline_version"], "spacy_version": m.get("spacy_version"),
            "trained_on": row["trained_on"], "eval_documents": m.get("eval_documents", []),
            "decisions": m.get("decisions"), "labels": m.get("labels", []), "settings": m.get("settings", {}),
            "scores": m.get("scores", {}), "folder_exists": Path(row["path"]).is_dir()}


def model_entries(store) -> list[dict[str, Any]]:
    return [model_entry(r) for r in store.models()]


def train_and_register(store, *, reviewer: str, settings: Settings | None = None, activate: bool = True,
                       progress: Callable[[str], None] | None = None,
                       cancel: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Train on the reviewed reports (a fixed share held out by report), score rules / model / combined on the
    held-out ones, save the model and record it. TrainingError (one line) when there is nothing to learn."""
    import spacy

    from ..nlp.service import PIPELINE_VERSION

    settings = settings or Settings()
    say = progress or (lambda _msg: None)
    skipped: list[str] = []
    reports = reviewed_reports(store, skipped=skipped)
    for line in skipped:
        say(line)
    check_trainable(reports)
    train_reports, eval_reports = split_reports(reports)
    labels = check_trainable(train_reports)
    sentences = sum(len(r.sentences) for r in train_reports)
    say(f"training on {len(train_reports)} reports ({sentences} sentences, {len(labels)} types), "
        f"{len(eval_reports)} held out")
    nlp = train(train_reports, labels, settings, cancel=cancel,
                progress=lambda e, n, loss: say(f"epoch {e}/{n}  loss {loss:.3f}"))
    scores: dict[str, Any] = {}
    if eval_reports:
        say("scoring rules, model and combined on the held-out reports")
        facts = {r.id: gold_facts(store, r.id) for r in eval_reports}
        scores = evaluate(train_reports, eval_reports, Proposer(LoadedModel(nlp, Path("."), labels, settings)),
                          facts)
    if cancel is not None and cancel():
        raise TrainingError("training cancelled")
    name = f"types-{timestamp()}"
    path = models_dir(store) / name
    n = 1
    while path.exists():
        n += 1
        path = models_dir(store) / f"{name}-{n}"
    metrics = {"scores": _summary(scores), "evaluation": scores, "labels": labels,
               "settings": settings_dict(settings), "spacy_version": spacy.__version__,
               "eval_documents": [r.id for r in eval_reports], "sentences": sentences,
               "decisions": sum(r.decisions for r in train_reports), "skipped": skipped}
    save(nlp, path, {"name": path.name, "labels": labels, "settings": settings_dict(settings),
                     "trained_on": [r.id for r in train_reports]})
    model_id = store.add_model(name=path.name, kind=KIND, path=str(path), reviewer=reviewer,
                               trained_on=[r.id for r in train_reports], metrics=metrics,
                               pipeline_version=PIPELINE_VERSION, activate=activate)
    return next(model_entry(r) for r in store.models() if r["id"] == model_id)
