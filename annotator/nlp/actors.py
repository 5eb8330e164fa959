"""Canonical actors (International Coalition, SDF, ISIS, regime forces ...) with aliases and ACLED codes.

`ActorTable.lookup` resolves a short phrase ("the Coalition's helicopters", "two ISIS members",
"positions of Iranian-backed militias") to one actor: case-insensitive, without articles, numbers,
plurals or trailing role words such as forces / members / drone. Short all-capital acronyms that are
also English words ("IS", "US") only match in capitals.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

KINDS = frozenset({"coalition", "partner", "jihadist", "militia", "state", "civilian", "other"})
ACLED_TYPES = range(1, 9)  # ACLED inter codes: 1 state forces ... 8 external/other forces

_QUOTES = dict.fromkeys(map(ord, "'’‘`´\"“”«»."), None)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/,;:()\[\]]+")
_LEADING = frozenset({
    "the", "a", "an", "their", "its", "his", "her", "our", "some", "several", "many", "dozens", "hundreds",
    "other", "another", "both", "all", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "more", "than", "nearly", "about", "over", "at", "least", "of", "joint", "local",
})
# Words that say which part or weapon of an actor acted; dropped from the end for a second try.
_ROLE_TAIL = frozenset({
    "force", "troop", "soldier", "fighter", "member", "militant", "militiaman", "cell", "element", "personnel",
    "drone", "helicopter", "warplane", "jet", "aircraft", "plane", "patrol", "convoy", "partner", "position",
    "vehicle", "artillery", "checkpoint", "headquarter", "commander", "leader", "official", "officer",
    "operative", "affiliate", "unit", "group", "military", "army", "reinforcement", "base", "site",
})
_KEEP_S = ("ss", "us", "is", "ys", "os")


def _singular(tok: str) -> str:
    if tok.endswith("men") and len(tok) > 4:
        return tok[:-3] + "man"
    if len(tok) > 4 and tok.endswith("ies"):
        return tok[:-3] + "y"
    if len(tok) > 3 and tok.endswith("s") and not tok.endswith(_KEEP_S):
        return tok[:-1]
    return tok


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_QUOTES)
    return [t for t in _SEPARATORS.split(text) if t]


def _fold(words: list[str]) -> str:
    return " ".join(_singular(w.casefold()) for w in words)


def _strip_leading(words: list[str]) -> list[str]:
    i = 0
    while i < len(words) - 1 and (words[i].casefold() in _LEADING or words[i].isdigit()):
        i += 1
    return words[i:]


@lru_cache(maxsize=65536)
def actor_key(text: str) -> str:
    """The folded key of an actor phrase: case, articles, numbers, plurals and punctuation removed."""
    return _fold(_strip_leading(_words(text)))


def _is_acronym(form: str) -> bool:
    bare = form.replace(".", "")
    return bare.isalpha() and bare.isupper() and len(bare) <= 3


@dataclass(frozen=True)
class Actor:
    name: str
    aliases: tuple[str, ...]
    acled_type: int
    acled_actor: str
    kind: str

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _default_path() -> Path:
    from annotator.paths import resources_dir

    return resources_dir() / "actors.json"


def _entries_with_lines(text: str, path: Path) -> list[tuple[object, int]]:
    """The list's items with the line each starts on, so errors can point at them."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}, line {exc.lineno}: not valid JSON ({exc.msg})") from None
    decoder = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    if not text.startswith("[", pos):
        raise ValueError(f"{path}, line 1: expected a JSON list of actors")
    pos += 1
    out = []
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return out
        obj, end = decoder.raw_decode(text, pos)
        out.append((obj, text.count("\n", 0, pos) + 1))
        pos = end


