"""`annotator extract` and `annotator evaluate`: the extraction pipeline without a database."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .common import table
from .store_commands import _iso_date, encoding_option


def _read(paths: tuple[str, ...], published: str | None, encoding: str | None = None):
    """DocumentIn items in order; read errors go to stderr. Returns (documents, number of errors)."""
    from ..ingest import ReadError, read_paths

    docs, errors = [], 0
    for item in read_paths(list(paths), published=published, encoding=encoding):
        if isinstance(item, ReadError):
            click.echo(f"error: {item}", err=True)
            errors += 1
        else:
            if item.meta.get("decoding_note"):
                click.echo(f"warning: {item.source}: {item.meta['decoding_note']}", err=True)
            docs.append(item)
    return docs, errors


def _extract_documents(docs) -> tuple[list[dict], int]:
    """The extract JSON of each document, and how many failed (each named on stderr, the others go on)."""
    from ..nlp.jsonout import document_json
    from ..nlp.service import ExtractionFailed, extract_each, get_extractor

    items = [(d.text, {"published": d.published, "period": d.period}) for d in docs]
    out, failed = [], 0
    for d, ex in zip(docs, extract_each(get_extractor(), items)):
        if isinstance(ex, ExtractionFailed):
            click.echo(f"error: {d.source} ({d.key}): extraction failed: {ex}", err=True)
            failed += 1
            continue
        out.append(document_json(d.key, d.title, d.published, d.period, ex))
    return out, failed


def _counts(e: dict) -> str:
    parts = [f"{k} {e[k]}" for k in ("killed", "injured", "arrested", "trucks") if e.get(k) is not None]
    return ", ".join(parts)


def _print_table(documents: list[dict]) -> None:
    for n, d in enumerate(documents):
        if n:
            click.echo()
        period = d["period"]
        click.echo(f"{d['id']}  {d['title'][:80]}")
        click.echo(f"published {d['published'] or '-'}  period "
                   f"{period['start'] + ' .. ' + period['end'] if period else '-'}")
        facts = ", ".join(f"{k} {v if not isinstance(v, list) else ' '.join(v)}"
                          for k, v in d["facts"].items() if v is not None)
        click.echo(f"stated totals: {facts or 'none'}")
        rows = []
        for e in d["events"]:
            kind = e["type"] + (f" ({e['direction']})" if e.get("direction") else "")
            date = e["date"] or "-"
            if e.get("in_period") is False:
                date += " *"
            evidence = " ".join(e["evidence"].split())
            rows.append([date, kind, e["location"] or "-", _counts(e), f"{e['confidence']:.2f}",
                         evidence[:70] + ("…" if len(evidence) > 70 else "")])
        if rows:
            click.echo(table(rows, ["date", "type", "location", "counts", "conf", "evidence"]))
            if any(e.get("in_period") is False for e in d["events"]):
                click.echo("* outside the report's period")
        else:
            click.echo("no candidate events")


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=False))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="json: the documented JSON shape; table: a readable summary per report.")
@click.option("--published", default=None, metavar="YYYY-MM-DD", callback=_iso_date,
              help="Publication date for reports that do not state one (dates without a year resolve against it).")
@encoding_option
def extract(paths: tuple[str, ...], fmt: str, published: str | None, encoding: str | None) -> None:
    """Print candidate events and stated totals for reports, without a database.

    PATHS are .txt .md .html or .jsonl files, or folders of them; a .jsonl file gives one report per line
    (id from meta.id). Unreadable inputs are reported on stderr and make the exit status 1.
    """
    docs, errors = _read(paths, published, encoding)
    documents, failed = _extract_documents(docs)
    errors += failed
    if fmt == "json":
        click.echo(json.dumps({"documents": documents}, ensure_ascii=False, indent=2))
    else:
        _print_table(documents)
    if errors:
        sys.exit(1)


@click.command("evaluate")
@click.argument("gold_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(exists=False))
@click.option("--published", default=None, metavar="YYYY-MM-DD", callback=_iso_date,
              help="Publication date for reports without one.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the predictions (the extract JSON) to this file.")
@click.option("--min-f1", type=float, default=None, help="Exit with status 1 when the strict event F1 is below this.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Instead of gold files: score rules, model and combined on the database's held-out reviewed reports.")
@click.option("--model", "model_id", type=int, default=None, help="With --db: the model to score (default: active).")
@click.option("--cross-validate", is_flag=True, help="With --db: leave one reviewed report out in turn, train, score.")
def evaluate(gold_dir: Path | None, paths: tuple[str, ...], published: str | None, as_json: bool, out: Path | None,
             min_f1: float | None, db_path: Path | None, model_id: int | None, cross_validate: bool) -> None:
    """Extract reports and score the result against gold annotations.

    GOLD_DIR holds one <id>.json per report (the format of ../shared/corpus/gold); a report is matched to
    its gold file by id (file stem, or meta.id in JSONL). Prints per-type precision, recall and F1, then the
    same lines as ../shared/tools/score_events.py: strict and family event F1, count, location, actor, target
    and stated-total accuracy, and review corrections per gold event; the last line is the strict event F1.
    --json prints score_events.py's JSON with a `per_type` key added.

    With --db DB (no GOLD_DIR): the reviewed reports are the truth; see `annotator train`.
    """
    if db_path is not None:
        from .train_commands import evaluate_db

        return evaluate_db(db_path, model_id, as_json, cross_validate)
    if gold_dir is None or not paths:
        raise click.UsageError("give GOLD_DIR and PATHS, or --db DB")
    from ..nlp.scoring import format_per_type, format_score, score

    docs, errors = _read(paths, published)
    documents, failed = _extract_documents(docs)
    errors += failed
    predictions = {"documents": documents}
    if out is not None:
        out.write_text(json.dumps(predictions, ensure_ascii=False, indent=1), encoding="utf-8")
    result = score(gold_dir, predictions)
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        # Per-type figures first, so the closing lines stay score_events.py's, strict F1 last.
        click.echo(format_per_type(result) + "\n\n" + format_score(result))
    if errors or (min_f1 is not None and result["strict"]["f1"] < min_f1):
        sys.exit(1)
