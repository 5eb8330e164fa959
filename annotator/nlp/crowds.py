"""Who protests: the crowd named before a protest trigger ("Dozens of people gathered ...", "teachers in
Al-Hasakah demonstrated ...") when no actor of the actor list does.

Protesters are rarely a named actor; on our own news fixtures (tests/nlp/fixtures/precision) every protest whose
crowd was "people", "families" or "teachers" had no actor, and one took the security force named in what the
protest was about ("to denounce the arrest of a young man by SDF forces"). Configured by roles.json "crowds".
"""
from __future__ import annotations

from .docutil import Found


class Crowd:
    """A crowd as an actor: its name is the phrase as written (like a target that is no known actor)."""

    __slots__ = ("name", "kind")

    def __init__(self, name: str) -> None:
        self.name, self.kind = name, "civilian"

    def __repr__(self) -> str:
        return f"Crowd({self.name!r})"


class CrowdPhrases:
    def __init__(self, cfg: dict, vocab) -> None:
        add = vocab.strings.add
        self.types = set(cfg["types"])
        self._heads = {add(w) for w in cfg["heads"]}
        self._quantity = {add(w) for w in cfg["quantity"]}
        self._leading = {add(w) for w in cfg["leading"]}
        self._stops = {add(w) for w in cfg["stops"]}
        self._of = add("of")
        self._between = add("between")
        self._between_heads = {add(w) for w in cfg.get("between_heads", [])}
        self._between_leading = {add(w) for w in cfg.get("between_leading", [])}

    def between(self, tx, lo: int, hi: int) -> list[Found]:
        """'a quarrel between two families ... developed into an armed clash': the group a clash is between, when
        no actor of the actor list is named."""
        low = tx.lower
        for j in range(lo, hi - 1):
            if low[j] != self._between:
                continue
            k = j + 1
            while k < hi and low[k] in self._between_leading and low[k] not in self._between_heads:
                k += 1
            if k < hi and low[k] in self._between_heads:
                text = tx.text(j + 1, k + 1)
                return [Found(j + 1, k + 1, text, Crowd(text))]
        return []

    def find(self, tx, lo: int, trig: int | None) -> list[Found]:
        """The first crowd noun of the clause before the trigger, with its quantity ("Hundreds of residents")."""
        if trig is None:
            return []
        low = tx.lower
        for k in range(lo, trig + 1):
            if tx.punct[k] and k > lo:
                lo = k + 1  # "On Friday, dozens of ...": the opening phrase ends at the comma
                continue
            if low[k] in self._stops:
                return []  # the crowd of "a sit-in against the arrest of teachers" is not the teachers
            if low[k] in self._heads:
                s = k
                while s - 1 >= lo and (low[s - 1] in self._quantity or low[s - 1] in self._leading
                                       or (low[s - 1] == self._of and s - 2 >= lo and low[s - 2] in self._quantity)):
                    s -= 1
                while s < k and low[s] in self._leading:
                    s += 1
                text = tx.text(s, k + 1)
                return [Found(s, k + 1, text, Crowd(text))]
        return []
