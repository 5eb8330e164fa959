"""`annotator tokens`: how many reports have their tokens stored, and filling the missing ones."""
from __future__ import annotations

from pathlib import Path

import click

from .common import db_option, json_option, open_store, print_json, reviewer_name, reviewer_option


@click.command("tokens")
@click.option("--fill", is_flag=True,
              help="Tokenise the reports that have no stored tokens and store them (~1 ms a report), in batches "
                   "of 200, each one transaction: an interrupted fill keeps what it did and goes on when run "
                   "again.")
@db_option
@reviewer_option
@json_option
@click.option("-q", "--quiet", is_flag=True, help="Print no progress lines.")
def tokens_cmd(fill: bool, db_path: Path | None, reviewer: str | None, as_json: bool, quiet: bool) -> None:
    """How many reports have their tokens stored; with --fill, store the missing ones.

    Import stores each report's tokens, and the span exports (spacy, jsonl, conll) read them instead of
    tokenising the report again. A database made before they were stored, or by another spaCy version, has
    reports without them, and exporting those takes about twice as long: `annotator tokens --fill` once
    stores them. Reports that cannot be stored (a text spaCy refuses, a 64-character word) are tokenised at
    export, as before. Each batch is written to the decision log as action "tokens".
    """
    from ..export.token_fill import fill_tokens, token_status

    with open_store(db_path) as store:
        result = None
        if fill:
            def progress(p) -> None:
                if not (quiet or as_json):  # --json prints one JSON document
                    click.echo(f"  {p.done:6d}/{p.total}  {p.message}", err=True)

            try:
                result = fill_tokens(store, reviewer=reviewer_name(reviewer), progress=progress)
            except KeyboardInterrupt:
                raise click.ClickException("interrupted: the batches done are kept; run it again to go on") \
                    from None
        status = token_status(store)
    if as_json:
        data = {"reports": status.reports, "stored": status.stored, "missing": status.missing,
                "tokenizer": status.tokenizer}
        if result is not None:
            data.update(filled=result.filled, left=result.left)
        print_json(data)
        return
    if result is not None:
        click.echo(result.summary())
    line = f"{status.stored} of {status.reports} reports have stored tokens ({status.tokenizer})"
    if status.missing:
        line += f"; {status.missing} without" + ("" if fill else ": store them with `annotator tokens --fill`")
    click.echo(line)
