"""Text taken from a PDF or an e-mail is wrapped: a paragraph runs over several lines, each broken where the page
ran out, not where a sentence ends ("... killing two members of\\nthe Asayish ..."). The pipeline reads a line as a
block (blocks.py starts a sentence at each, and a "\\n" token stops every pattern), so a wrapped month lost its
events: the eighth unseen batch's coalition-146 gave none of its seven at first sight, each line's day cut off
from the event told on the next.

unwrap() gives the text the rules read: the same characters, with each line break inside a wrapped paragraph
replaced by a space. The length is kept, so every offset found in it is an offset of the original text; the
service takes evidence and argument text from the original (service.py). A text is taken as wrapped when several
of its lines end mid-sentence directly above another line and few of its lines run longer than a page is wide;
a report that puts one paragraph on a line (the development corpus, most outlets) is left as it is.
Thresholds in resources/nlp/events.json `wrapped_lines`.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .config import load_json

_SPACE_OR_END = frozenset(" \t\r\n\u00a0")
# A line that opens an item of its own: a bullet, a number "1." / "(2)", a table row, a time "12:05".
_ITEM = re.compile(r"\(?\d{1,2}[.)]\s|\d{1,2}:\d{2}\b")


@lru_cache(maxsize=4)
def _config(config_path: str = "") -> dict:
    cfg = load_json(config_path, "events.json")
    wrap = cfg["wrapped_lines"]
    return {"min_chars": int(wrap["min_chars"]), "min_lines": int(wrap["min_lines"]),
            "max_width": int(wrap["max_width"]), "max_wide_share": float(wrap["max_wide_share"]),
            "ends": tuple(wrap["sentence_ends"]), "bullets": set(cfg["bullet_chars"]),
            "ends_chars": _SPACE_OR_END | {e for e in wrap["sentence_ends"] if len(e) == 1}}


def _opens_item(line: str, bullets: set[str]) -> bool:
    first = line[0]
    if first in bullets or unicodedata.category(first) == "So":
        return True
    return bool(_ITEM.match(line)) or "\t" in line or line.count("|") >= 2


def wrap_breaks(text: str, config_path: str = "") -> list[int]:
    """The offsets of the line breaks inside wrapped paragraphs ([] when the text is not wrapped)."""
    cfg = _config(config_path)
    # Counted first over the line breaks alone, so that a report with a paragraph on each line costs a few
    # str.find calls (splitting every report's lines, or a regex over its text, cost 0.35-0.5 ms of the five corpus
    # reports' 48 ms): a break after a character that ends no sentence, before a line that is not blank.
    ends, found, at = cfg["ends_chars"], 0, text.find("\n")
    while at != -1 and found < cfg["min_lines"]:
        if at > 0 and text[at - 1] not in ends and text[at + 1:at + 2] not in ("\n", ""):
            found += 1
        at = text.find("\n", at + 1)
    if found < cfg["min_lines"]:
        return []
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    filled = [s for s in stripped if s]
    wide = sum(len(s) > cfg["max_width"] for s in filled)
    if not filled or wide > cfg["max_wide_share"] * len(filled):
        return []  # paragraphs on a line each: not wrapped
    breaks: list[int] = []
    at = 0
    for i in range(len(lines) - 1):
        at += len(lines[i])  # the "\n" after line i
        here, below = stripped[i], stripped[i + 1]
        if (len(here) >= cfg["min_chars"] and below and not here.endswith(cfg["ends"])
                and "\t" not in here and here.count("|") < 2 and not _opens_item(below, cfg["bullets"])):
            breaks.append(at)
        at += 1
    return breaks if len(breaks) >= cfg["min_lines"] else []


def unwrap(text: str, config_path: str = "") -> str:
    """`text` with each line break inside a wrapped paragraph replaced by a space (same length)."""
    breaks = wrap_breaks(text, config_path)
    if not breaks:
        return text
    chars = list(text)
    for at in breaks:
        chars[at] = " "
    return "".join(chars)
