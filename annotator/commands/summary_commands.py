"""`annotator summary`: the verified summary of a period as Markdown, HTML, JSON or PDF."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import db_option, open_store


@click.command("summary")
@click.option("--period", "-p", required=True,
              help="A report id or key, a reporting window ('96th month', '78 months isis'), a calendar month "
                   "(YYYY-MM) or a range (YYYY-MM-DD..YYYY-MM-DD).")
@click.option("--format", "-f", "fmt", type=click.Choice(["md", "html", "json", "pdf"]), default="md",
              show_default=True, help="Output format; the JSON is documented in docs/summary-json.md.")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (default: standard output; PDF needs --out or a pipe).")
@db_option
def summary(period: str, fmt: str, out: Path | None, db_path: Path | None) -> None:
    """Summarise a period from ACCEPTED events and ACCEPTED stated totals only.

    Gives a headline paragraph, totals by event type, the itemised timeline, and checks of each report's stated
    totals against its itemised events (trucks count entering convoys only). Every figure links to an Evidence
    appendix that quotes its sentence with the report's title, date, URL, content hash and character offsets, so
    a reader can check it without the app. Undated events are left out and listed as needing a date. When
    candidates in the period are still pending, the summary says so, lists them and is marked unverified.
    """
    from ..summary import PeriodError, render, summarise

    store = open_store(db_path)
    try:
        result = summarise(store, period)
    except PeriodError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    data = render(result, fmt)
    flagged = sum(1 for c in result["checks"] if c["flagged"])
    status = ("verified" if result["verified"] else "UNVERIFIED, no report in this period"
              if not result["documents"] else (f"UNVERIFIED, {len(result['pending']['items'])} pending, "
                                               f"{len(result['needs_date'])} needing a date"))
    note = f"{result['period']['label']}: {status}; {flagged} of {len(result['checks'])} checks flagged"
    if out is not None:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        except OSError as exc:
            raise click.ClickException(f"{out}: cannot write: {exc.strerror or exc}") from exc
        click.echo(f"wrote {out} ({note})", err=True)
        return
    if fmt == "pdf" and sys.stdout.isatty():
        raise click.UsageError("a PDF is not for the terminal: give --out FILE or pipe the output")
    click.echo(note, err=True)
    if fmt == "pdf":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        click.echo(data.decode("utf-8"), nl=False)
