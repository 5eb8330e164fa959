"""jinja2 environments for the HTML and Markdown summaries (templates in resources/templates/).

Both auto-escape: every value from a report (titles, quotes, actor names) is text, never markup, so a report
that contains "<script>" or "|" cannot change the page or break a table. The Markdown environment escapes as
HTML (GitHub renders entities) and its `cell` filter also escapes the table pipe and newlines.
"""
from __future__ import annotations

from functools import cache

from markupsafe import Markup, escape

from ..paths import resources_dir


def _md_cell(value) -> Markup:
    text = "" if value is None else str(value)
    return Markup(str(escape(" ".join(text.split()))).replace("|", "&#124;"))


@cache
def environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(resources_dir() / "templates")),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["cell"] = _md_cell
    return env


def render_template(name: str, **context) -> str:
    return environment().get_template(name).render(**context)
