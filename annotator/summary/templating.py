"""jinja2 environments for the HTML and Markdown summaries (templates in resources/templates/).

Both escape every value they print: what a report says (titles, quotes, actor names) is text, never markup, so
a report that contains "<script>" or "|" cannot change the page or break a table.
- HTML: jinja2's autoescape (markupsafe), on for every {{ }}; right-to-left text and bidi controls isolated.
- Markdown: a `finalize` hook escapes every printed value's &, < and > (GitHub renders them as text), puts a
  backslash before Markdown's inline syntax (`[ ] * _ \\` and the backtick: no image, link or emphasis comes from
  a report) and joins its lines; quotes and apostrophes stay readable in the raw file. The `cell` filter also
  escapes the table pipe.
"""
from __future__ import annotations

import re
from functools import cache

from markupsafe import Markup, escape

from ..paths import resources_dir


# Markdown's own inline syntax in what a report says: "![x](url)" would be a live image, "[x](url)" a link,
# "`", "*" and "_" would restyle the quote. A backslash before each keeps the character as text.
_MD_SYNTAX = re.compile(r"([\\`*_\[\]])")


def _md_escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # One line: a value never starts a heading, list or quote of its own on the next line.
    return _MD_SYNTAX.sub(r"\\\1", " ".join(text.split()) if "\n" in text else text)


def _md_finalize(value):
    if isinstance(value, Markup):  # already escaped by `cell`
        return str(value)
    return _md_escape("" if value is None else str(value))


def _md_cell(value) -> Markup:
    text = " ".join(("" if value is None else str(value)).split())
    return Markup(_md_escape(text).replace("|", "&#124;"))


def _html_cell(value) -> Markup:
    return escape("" if value is None else value)


# Bidi controls (LRE..RLO, LRI..PDI, marks) and right-to-left letters (Hebrew, Arabic, their presentation forms).
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _html_finalize(value):
    """A printed value holding right-to-left text or a bidi control is its own isolate (<bdi>), so an RLO in a
    quote cannot reverse the labels, links and figures printed after it, and an Arabic quote reads in its own
    direction. Values in attributes and <title> go through `attr` instead (no markup can go there)."""
    if value is None or isinstance(value, Markup):
        return value
    text = str(value)
    if _BIDI.search(text):
        return Markup('<bdi dir="auto">') + escape(text) + Markup("</bdi>")
    return value


def _html_attr(value) -> Markup:
    """For attributes and <title>: bidi controls removed (they cannot be isolated there), the rest escaped."""
    return escape(_BIDI_CONTROLS.sub("", "" if value is None else str(value)))


@cache
def environment(kind: str = "html"):
    import jinja2

    loader = jinja2.FileSystemLoader(str(resources_dir() / "templates"))
    common = dict(loader=loader, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                  keep_trailing_newline=True)
    if kind == "md":
        env = jinja2.Environment(autoescape=False, finalize=_md_finalize, **common)
        env.filters["cell"] = _md_cell
    else:
        env = jinja2.Environment(autoescape=True, finalize=_html_finalize, **common)
        env.filters["cell"] = _html_cell
        env.filters["attr"] = _html_attr
    return env


def render_template(name: str, **context) -> str:
    kind = "md" if name.endswith(".md.j2") else "html"
    return environment(kind).get_template(name).render(**context)
