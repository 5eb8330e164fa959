"""Team review commands: merge reviewers' databases, agreement between them, statistics by reviewer."""
from __future__ import annotations

from pathlib import Path

import click

from .common import db_option, json_option, open_store, print_json, table


@click.command("merge")
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The team database to create or update (written to a temporary file, then renamed).")
@json_option
def merge_cmd(sources: tuple[Path, ...], out: Path, as_json: bool) -> None:
    """Merge reviewers' own databases into one team database.

    SOURCES are reviewers' database files, or their JSONL exports (annotator export -f jsonl --status all).
    Reports are matched by content hash; each reviewer's decisions, edits, added events and decision-log rows
    are kept. Merging again adds only what is new. Where all reviewers agree, that decision counts; where they
    disagree, the candidate is pending until adjudicated.
    """
    from ..team import MergeError, merge_databases

    try:
        report = merge_databases(list(sources), out, progress=None if as_json else click.echo)
    except MergeError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        print_json(report.as_dict())
        return
    rows = [[s.reviewer, s.path, s.documents_new, s.candidates_new, s.decisions_changed, s.log_rows_new]
            for s in report.sources]
    click.echo(table(rows, ["reviewer", "file", "new reports", "new candidates", "new decisions", "new log rows"]))
    for s in report.sources:
        if s.log_rows_retired:
            click.echo(f"{s.path}: its decision log differs from row {s.diverged_at} on from what was merged "
                       f"(restored from an older copy?): every report was read again, and the "
                       f"{s.log_rows_retired} log rows it no longer holds are kept as retired")
    counted = ", ".join(f"{k} {v}" for k, v in sorted(report.counted.items()))
    click.echo(f"{out}: candidates {counted or 'none'}; {report.rewritten} counted versions changed")


def _fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


@click.command("agreement")
@db_option
@json_option
def agreement_cmd(db_path: Path | None, as_json: bool) -> None:
    """Agreement between the reviewers of a merged database: Cohen's kappa and event F1 per pair, the share of
    matched events whose fields agree, Krippendorff's alpha over all; per event type and per report."""
    from ..team.agreement import agreement

    if db_path is not None and not db_path.exists():
        raise click.ClickException(f"{db_path}: no such database (annotator merge A.db B.db --out {db_path})")
    with open_store(db_path) as store:
        result = agreement(store)
    if as_json:
        print_json(result)
        return
    if len(result["reviewers"]) < 2:
        raise click.ClickException(f"{db_path}: fewer than two reviewers merged (annotator merge A.db B.db --out ...)")
    click.echo(f"reviewers: {', '.join(result['reviewers'])}; candidates: {result['candidates']}; "
               f"Krippendorff's alpha: {_fmt(result['krippendorff_alpha'])}")
    rows = [[" / ".join(p["reviewers"]), p["decided_by_both"], _fmt(p["cohen_kappa"]), _fmt(p["event_f1"]),
             _fmt(p["fields_agree"]["all"])] for p in result["pairs"]]
    click.echo(table(rows, ["pair", "decided by both", "kappa", "event F1", "fields agree"]))
    for p in result["pairs"]:
        click.echo(f"\n{' / '.join(p['reviewers'])} by event type")
        click.echo(table([[t, v["decided_by_both"], _fmt(v["cohen_kappa"]), _fmt(v["event_f1"]),
                           _fmt(v["fields_agree"]["all"])] for t, v in p["per_type"].items()],
                         ["type", "decided by both", "kappa", "event F1", "fields agree"]))
    click.echo("\nby report")
    click.echo(table([[k, _fmt(r["krippendorff_alpha"]), ", ".join(r["reviewers"])]
                      for k, r in result["per_report"].items()], ["report", "alpha", "reviewed by"]))


def print_reviewer_stats(db_path: Path | None, as_json: bool) -> None:
    """`annotator stats --by-reviewer`."""
    from ..team.reviewer_stats import reviewer_stats

    with open_store(db_path) as store:
        rows = reviewer_stats(store)
    if as_json:
        print_json(rows)
        return
    pct = lambda v: "-" if v is None else f"{100 * v:.0f}%"  # noqa: E731
    click.echo(table([[r["reviewer"], r["decisions"], pct(r["accept_rate"]), _fmt(r["edits_per_event"]),
                       r["reports"], "-" if r["median_seconds_per_report"] is None
                       else f"{r['median_seconds_per_report']:.0f} s"] for r in rows],
                     ["reviewer", "decisions", "accepted", "edits per event", "reports", "median time per report"]))
