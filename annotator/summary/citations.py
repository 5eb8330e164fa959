"""How a published summary cites its evidence so that a reader without the app (and without our database) can check
each figure: the report's title, date, URL and content hash, the character offsets of the quoted sentence in the
report's stored text, the sentence itself, and, where the report has a web address, a link that scrolls a browser
to the sentence with a text fragment (https://wicg.github.io/scroll-to-text-fragment/).

The `annotator://document/ID?start=S&end=E` address is kept in the JSON as `uri` for the window only: a local
database id means nothing elsewhere, so no published renderer (Markdown, HTML, PDF) writes it.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

# A text fragment names the quote by its first and last words (textStart,textEnd) when it is long: a browser
# matches whole words, and a long fragment breaks on any difference of punctuation between our text and the page.
FRAGMENT_WORDS = 5


def flatten(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _fragment_part(words: list[str]) -> str:
    # quote() leaves "-" alone, but "-" "," and "&" are syntax inside a text directive.
    return quote(" ".join(words), safe="").replace("-", "%2D")


def text_fragment(quote_text: str) -> str:
    """`:~:text=` directive for a quote: the whole quote when short, else its first and last words."""
    words = flatten(quote_text).split(" ")
    words = [w for w in words if w]
    if not words:
        return ""
    if len(words) <= 2 * FRAGMENT_WORDS:
        return f":~:text={_fragment_part(words)}"
    return f":~:text={_fragment_part(words[:FRAGMENT_WORDS])},{_fragment_part(words[-FRAGMENT_WORDS:])}"


def document_url(doc) -> str | None:
    """The report's web address: meta url, else the source it was imported from when that is a URL."""
    meta = getattr(doc, "meta", None) or {}
    for candidate in (meta.get("url"), getattr(doc, "source", None)):
        if isinstance(candidate, str) and candidate.startswith(("http://", "https://")):
            return candidate
    return None


def link_to_quote(url: str | None, quote_text: str) -> str | None:
    if not url:
        return None
    fragment = text_fragment(quote_text)
    base = url.split("#", 1)[0]
    return f"{base}#{fragment}" if fragment else base


def citation(doc, start: int, end: int, sentence: str) -> dict[str, Any]:
    """Everything a reader needs to find the sentence again: stable document reference plus offsets."""
    url = document_url(doc) if doc is not None else None
    sentence = flatten(sentence)
    return {
        "title": doc.title if doc is not None else None,
        "published": doc.published if doc is not None else None,
        "url": url,
        "content_hash": f"sha256:{doc.content_hash}" if doc is not None and doc.content_hash else None,
        "start": start, "end": end, "sentence": sentence,
        "link": link_to_quote(url, sentence),
    }
