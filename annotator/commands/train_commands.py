"""The learning loop's commands: train, models, train-curve, rules, missed, and `evaluate --db` (called from
nlp_commands.evaluate). Every problem is a one-line message; the rules keep working whatever the model does."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .common import db_option, json_option, open_store, print_json, reviewer_name, reviewer_option, table


def _fmt(x: Any) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _names(keys: list[str], most: int = 8) -> str:
    return ", ".join(keys[:most]) + (f" and {len(keys) - most} more" if len(keys) > most else "")


def _say(msg: str) -> None:
    click.echo(msg, err=True)


def _settings(epochs: int | None, threshold: float | None):
    from ..train.model import Settings

    s = Settings()
    if epochs is not None:
        s.epochs = epochs
    if threshold is not None:
        s.threshold = threshold
    return s


def _comparison(scores: dict[str, Any]) -> str:
    """Rules, model and combined side by side: overall figures, then strict P/R/F1 per type."""
    sets = [k for k in ("rules", "model", "combined") if scores.get(k)]
    rows = []
    for label, get in (("strict P", lambda s: s["strict"]["precision"]), ("strict R", lambda s: s["strict"]["recall"]),
                       ("strict F1", lambda s: s["strict"]["f1"]), ("family F1", lambda s: s["family"]["f1"]),
                       ("counts", lambda s: s["counts"]), ("location", lambda s: s["location"]),
                       ("actors", lambda s: s["actors"]), ("targets", lambda s: s["targets"]),
                       ("corrections/event", lambda s: s["corrections"])):
        rows.append([label] + [_fmt(get(scores[k])) for k in sets])
    out = [table(rows, ["figure"] + sets), ""]
    types = sorted({t for k in sets for t in scores[k]["per_type"]})
    rows = []
    for t in types:
        row = [t, scores[sets[0]]["per_type"].get(t, {}).get("support", 0)]
        for k in sets:
            m = scores[k]["per_type"].get(t)
            row.append("-" if m is None else f"{m['precision']:.2f} {m['recall']:.2f} {m['f1']:.2f}")
        rows.append(row)
    out.append(table(rows, ["type (P R F1)", "gold"] + sets))
    return "\n".join(out)


@click.command("train")
@db_option
@reviewer_option
@json_option
@click.option("--epochs", type=int, default=None, help="Passes over the training sentences (default 12).")
@click.option("--threshold", type=float, default=None,
              help="Probability from which the model proposes a type (default 0.5).")
@click.option("--no-activate", is_flag=True, help="Record the model without making it the one extraction uses.")
def train_cmd(db_path: Path | None, reviewer: str | None, as_json: bool, epochs: int | None,
              threshold: float | None, no_activate: bool) -> None:
    """Train a model on the reviewed reports of the database and make it the active one.

    Accepted events teach their types, rejected candidates are the negatives, pending ones are left out. A fixed
    share of the reviewed reports is held out (by report) and the rules, the model and both combined are scored
    on it. The model is saved in models/ beside the database; `annotator models` lists them.
    """
    from ..train.data import TrainingError
    from ..train.registry import train_and_register

    with open_store(db_path) as store:
        try:
            entry = train_and_register(store, reviewer=reviewer_name(reviewer), settings=_settings(epochs, threshold),
                                       activate=not no_activate, progress=_say)
        except TrainingError as exc:
            raise click.ClickException(f"{store.path}: cannot train: {exc}") from None
        if as_json:
            print_json(entry)
            return
        click.echo(f"model {entry['id']} {entry['name']} saved in {entry['path']}"
                   f"{' (active)' if entry['active'] else ''}")
        evaluation = next(m for m in store.models() if m["id"] == entry["id"])["metrics"].get("evaluation") or {}
        if evaluation:
            click.echo(f"held out: {_names(evaluation['documents']['eval'])}\n")
            click.echo(_comparison(evaluation))
        else:
            click.echo("no report held out (one reviewed report): no scores")


@click.group("models", invoke_without_command=True)
@db_option
@json_option
@click.pass_context
def models_cmd(ctx: click.Context, db_path: Path | None, as_json: bool) -> None:
    """List the trained models (`models activate ID` chooses the one extraction uses)."""
    ctx.obj = {"db_path": db_path}
    if ctx.invoked_subcommand is not None:
        return
    from ..train.registry import model_entries

    with open_store(db_path) as store:
        entries = model_entries(store)
    if as_json:
        print_json(entries)
        return
    if not entries:
        click.echo("no trained model: run `annotator train`")
        return
    rows = []
    for e in entries:
        sc = e["scores"]
        rows.append([e["id"], "*" if e["active"] else "", e["name"], e["created"][:19], len(e["trained_on"]),
                     _fmt(sc.get("rules", {}).get("strict_f1")), _fmt(sc.get("model", {}).get("strict_f1")),
                     _fmt(sc.get("combined", {}).get("strict_f1")),
                     "" if e["folder_exists"] else "folder missing"])
    click.echo(table(rows, ["id", "active", "name", "created", "reports", "rules F1", "model F1", "combined F1",
                            "note"]))


@models_cmd.command("activate")
@click.argument("model_id", metavar="ID")
@db_option
@reviewer_option
@click.pass_context
def activate_cmd(ctx: click.Context, model_id: str, db_path: Path | None, reviewer: str | None) -> None:
    """Make model ID the one import and re-extraction use ("none": the rules alone)."""
    from ..store import NotFound
    from ..train.model import ModelError, load

    db_path = db_path or ctx.obj.get("db_path")
    with open_store(db_path) as store:
        if model_id.lower() == "none":
            store.activate_model(None, reviewer=reviewer_name(reviewer))
            click.echo("no active model: the rules alone propose")
            return
        if not model_id.isdigit():
            raise click.ClickException(f"{model_id!r} is not a model id (see `annotator models`)")
        row = next((m for m in store.models() if m["id"] == int(model_id)), None)
        if row is None:
            raise click.ClickException(f"{store.path}: no model with id {model_id}")
        try:
            load(row["path"])
        except ModelError as exc:
            raise click.ClickException(str(exc)) from None
        try:
            store.activate_model(int(model_id), reviewer=reviewer_name(reviewer))
        except NotFound as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"model {model_id} ({row['name']}) is active")


def _model_for(store, model_id: int | None):
    """(model row, Proposer) for --model ID or the active model; a one-line error when it cannot be used."""
    from ..train.model import ModelError, load
    from ..train.propose import Proposer

    rows = store.models()
    row = next((m for m in rows if m["id"] == model_id), None) if model_id is not None else \
        next((m for m in rows if m["active"]), None)
    if row is None:
        if model_id is not None:
            raise click.ClickException(f"{store.path}: no model with id {model_id}")
        return None, None
    try:
        return row, Proposer(load(row["path"]), model_id=row["id"])
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None


def evaluate_db(db_path: Path, model_id: int | None, as_json: bool, cross_validate: bool) -> None:
    """`annotator evaluate --db`: see nlp_commands.evaluate."""
    from ..train.data import TrainingError, reviewed_reports, split_reports
    from ..train.evaluate import cross_validate as run_cv
    from ..train.evaluate import evaluate, gold_facts

    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path}: no such database")
    with open_store(db_path) as store:
        skipped: list[str] = []
        reports = reviewed_reports(store, skipped=skipped)
        for line in skipped:
            _say(line)
        if not reports:
            raise click.ClickException(f"{store.path}: no reviewed report to evaluate on")
        facts = {r.id: gold_facts(store, r.id) for r in reports}
        if cross_validate:
            try:
                result = run_cv(reports, facts=facts, progress=_say)
            except TrainingError as exc:
                raise click.ClickException(f"{store.path}: {exc}") from None
            result["documents"] = {"train": [], "eval": [r.key for r in reports]}
        else:
            row, proposer = _model_for(store, model_id)
            if row is None:
                _say("no trained model: rules alone (run `annotator train`)")
                train_reports, eval_reports = split_reports(reports)
            else:
                trained = set(row["trained_on"])
                train_reports = [r for r in reports if r.id in trained]
                eval_reports = [r for r in reports if r.id not in trained]
            if not eval_reports:
                raise click.ClickException(f"{store.path}: every reviewed report was used for training: "
                                           "nothing held out to evaluate on")
            result = evaluate(train_reports, eval_reports, proposer, facts)
            if row is None:
                result["model"] = None
            result["model_id"] = row["id"] if row else None
    if as_json:
        print_json(result)
        return
    docs = result["documents"]
    click.echo(("leave-one-report-out over " if cross_validate else "held out: ") + _names(docs["eval"]) + "\n")
    click.echo(_comparison(result))


@click.command("train-curve")
@db_option
@json_option
@click.option("--epochs", type=int, default=None, help="Passes over the training sentences (default 12).")
def train_curve_cmd(db_path: Path | None, as_json: bool, epochs: int | None) -> None:
    """Train on 25, 50, 75 and 100 % of the training reports and print the held-out strict F1 of each.

    The held-out reports are the same as `annotator train` holds out. A curve still rising at 100 % says that
    reviewing more reports will pay. Nothing is saved.
    """
    from ..train.data import TrainingError, check_trainable, reviewed_reports, split_reports
    from ..train.evaluate import curve, gold_facts

    with open_store(db_path) as store:
        try:
            reports = reviewed_reports(store, skipped=[])
            check_trainable(reports)
        except TrainingError as exc:
            raise click.ClickException(f"{store.path}: cannot train: {exc}") from None
        train_reports, eval_reports = split_reports(reports)
        if not eval_reports:
            raise click.ClickException(f"{store.path}: one reviewed report: nothing to hold out")
        facts = {r.id: gold_facts(store, r.id) for r in eval_reports}
        rows = curve(train_reports, eval_reports, _settings(epochs, None), facts=facts, progress=_say)
    if as_json:
        print_json({"documents": {"train": [r.key for r in train_reports], "eval": [r.key for r in eval_reports]},
                    "curve": rows})
        return
    click.echo(table([[f"{r['share']:.0%}", r["reports"], _fmt(r.get("rules")), _fmt(r.get("model")),
                       _fmt(r.get("combined")), r.get("error", "")] for r in rows],
                     ["share", "reports", "rules F1", "model F1", "combined F1", "note"]))


@click.command("rules")
@db_option
@json_option
@click.option("--threshold", type=float, default=0.5, show_default=True,
              help="Flag a rule whose precision is below this (with at least 5 decisions).")
def rules_cmd(db_path: Path | None, as_json: bool, threshold: float) -> None:
    """Per-rule precision from the reviewers' decisions: proposed, accepted, rejected, reject reasons.

    Every rule and model that proposed candidates is listed, flagged ones (low precision) first.
    """
    from ..train.rules_report import rule_precision

    with open_store(db_path) as store:
        rows = rule_precision(store, threshold=threshold)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("no proposed candidate in the database")
        return
    click.echo(table([["!" if r["flagged"] else "", r["rule"], r["origin"], r["proposed"], r["accepted"],
                       r["rejected"], _fmt(r["precision"]),
                       ", ".join(f"{k} {v}" for k, v in r["reasons"].items())] for r in rows],
                     ["flag", "rule", "origin", "proposed", "accepted", "rejected", "precision", "reject reasons"]))


@click.command("missed")
@click.argument("refs", nargs=-1)
@db_option
@json_option
@click.option("--model", "model_id", type=int, default=None, help="Model id (default: the active model).")
@click.option("--limit", type=int, default=50, show_default=True, help="Show at most this many sentences.")
def missed_cmd(refs: tuple[str, ...], db_path: Path | None, as_json: bool, model_id: int | None, limit: int) -> None:
    """Sentences that may hold an event no candidate covers, the model's least certain first.

    REFS are report ids or keys (default: every report). With no trained model, the rules' trigger words signal
    instead.
    """
    from ..store import NotFound
    from ..train.missed import possibly_missed

    with open_store(db_path) as store:
        try:
            ids = [store.find_document(r).id for r in refs] if refs else None
        except NotFound as exc:
            raise click.ClickException(str(exc)) from None
        row, proposer = _model_for(store, model_id)
        if proposer is None:
            _say("no active model: sentences with a trigger word no candidate covers (run `annotator train`)")
        rows = possibly_missed(store, proposer, ids, limit=limit)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("nothing possibly missed")
        return
    click.echo(table([[r["key"], f"{r['start']}..{r['end']}", r["type"], _fmt(r["probability"]),
                       r["sentence"][:80] + ("…" if len(r["sentence"]) > 80 else "")] for r in rows],
                     ["report", "chars", "suggested type", "p", "sentence"]))
