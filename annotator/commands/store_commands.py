"""Commands over the database: import, list, show, stats, reextract."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .common import db_option, json_option, open_store, print_json, reviewer_name, reviewer_option, table


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--encoding: a codec name Python knows, checked before any file is read."""
    from ..ingest.readers import check_encoding

    if value is None:
        return None
    try:
        return check_encoding(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


encoding_option = click.option(
    "--encoding", callback=_encoding, metavar="NAME",
    help="Read every file in this encoding (e.g. cp1252, mac-roman, cp1256) instead of detecting it; for files "
         "refused as not clearly UTF-8, cp1252 or cp1256.")


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())  # str: an empty one must stay ""
@click.option("--published", callback=_iso_date, help="Publication date (YYYY-MM-DD) for reports that lack one.")
@encoding_option
@click.option("--extract/--no-extract", default=True, show_default=True,
              help="Run the extraction pipeline and store its candidates as pending.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Processes that extract at once. Default: the cores not busy over the last minute (1 on a "
                   "one-core or busy machine). An import of 20 new reports or fewer always extracts in this "
                   "process; the stored rows are the same whatever N is.")
@db_option
@reviewer_option
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary line.")
def import_cmd(paths: tuple[str, ...], published: str | None, encoding: str | None, extract: bool,
               jobs: int | None, db_path: Path | None, reviewer: str | None, quiet: bool) -> None:
    """Import reports: files and folders (recursively) of .txt, .md, .html/.htm and .jsonl.

    Each report is stored with its text (NFC, LF line endings), title, source, publication date, series and
    period. A report already in the database is kept once. Files that fail are named on stderr, the others
    still go in, and the exit code is 1 when anything failed. A file that is not UTF-8 is read as cp1252 or
    cp1256 when it reads clearly as such, else refused with a message: name its encoding with --encoding.
    Extraction runs in --jobs worker processes when there are more than 20 new reports; reading and writing
    stay here, one transaction per report, in the order the files are read.
    """
    from ..importing import ImportReport, Progress, import_paths

    store = open_store(db_path)
    report = ImportReport()
    try:
        for item in import_paths(store, paths, reviewer=reviewer_name(reviewer), published=published,
                                 extract=extract, encoding=encoding, jobs=jobs):
            if isinstance(item, Progress):
                if not quiet:
                    click.echo(f"  {item.done:5d}  {item.message}", err=True)
            else:
                report = item
    finally:
        store.close()
    for err in report.errors:
        click.echo(f"error: {err}", err=True)
    for note in report.notes:
        click.echo(f"warning: {note}", err=True)
    if not quiet:
        for source, existing in report.duplicates:
            click.echo(f"already present: {source} (document {existing})", err=True)
    click.echo(report.summary())
    sys.exit(0 if report.ok else 1)


@click.command("list")
@click.option("--search", help="Only reports whose title or text contains all these words (full-text).")
@click.option("--status", type=click.Choice(["all", "pending", "done", "accepted", "rejected"]), default="all",
              help="pending: has undecided candidates; done: none left.")
@db_option
@json_option
def list_cmd(search: str | None, status: str, db_path: Path | None, as_json: bool) -> None:
    """List the reports in the database with their periods and review progress."""
    with open_store(db_path) as store:
        docs = store.documents(search=search, status=status)
    if as_json:
        print_json([{k: v for k, v in d.__dict__.items() if k not in ("text", "meta")} for d in docs])
        return
    if not docs:
        click.echo("no reports" + (" match" if search or status != "all" else " yet: run `annotator import PATH`"))
        return
    rows = [[d.id, d.key, d.title[:58], d.period, d.published, d.counts["pending"], d.counts["accepted"],
             d.counts["rejected"], d.words] for d in docs]
    click.echo(table(rows, ["id", "key", "title", "period", "published", "pending", "accepted", "rejected",
                            "words"]))