def _parse(obj: object, where: str) -> Actor:
    if not isinstance(obj, dict):
        raise ValueError(f"{where}: expected a JSON object")
    missing = [k for k in ("name", "aliases", "acled_type", "acled_actor", "kind") if k not in obj]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    if not isinstance(obj["name"], str) or not obj["name"].strip():
        raise ValueError(f"{where}: name must be a non-empty string")
    aliases = obj["aliases"]
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ValueError(f"{where}: aliases must be a list of non-empty strings")
    if not isinstance(obj["acled_type"], int) or isinstance(obj["acled_type"], bool) \
            or obj["acled_type"] not in ACLED_TYPES:
        raise ValueError(f"{where}: acled_type must be an ACLED inter code 1-8, not {obj['acled_type']!r}")
    if not isinstance(obj["acled_actor"], str) or not obj["acled_actor"].strip():
        raise ValueError(f"{where}: acled_actor must be a non-empty string")
    if obj["kind"] not in KINDS:
        raise ValueError(f"{where}: unknown kind {obj['kind']!r} (one of {', '.join(sorted(KINDS))})")
    return Actor(obj["name"], tuple(aliases), obj["acled_type"], obj["acled_actor"], obj["kind"])


class ActorTable:
    def __init__(self, actors: list[Actor]):
        self.actors = actors
        self._by_key: dict[str, Actor] = {}
        self._acronyms: dict[str, Actor] = {}
        self._by_name = {a.name: a for a in actors}
        for actor in actors:
            for form in actor.surface_forms:
                if _is_acronym(form):
                    self._acronyms.setdefault(form.replace(".", ""), actor)
                else:
                    key = actor_key(form)
                    if key:
                        self._by_key.setdefault(key, actor)
        self._pattern: re.Pattern[str] | None = None

    @classmethod
    def load(cls, path: str | Path | None = None) -> "ActorTable":
        path = Path(path) if path is not None else _default_path()
        text = Path(path).read_text(encoding="utf-8")
        actors: list[Actor] = []
        names: dict[str, int] = {}
        for obj, line in _entries_with_lines(text, path):
            actor = _parse(obj, f"{path}, line {line}")
            if actor.name in names:
                raise ValueError(f"{path}, line {line}: duplicate name {actor.name!r} (first on line {names[actor.name]})")
            names[actor.name] = line
            actors.append(actor)
        return cls(actors)

    def __len__(self) -> int:
        return len(self.actors)

    def __iter__(self):
        return iter(self.actors)

    def get(self, name: str) -> Actor | None:
        return self._by_name.get(name)

    def _match(self, words: list[str]) -> Actor | None:
        if len(words) == 1 and words[0] in self._acronyms:
            return self._acronyms[words[0]]
        return self._by_key.get(_fold(words))

    def lookup(self, text: str) -> Actor | None:
        """The actor a short phrase names, or None."""
        if not text or not text.strip():
            return None
        words = _strip_leading(_words(text))
        if not words:
            return None
        actor = self._match(words)
        # Second chance: drop trailing role words ("Coalition drone", "ISIS sleeper cells" -> ISIS).
        trimmed = list(words)
        while actor is None and len(trimmed) > 1 and _singular(trimmed[-1].casefold()) in _ROLE_TAIL:
            trimmed.pop()
            actor = self._match(trimmed)
        if actor is None:
            # "positions of Iranian-backed militias", "commander of ISIS security service"
            folded = [w.casefold() for w in words]
            if "of" in folded[1:]:
                rest = " ".join(words[folded.index("of", 1) + 1:])
                actor = self.lookup(rest) if rest else None
        return actor

    def mentions(self, text: str) -> list[tuple[Actor, int, int]]:
        """Every actor named inside a longer phrase, as (actor, start, end), leftmost-longest."""
        if self._pattern is None:
            forms = sorted({f for a in self.actors for f in a.surface_forms}, key=len, reverse=True)
            alternatives = []
            for form in forms:
                body = r"\s*".join(re.escape(w) for w in form.split())
                alternatives.append(body if _is_acronym(form) else f"(?i:{body})")
            self._pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")
        found = []
        for m in self._pattern.finditer(text):
            actor = self.lookup(m.group())
            if actor is not None:
                found.append((actor, m.start(), m.end()))
        return found

    def names(self) -> list[str]:
        return sorted(self._by_name)

    def surface_forms(self) -> list[str]:
        """Every canonical name and alias as written, for phrase patterns. Acronyms of three capitals or
        fewer ("IS", "US", "SDF") should be matched case-sensitively: see `is_case_sensitive`."""
        seen: dict[str, None] = {}
        for actor in self.actors:
            for form in actor.surface_forms:
                seen.setdefault(form, None)
        return list(seen)

    @staticmethod
    def is_case_sensitive(form: str) -> bool:
        return _is_acronym(form)
