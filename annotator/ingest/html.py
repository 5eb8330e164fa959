"""HTML pages: the article's text (no scripts, styles, menus or cookie notices), its title and date.

trafilatura does the boilerplate removal; when it finds nothing (very short pages), or the page is over
MAX_TRAFILATURA, a plain lxml pass keeps the paragraphs and headings outside navigation, headers, footers and
consent banners.
"""
from __future__ import annotations

import re

import lxml.html
from lxml import etree

from .metadata import parse_date

_DROP_TAGS = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
              "button", "svg", "iframe", "menu"]
_BOILERPLATE = re.compile(r"cookie|consent|gdpr|banner|newsletter|subscribe|share|social|breadcrumb|"
                          r"menu|navbar|sidebar|popup|modal", re.IGNORECASE)
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd", "dt",
           "figcaption"}
_DATE_META = [
    "//meta[@property='article:published_time']/@content",
    "//meta[@name='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='date']/@content",
    "//meta[@name='DC.date.issued']/@content",
    "//meta[@name='pubdate']/@content",
    "//time[@itemprop='datePublished']/@datetime",
    "//time[@pubdate]/@datetime",
]


# A start tag this long is not markup anyone wrote: libxml2 compares each attribute with all the others
# (40,000 attributes on one tag took 24 s), so such a tag is cut down to its name before parsing.
MAX_TAG = 4096
_LONG_TAG = re.compile(r"<([A-Za-z][\w:-]*)[^<>]{%d,}>" % MAX_TAG)


# trafilatura takes about 10 s per MB of HTML (5 s for 480 KB of paragraphs on the 2-core machine), the
# plain lxml pass 1 s; article pages are 50-300 KB, so only larger pages take the lxml pass, to bound the time.
MAX_TRAFILATURA = 512 * 1024


def html_to_document_parts(html: str) -> tuple[str, str | None, str | None]:
    """(article text, title, ISO publication date from the page's metadata) of an HTML page."""
    html = _LONG_TAG.sub(r"<\1>", html)
    text = ""
    if len(html) <= MAX_TRAFILATURA:
        import trafilatura  # here, not at the top: it cost every start ~0.13 s, HTML input or not

        text = trafilatura.extract(html, include_comments=False, include_tables=True, deduplicate=False) or ""
    tree = _parse(html)
    if not text.strip() and tree is not None:
        text = _fallback_text(tree)
    return text, _title(tree), _published(tree)


def _parse(html: str):
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def _title(tree) -> str | None:
    if tree is None:
        return None
    # og:title is the article headline; <title> often adds the site name, so it comes second.
    for query in ("//meta[@property='og:title']/@content", "//title//text()", "//h1//text()"):
        found = " ".join(" ".join(tree.xpath(query)).split())
        if found:
            return found
    return None


def _published(tree) -> str | None:
    if tree is None:
        return None
    for query in _DATE_META:
        for value in tree.xpath(query):
            try:
                return parse_date(value)
            except ValueError:
                continue
    return None


def _fallback_text(tree) -> str:
    body = tree.find("body") if tree.find("body") is not None else tree
    for element in list(body.iter()):
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions carry no text_content()
        marks = " ".join((element.get("id") or "", element.get("class") or "", element.get("role") or ""))
        if element.tag in _DROP_TAGS or (marks.strip() and _BOILERPLATE.search(marks)) or \
                element.get("role") in ("navigation", "banner", "contentinfo", "dialog"):
            if element.getparent() is not None:
                element.drop_tree()
    blocks = []
    for element in body.iter(*_BLOCKS):
        if any(ancestor.tag in _BLOCKS for ancestor in element.iterancestors()):
            continue  # a <p> inside an <li> is part of the item's text
        line = " ".join(element.text_content().split())
        if line:
            blocks.append(f"- {line}" if element.tag == "li" else line)
    return "\n".join(blocks)
