"""The `annotator` command: one click group whose subcommands load lazily, so `--help` stays quick."""
from __future__ import annotations

import importlib
import sys

import click

from . import __version__

# name -> "module:attribute"; each module holds the command, its help text and its options.
COMMANDS = {
    "import": "annotator.commands.store_commands:import_cmd",
    "list": "annotator.commands.store_commands:list_cmd",
    "show": "annotator.commands.store_commands:show_cmd",
    "stats": "annotator.commands.store_commands:stats_cmd",
    "reextract": "annotator.commands.store_commands:reextract_cmd",
    "tokens": "annotator.commands.token_commands:tokens_cmd",
    "extract": "annotator.commands.nlp_commands:extract",
    "evaluate": "annotator.commands.nlp_commands:evaluate",
    "summary": "annotator.commands.summary_commands:summary",
    "export": "annotator.commands.export_commands:export",
    "gui": "annotator.commands.gui_commands:gui",
    "demo": "annotator.commands.gui_commands:demo",
    "benchmark": "annotator.commands.benchmark:benchmark",
    "train": "annotator.commands.train_commands:train_cmd",
    "train-curve": "annotator.commands.train_commands:train_curve_cmd",
    "models": "annotator.commands.train_commands:models_cmd",
    "rules": "annotator.commands.train_commands:rules_cmd",
    "missed": "annotator.commands.train_commands:missed_cmd",
    "merge": "annotator.commands.team_commands:merge_cmd",
    "agreement": "annotator.commands.team_commands:agreement_cmd",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name].split(":")
        return getattr(importlib.import_module(module), attr)

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        """A StoreError from any command (full disk, read-only file) is its one-line message, not a traceback."""
        try:
            return super().invoke(ctx)
        except Exception as exc:
            errors = sys.modules.get("annotator.store.errors")  # loaded whenever a StoreError can exist
            if errors is not None and isinstance(exc, errors.StoreError):
                raise click.ClickException(str(exc)) from exc
            raise


@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="annotator")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Review events extracted from monthly conflict-monitoring reports.

    Without a command, opens the review window on the default database (ANNOTATOR_DB, or annotator.db in
    your data folder).
    """
    if ctx.invoked_subcommand is None:
        from .commands.gui_commands import open_window
        from .paths import default_db_path

        ctx.exit(open_window(default_db_path()))


if __name__ == "__main__":
    main()