@click.command("show")
@click.argument("ref")
@click.option("--text", "with_text", is_flag=True, help="Also print the report text.")
@db_option
@json_option
def show_cmd(ref: str, with_text: bool, db_path: Path | None, as_json: bool) -> None:
    """Show one report (by id or key) with its events and stated totals."""
    from ..store import NotFound

    with open_store(db_path) as store:
        try:
            doc = store.find_document(ref)
        except NotFound as exc:
            raise click.ClickException(str(exc)) from exc
        events, facts = store.events(doc.id), store.facts(doc.id)
        text = store.document_text(doc.id)
    if as_json:
        data = {k: v for k, v in doc.__dict__.items() if k != "text"}
        data["events"] = [e.to_dict() for e in events]
        data["facts"] = [f.__dict__ for f in facts]
        if with_text:
            data["text"] = text
        print_json(data)
        return
    click.echo(f"{doc.title}\n")
    for label, value in (("id", doc.id), ("key", doc.key), ("source", doc.source), ("published", doc.published),
                         ("period", doc.period or "unknown"), ("series", doc.series), ("words", doc.words),
                         ("imported", doc.imported_at), ("extracted", doc.extracted_at)):
        click.echo(f"{label:>10}: {'' if value is None else value}")
    if facts:
        click.echo("\nStated totals")
        click.echo(table([[f.id, f.kind, f.value, f.status, f.evidence[:70]] for f in facts],
                         ["id", "kind", "value", "status", "evidence"]))
    click.echo(f"\nEvents ({len(events)})")
    if events:
        click.echo(table([[e.id, e.type, e.date, e.location, ", ".join(e.actors)[:30],
                           " ".join(f"{k}={c.value}" for k, c in e.counts.items()), e.status,
                           e.evidence[:50].replace("\n", " ")] for e in events],
                         ["id", "type", "date", "location", "actors", "counts", "status", "evidence"]))
    if with_text:
        click.echo("\n" + text)


@click.command("stats")
@db_option
@json_option
@click.option("--by-reviewer", is_flag=True, help="Per reviewer: decisions, accept rate, edits, time per report.")
def stats_cmd(db_path: Path | None, as_json: bool, by_reviewer: bool) -> None:
    """Counts of reports, events by status and type, stated totals and decisions."""
    if by_reviewer:
        from .team_commands import print_reviewer_stats

        return print_reviewer_stats(db_path, as_json)
    with open_store(db_path) as store:
        stats = store.stats()
    if as_json:
        print_json(stats)
        return
    rows = [["database", stats["database"]], ["schema", stats["schema"]], ["reports", stats["documents"]],
            ["words", stats["words"]], ["events", stats["events"]]]
    rows += [[f"  {k}", v] for k, v in stats["events_by_status"].items()]
    rows += [["stated totals", sum(stats["facts_by_status"].values())]]
    rows += [[f"  {k}", v] for k, v in stats["facts_by_status"].items()]
    rows += [["decisions", stats["decisions"]], ["reviewers", ", ".join(stats["reviewers"])],
             ["models", stats["models"]]]
    click.echo(table(rows, ["what", "count"]))
    if stats["events_by_type"]:
        click.echo("\n" + table([[k, v] for k, v in stats["events_by_type"].items()], ["event type", "events"]))


@click.command("reextract")
@click.argument("refs", nargs=-1)
@db_option
@reviewer_option
def reextract_cmd(refs: tuple[str, ...], db_path: Path | None, reviewer: str | None) -> None:
    """Run the current pipeline again over stored reports (all, or the ids/keys given).

    Decided events, and pending candidates a reviewer edited, stay; untouched pending candidates are replaced
    (each replacement is logged); a new candidate that overlaps a kept event of the same type is not proposed
    again. A report whose extraction fails keeps its candidates, is named on stderr, and the exit code is 1.
    """
    from ..importing import Progress, reextract
    from ..store import NotFound

    with open_store(db_path) as store:
        try:
            ids = [store.find_document(r).id for r in refs] if refs else None
        except NotFound as exc:
            raise click.ClickException(str(exc)) from exc
        totals: dict[str, int] = {}
        for item in reextract(store, ids, reviewer=reviewer_name(reviewer)):
            if isinstance(item, Progress):
                failed = item.message.startswith("error: ")
                click.echo(item.message if failed else f"  {item.done}/{item.total}  {item.message}", err=True)
            else:
                totals = item
    click.echo(f"{totals.get('documents', 0)} reports re-extracted: {totals.get('added', 0)} candidates added, "
               f"{totals.get('removed', 0)} pending replaced, {totals.get('kept', 0)} decided kept, "
               f"{totals.get('suppressed', 0)} not proposed again"
               + (f", {totals['failed']} failed" if totals.get("failed") else ""))
    if totals.get("failed"):
        sys.exit(1)
