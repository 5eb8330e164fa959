"""Reading counts (killed, injured, arrested, trucks) from a stretch of tokens.

A number fills a role when an active role word comes just before it ("arresting six members", "the
arrest of 52 people", "killed 11 militiamen") or a passive one follows it in the same clause ("six
militiamen were killed", "left three ISIS members dead"). "eight officers among 39 members" gives 39.
A number that counts things ("three airstrikes", "three kilometres") fills no role. Without a number,
singular people are counted: "killing him" = 1, "an ISIS member and his son dead" = 2. An arrest that is
only the aim ("to arrest a commander", "the objectives ... the arrest of two") is not counted.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

ROLES = ("killed", "injured", "arrested")


@dataclass
class CountHit:
    role: str  # killed, injured, arrested, trucks
    value: int
    qualifier: str
    start: int  # token span of the words stating it
    end: int


class CountReader:
    def __init__(self, cfg: dict):
        self.after = {r: set(cfg["roles"][r]["after"]) for r in ROLES}
        self.before = {r: set(cfg["roles"][r]["before"]) for r in ROLES}
        self.fillers = set(cfg["before_fillers"])
        self.after_window = int(cfg["after_window"])
        self.after_stops = set(cfg["after_stops"])
        self.person = set(cfg["person_nouns"])
        self.non_person = set(cfg["non_person_nouns"])
        self.singular_dets = set(cfg["singular_determiners"])
        self.singular_pronouns = set(cfg["singular_pronouns"])
        self.walk_stops = set(cfg["singular_walk_stops"])
        self.purpose = set(cfg["purpose_cues"])
        self.purpose_window = int(cfg["purpose_window"])
        self.vehicles = set(cfg["vehicle_nouns"])
        self.vehicle_window = int(cfg["vehicle_window"])
        self.not_a_person_after_det = {"number", "group", "lot", "couple", "series", "total", "few", "dozen",
                                       "wave", "campaign", "operation", "raid", "convoy"}

    # -- helpers -----------------------------------------------------------------------------------
    def _is_purpose(self, doc: Doc, i: int, lo: int) -> bool:
        """An aim, not a result: 'to arrest', 'objectives manifested in the arrest'."""
        for k in range(i - 1, max(lo, i - self.purpose_window) - 1, -1):
            w = doc[k].lower_
            if w in self.purpose:
                return True
            if w in (".", ";"):
                break
        return False

    def _counts_things(self, doc: Doc, end: int, hi: int) -> bool:
        for k in range(end, min(end + 3, hi)):
            t = doc[k]
            lemma = t.lemma_.lower()
            if lemma in self.person or t.lower_ in self.person:
                return False
            if lemma in self.non_person or t.lower_ in self.non_person or t.lower_ in self.vehicles:
                return True
            if t.is_punct and t.text not in ("-", "“", "”", '"'):
                return False
        return False

    def _part_of_larger(self, doc: Doc, end: int, hi: int, number_starts: set[int]) -> bool:
        for k in range(end, min(end + 4, hi - 1)):
            if doc[k].lower_ == "among" and (k + 1) in number_starts:
                return True
        return False

    # -- numbers -----------------------------------------------------------------------------------
    def number_hits(self, doc: Doc, lo: int, hi: int, numbers: list[Span], want: tuple[str, ...]) -> list[CountHit]:
        hits: list[CountHit] = []
        starts = {n.start for n in numbers}
        for n in numbers:
            if n.start < lo or n.end > hi:
                continue
            val = n._.number
            if "trucks" in want:
                for k in range(n.end, min(n.end + self.vehicle_window, hi)):
                    t = doc[k]
                    if t.lower_ in self.vehicles:
                        hits.append(CountHit("trucks", val.value, val.qualifier, n.start, k + 1))
                        break
                    if t.text in (",", ";", ".") or t.lower_ in ("and", "of", "with"):
                        break
                continue
            if self._part_of_larger(doc, n.end, hi, starts) or self._counts_things(doc, n.end, hi):
                continue
            role = self._role_before(doc, n.start, lo)
            end = n.end
            if role is None:
                role, end = self._role_after(doc, n.end, hi, starts)
            if role is None or role not in want:
                continue
            if role == "arrested" and self._is_purpose(doc, n.start, lo):
                continue
            hits.append(CountHit(role, val.value, val.qualifier, n.start, max(end, n.end)))
        return hits

    def _role_before(self, doc: Doc, start: int, lo: int) -> str | None:
        k = start - 1
        steps = 0
        while k >= lo and steps < 4:
            w = doc[k].lower_
            for r in ROLES:
                if w in self.before[r]:
                    return r
            if w not in self.fillers and not doc[k].is_space:
                return None
            k -= 1
            steps += 1
        return None

    def _role_after(self, doc: Doc, end: int, hi: int, number_starts: set[int]) -> tuple[str | None, int]:
        for k in range(end, min(end + self.after_window, hi)):
            t = doc[k]
            w = t.lower_
            if w in self.after_stops or k in number_starts:
                return None, end
            for r in ROLES:
                if w in self.after[r]:
                    return r, k + 1
            if w in self.before["killed"] | self.before["arrested"] | self.before["injured"] and w.endswith("ing"):
                return None, end
        return None, end

    # -- singular people ---------------------------------------------------------------------------
    def singular_hits(self, doc: Doc, lo: int, hi: int, number_starts: set[int], want: tuple[str, ...]) -> list[CountHit]:
        hits: list[CountHit] = []
        for i in range(lo, hi):
            w = doc[i].lower_
            for r in want:
                if r not in ROLES:
                    continue
                if w in self.after[r] and w not in ("casualties", "injuries", "fatalities", "arrests", "detainees"):
                    n, start = self._walk_back(doc, i, lo, number_starts)
                    if n:
                        hits.append(CountHit(r, n, "exact", start, i + 1))
                if w in self.before[r]:
                    if r == "arrested" and self._is_purpose(doc, i, lo):
                        continue
                    j = i + 1
                    if j < hi and doc[j].lower_ == "of":
                        j += 1
                    if j < hi and doc[j].lower_ in self.singular_pronouns:
                        hits.append(CountHit(r, 1, "exact", i, j + 1))
                    elif j + 1 < hi and doc[j].lower_ in ("a", "an") and \
                            doc[j + 1].lower_ not in self.not_a_person_after_det and j not in number_starts:
                        hits.append(CountHit(r, 1, "exact", i, j + 2))
        return hits

    def _walk_back(self, doc: Doc, i: int, lo: int, number_starts: set[int]) -> tuple[int, int]:
        count, k, start = 0, i - 1, i
        while k >= lo:
            t = doc[k]
            w = t.lower_
            if w in self.walk_stops or k in number_starts or t.like_num:
                break
            if w in self.singular_dets and k + 1 < i and doc[k + 1].lower_ not in self.not_a_person_after_det:
                count += 1
                start = k
            k -= 1
        return count, start

    # -- all together ------------------------------------------------------------------------------
    def read(self, doc: Doc, ranges: list[tuple[int, int]], numbers: list[Span],
             want: tuple[str, ...]) -> dict[str, CountHit]:
        """The first count of each wanted role over the ranges (numbers first, then singular people)."""
        found: dict[str, CountHit] = {}
        starts = {n.start for n in numbers}
        for lo, hi in ranges:
            for h in self.number_hits(doc, lo, hi, numbers, want):
                found.setdefault(h.role, h)
        missing = tuple(r for r in want if r not in found and r in ROLES)
        if missing:
            for lo, hi in ranges:
                for h in self.singular_hits(doc, lo, hi, starts, missing):
                    found.setdefault(h.role, h)
        return found
