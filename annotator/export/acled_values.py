"""Values in ACLED's codebook terms: actor names and categories, interaction labels, source names, plain notes.

- Actors: each name (canonical or as written) is looked up in our actor table (resources/actors.json, the same
  lookup extraction uses), which carries ACLED's actor name and inter code; "International Coalition forces",
  "Coalition Forces" and "the Coalition" all become "Global Coalition Against Daesh". A name the table does not
  know is kept as written and categorised by keywords, or left uncategorised rather than guessed.
- inter codes 1-8 and their labels are ACLED's; `interaction` is the pair in code order ("State forces-Rebel
  group", never "Rebel group-State forces") or "<label> only" for a sole actor; `interaction_code` gives ACLED's
  two-digit code (12, 20, 28 ...).
- Targets become actor2 only when they name an actor (or civilians); "tunnels" or a person's name is no actor.
- source and source_scale come from the report's series or host (resources/acled_sources.json), never from the
  headline; notes are plain text (markdown emphasis, links, headings and list marks removed).
"""
from __future__ import annotations

import json
import re
from functools import cache
from typing import Any
from urllib.parse import urlparse

from ..paths import resources_dir

INTER_LABELS = {1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia", 5: "Rioters",
                6: "Protesters", 7: "Civilians", 8: "External/Other forces"}
INTERACTIONS = tuple(f"{INTER_LABELS[a]} only" for a in INTER_LABELS) + tuple(
    f"{INTER_LABELS[a]}-{INTER_LABELS[b]}" for a in INTER_LABELS for b in INTER_LABELS if a <= b)
# Names our table does not know: keyword -> inter code (first match wins); else no category.
_KEYWORDS = (
    (("regime", "syrian army", "government forces", "national defence"), 1),
    (("coalition", "us forces", "american", "united states", "russian", "turkish", "centcom"), 8),
    (("sdf", "syrian democratic", "asayish", "asayesh", "isis", "islamic state", "fsa", "hts"), 2),
    (("militia", "fatemiyoun", "hezbollah", "nujaba"), 3),
    (("protester", "demonstrator"), 6),
    (("civilian", "resident", "shepherd", "farmer", "child", "woman", "women"), 7),
)


@cache
def actor_table():
    from ..nlp.actors import ActorTable

    return ActorTable.load()


def acled_actor(name: str | None) -> tuple[str, int | None]:
    """(ACLED actor name, inter code) for one of our names; unknown names are kept, with a keyword guess."""
    if not name or not name.strip():
        return "", None
    actor = actor_table().lookup(name)
    if actor is not None:
        return actor.acled_actor, actor.acled_type
    low = name.lower()
    code = next((c for words, c in _KEYWORDS if any(w in low for w in words)), None)
    return name.strip(), code


def acled_actors(names: list[str]) -> list[tuple[str, int | None]]:
    """Each name's ACLED actor, duplicates merged ("US forces" and "US" are one actor), in first-seen order."""
    out: dict[str, int | None] = {}
    for n in names:
        actor, code = acled_actor(n)
        if actor and actor not in out:
            out[actor] = code
    return list(out.items())


def target_actors(targets: list[str]) -> list[tuple[str, int | None]]:
    """Targets that name an actor (our table) or civilians; places, objects and people's names are not actors."""
    out = []
    for t in targets:
        actor = actor_table().lookup(t)
        if actor is not None:
            out.append((actor.acled_actor, actor.acled_type))
        elif any(w in t.lower() for w in ("civilian", "resident", "shepherd", "farmer", "child", "women")):
            out.append(("Civilians (Syria)", 7))
    return list(dict.fromkeys(out))


def inter_label(code: int | None) -> str:
    return INTER_LABELS.get(code, "") if code else ""


def interaction(code1: int | None, code2: int | None) -> tuple[str, int | str]:
    """ACLED's interaction label and two-digit code: the pair in code order, or "<label> only"."""
    codes = sorted(c for c in (code1, code2) if c)
    if not codes:
        return "", ""
    if len(codes) == 1:
        return f"{INTER_LABELS[codes[0]]} only", codes[0] * 10
    return f"{INTER_LABELS[codes[0]]}-{INTER_LABELS[codes[1]]}", codes[0] * 10 + codes[1]


@cache
def _sources() -> dict[str, Any]:
    return json.loads((resources_dir() / "acled_sources.json").read_text(encoding="utf-8"))


def source_of(doc) -> tuple[str, str]:
    """(source, source_scale) of a report: meta first, then its series, then its URL's host; never the headline."""
    meta = doc.meta or {}
    table = _sources()
    known = table["series"].get(doc.series or "") or {}
    if not known:
        url = meta.get("url") or (doc.source if str(doc.source).startswith(("http://", "https://")) else "")
        host = urlparse(url).hostname if url else None
        known = table["hosts"].get(host or "", {})
        if not known and host:
            known = {"source": host.removeprefix("www."), "source_scale": ""}
    source = meta.get("publisher") or meta.get("source_name") or known.get("source", "")
    scale = meta.get("source_scale") or known.get("source_scale", "")
    return source, scale


_MD = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])"), r"\2"),  # italics
    (re.compile(r"`([^`]*)`"), r"\1"),  # code
    (re.compile(r"(?m)^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)"), ""),  # headings, quotes, list marks
)


# Every pattern but the last needs one of these characters; a sentence without them (most evidence) skips five
# regex passes per event (a fifth of the ACLED export's time on 20,525 events).
_INLINE_MARKS = re.compile(r"[\[*_`]")


def plain_text(text: str) -> str:
    """Markdown marks removed, whitespace collapsed to single spaces."""
    text = text or ""
    patterns = _MD if _INLINE_MARKS.search(text) else _MD[-1:]
    for pattern, repl in patterns:
        text = pattern.sub(repl, text)
    return " ".join(text.split())
