"""`annotator gui` and `annotator demo`; open_window() is what a bare `annotator` runs."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import db_option


def open_window(db_path: str | Path | None = None) -> int:
    """Open the review window on db_path (default: ANNOTATOR_DB or the user's database); returns the exit code."""
    from ..app import run

    return run(db_path)


def demo_db_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("annotator", appauthor=False)) / "demo.db"


def build_demo_database(path: Path, *, reviewer: str = "demo", echo=None) -> list[int]:
    """A fresh database holding the bundled demo reports with their extracted candidates. Returns document ids."""
    from ..importing import ImportReport, import_paths
    from ..paths import resources_dir
    from ..store import Store

    for suffix in ("", "-wal", "-shm"):  # fresh: the previous demo database goes
        p = Path(str(path) + suffix)
        if p.exists():
            p.unlink()
    demo = resources_dir() / "demo" / "reports"
    with Store(path) as store:
        report = None
        for item in import_paths(store, [demo], reviewer=reviewer):
            if isinstance(item, ImportReport):
                report = item
            elif echo:
                echo(f"  {item.done}: {item.message}")
    if report is None or not report.imported:
        raise click.ClickException(f"no demo reports could be imported from {demo}"
                                   + (f": {'; '.join(report.errors)}" if report and report.errors else ""))
    if echo:
        echo(f"demo database {path}: {report.summary()}")
    return report.imported


@click.command("gui")
@db_option
def gui(db_path: Path | None) -> None:
    """Open the review window (on the default database unless --db is given)."""
    sys.exit(open_window(db_path))


@click.command("demo")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to build the demo database (default: demo.db in your data folder; replaced if present).")
def demo(db_path: Path | None) -> None:
    """Build a fresh database from the bundled demo reports (import and extraction), then open the window."""
    path = db_path or demo_db_path()
    click.echo("Building the demo database (extracting candidates)…", err=True)
    build_demo_database(path, echo=lambda s: click.echo(s, err=True))
    sys.exit(open_window(path))
