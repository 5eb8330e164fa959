"""Options and helpers shared by the commands."""
from __future__ import annotations

import getpass
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..paths import default_db_path


def _remember_init(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta["annotator.init"] = value
    return value


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    # --init is read by open_store through the context, so no command's signature changes.
    f = click.option("--init", is_flag=True, expose_value=False, callback=_remember_init, is_eager=True,
                     help="Add annotator's tables to an existing SQLite file of another program.")(f)
    return click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help="SQLite database file (default: ANNOTATOR_DB, or annotator.db in your data folder).")(f)


def reviewer_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--reviewer", default=None,
                        help="Name written to the decision log (default: ANNOTATOR_REVIEWER or your login).")(f)


def json_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of a table.")(f)


def reviewer_name(value: str | None) -> str:
    if value:
        return value
    try:
        return os.environ.get("ANNOTATOR_REVIEWER") or getpass.getuser()
    except Exception:  # no login name in some containers
        return "reviewer"


def open_store(db_path: Path | None):
    """Open the store, turning any problem into a one-line click error that names the file."""
    from ..store import Store, StoreError

    ctx = click.get_current_context(silent=True)
    init = bool(ctx and ctx.meta.get("annotator.init"))
    try:
        return Store(db_path or default_db_path(), init=init)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def table(rows: list[list[Any]], headers: list[str]) -> str:
    """A plain aligned text table (no dependency: the CLI must stay quick to start)."""
    cells = [[("" if c is None else str(c)) for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in cells])
