"""`annotator export`: reviewed data as spaCy DocBin, Prodigy JSONL, CoNLL, BRAT, ACLED CSV or GeoJSON."""
from __future__ import annotations

from pathlib import Path

import click

from .common import db_option, open_store


@click.command("export")
@click.option("--format", "-f", "fmt", required=True,
              type=click.Choice(["spacy", "jsonl", "conll", "brat", "acled-csv", "geojson"]),
              help="spacy and brat write a folder; the others one file.")
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path), help="Output file or folder.")
@click.option("--status", type=click.Choice(["accepted", "pending", "rejected", "all"]), default="accepted",
              show_default=True, help="Which events and stated totals to export, by review status; a jsonl "
                                      "export with 'all' is the complete, re-importable record.")
@click.option("--period", "-p", default=None,
              help="Only reports of this period: a report id or key, '96th month', YYYY-MM or START..END.")
@click.option("--documents", "-d", default=None, help="Only these reports: ids or keys, comma-separated.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Processes that render a spacy, conll, jsonl, brat or geojson export at once, in blocks of "
                   "reports written in order (the same bytes whatever N is). Default: the cores not busy over the "
                   "last minute (1 on a one-core or busy machine). Exports of fewer than 200 reports, and the other "
                   "formats, run in this process.")
@db_option
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary line.")
def export(fmt: str, out: Path, status: str, period: str | None, documents: str | None, jobs: int | None,
           db_path: Path | None, quiet: bool) -> None:
    """Export reports with their events and stated totals.

    \b
    spacy      train.spacy + dev.spacy (split by report) + config.cfg that `spacy train` runs as it is;
               spans keys "events" (by type) and "arguments" (by role)
    jsonl      one Prodigy task per report (tokens, spans with token indices, hashes, answer; accepted spans
               only) plus our event frames; `annotator import` reads it back with every decision
    conll      CoNLL-2003 IOB over the non-overlapping event spans; each event left out is named
    brat       .txt + .ann standoff per report (T/E/A/N lines), annotation.conf and tools.conf
    acled-csv  ACLED columns and codebook values, then event type, counts, review status, document, offsets
    geojson    one Point per located event, always inside the country it names

    Every span format carries an event by its trigger (docs/export-formats.md). Notes on what was left out or
    placed differently are printed to stderr.
    """
    from ..export import FORMATS, run_export
    from ..store import NotFound
    from ..summary import PeriodError

    is_folder = FORMATS[fmt][2]
    if is_folder and out.exists() and not out.is_dir():
        raise click.BadParameter(f"{out} is a file; the {fmt} export writes a folder", param_hint="--out")
    if not is_folder and out.is_dir():
        raise click.BadParameter(f"{out} is a folder; the {fmt} export writes one file", param_hint="--out")
    refs = [r.strip() for r in documents.split(",") if r.strip()] if documents else None
    store = open_store(db_path)

    def progress(p) -> None:
        if not quiet:
            click.echo(f"  {p.done:5d}/{p.total}  {p.message}", err=True)

    try:
        result = run_export(store, fmt, out, status=status, period=period, documents=refs, progress=progress,
                            jobs=jobs)
    except (PeriodError, NotFound) as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"{out}: cannot write: {exc.strerror or exc}") from exc
    finally:
        store.close()
    if not quiet:
        for line in result.skipped:
            click.echo(f"note: {line}", err=True)
    click.echo(result.summary())
    if result.documents == 0:
        click.echo("nothing matched: check --status, --period and --documents", err=True)
