"""Where a target phrase of an event starts and ends (annotator/nlp/roles.py decides who is who).

A target phrase starts after the word that aims at it ("hit", "targeting", "on", "the arrest of", "fell near"),
or is the subject of a passive ("X were killed", "X came under attack"); it runs over articles, modifiers,
"of"-chains, quoted names and "in/at <Name>" after a place noun ("the base in Al-Omar field"), and stops at
punctuation, clause words, verbs and participles that start a clause ("a man defected from ..."). A phrase
that is only a place ("the vicinity of the town", "Tal Tamr countryside"), a day or a pronoun is no target.
"""
from __future__ import annotations

import bisect
import weakref
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

from .docutil import TABLE_ATTRS, SpanText, found_by, members, token_table

_LOWER = TABLE_ATTRS.index("LOWER")

CLOSE = {"“": "”", '"': '"', "(": ")", "«": "»", "‘": "’"}  # opening mark -> closing mark


def _positions(tx: "TokenText", words) -> list[int]:
    """Where the words (lower-case hashes) stand in the document, by one array lookup (a loop over every token
    was 1.4 % of extraction on the corpus, cProfile)."""
    doc = tx.doc
    column = token_table(doc)["_array"][:, _LOWER]
    values = _SORTED.get(id(words))
    if values is None or values[0] is not words:
        values = _SORTED[id(words)] = (words, np.array(sorted(words), dtype=np.uint64))
    return np.flatnonzero(members(column, values[1])).tolist()


_SORTED: dict[int, tuple] = {}  # id of a word set -> (the set, its hashes as a sorted array): made once


class TokenText:
    """Token columns, dates and places of one Doc, read once per document."""
    __slots__ = ("_doc", "lower", "orth", "punct", "num", "space", "dates", "date_end", "place_starts", "place_ends",
                 "text", "cues", "breaks")

    def __init__(self, doc: Doc):
        t = token_table(doc)
        self._doc = weakref.ref(doc)  # cached on the Doc itself: no reference cycle
        self.lower, self.orth, self.punct = t["LOWER"], t["ORTH"], t["IS_PUNCT"]
        self.num, self.space = t["LIKE_NUM"], t["IS_SPACE"]
        dates = found_by(doc, "dates")
        self.dates = (sorted(d.start for d in dates), sorted(d.end for d in dates))
        self.date_end = {d.start: d.end for d in dates}
        places = found_by(doc, "places")  # in text order
        self.place_starts = [p.start for p in places]
        self.place_ends = [p.end for p in places]
        self.text = SpanText(doc)  # text(start, end) == doc[start:end].text
        self.cues: tuple[frozenset[int], list[int]] | None = None  # TargetPhrases: (cue words, where they stand)
        self.breaks: tuple[object, list[int]] | None = None  # break_between: (break words, where they stand)

    @property
    def doc(self) -> Doc:
        return self._doc()


@dataclass(slots=True)
class Clause:
    """The triggers of the clause being read, and what its event type allows."""
    trig: int | None = None  # the first token of the event's main trigger (the first of its own type)
    trig_end: int | None = None
    trig_starts: tuple[int, ...] = ()
    sides: bool = False  # a clash: "between X and Y" gives both sides
    landing: bool = True  # "fell near X" names a target


class TargetPhrases:
    """Target phrases in a clause, with the word lists of roles.json (shared with the RoleReader)."""

    def __init__(self, ids: dict[str, set[int]], cfg: dict, vocab):
        add = vocab.strings.add
        self.ids = ids
        self.np_max = int(cfg["np_max_tokens"])
        self._s = {w: add(w) for w in ("of", "to", "with", "under", "by", "-", "from", "and", "/")}
        self._indefinite = {add("a"), add("an")}
        self._down = add("down")
        self._aside = {add(w) for w in cfg.get("aside_openers", [])}
        self._compass = {add(w) for w in cfg.get("compass_words", [])}
        self._comma = add(",")
        self._charge_parts = {add(w) for w in cfg.get("charge_participles", [])}
        self._open = {add(q): add(c) for q, c in CLOSE.items()}
        self._closers = {add(c) for c in CLOSE.values()}
        self._locatives = {add("in"), add("at")}  # "the base in X", "the base at X"
        self._qual_pairs = {(add(a), add(b)) for a, b in cfg.get("qualifier_pairs", [])}
        self._qual_words = {add(w) for w in cfg.get("qualifier_words", [])}
        nouns = cfg["verb_nouns"]
        self._verb_nouns = {add(w) for w in nouns["words"]}
        self._verb_noun_modifiers = {add(w) for w in nouns["after"]}
        bare = cfg.get("bare_passive", {})
        self._bare_verbs = {add(w) for w in bare.get("verbs", [])}
        self._bare_after = {add(w) for w in bare.get("after", [])}
        self._cue_words = frozenset().union(*(ids[k] for k in (
            "passive_verbs", "came_under", "object_verbs", "target_of_nouns", "on_cues", "at_cues", "landing_verbs")))

    def _noun_use(self, tx: TokenText, k: int, lo: int) -> bool:
        """'military targets', 'Hezbollah targets': a verb form that is a noun after a modifier or a name
        (roles.json verb_nouns); 'the drone targets a car' stays a verb."""
        if tx.lower[k] not in self._verb_nouns or k - 1 < lo:
            return False
        before = k - 1
        return tx.lower[before] in self._verb_noun_modifiers or (tx.orth[before] != tx.lower[before]
                                                                  and not tx.punct[before] and before > lo)

    def break_between(self, tx: TokenText, a: int, b: int) -> bool:
        """Whether a clause break stands at a token in [a, b). The breaks' positions are found once per document
        and searched by bisection: scanning each range was 6 % of extraction (roles ask it of every later trigger
        of a clause, cProfile on the corpus)."""
        if b <= a:
            return False
        breaks = self.ids["clause_breaks"]
        if tx.breaks is None or tx.breaks[0] is not breaks:
            tx.breaks = (breaks, _positions(tx, breaks))
        positions = tx.breaks[1]
        i = bisect.bisect_left(positions, a)
        return i < len(positions) and positions[i] < b

    def find(self, tx: TokenText, lo: int, hi: int, cl: Clause) -> list[tuple[int, int]]:
        """The objects of the attack: after "on", "targeting", "hit", "the arrest of", before "were killed",
        "came under", after "fell near"."""
        ids, low = self.ids, tx.lower
        out: list[tuple[int, int]] = []
        cues = self._cue_words
        if tx.cues is None or tx.cues[0] is not cues:
            tx.cues = (cues, _positions(tx, cues))  # once per document
        positions = tx.cues[1]
        for k in positions[bisect.bisect_left(positions, lo):bisect.bisect_left(positions, hi)]:
            w = low[k]
            found = None
            if w in ids["passive_verbs"] and k + 1 < hi and low[k + 1] == self._down:
                continue  # "a drone was shot down over the base": an interception, nobody's target
            if w in ids["passive_verbs"] and self.passive_start(tx, k, lo) is not None:
                p = self.passive_start(tx, k, lo)
                # "after being kidnapped" has no subject of its own
                found = None if p - 1 >= lo and low[p - 1] in ids["prepositions"] else self._np_left(tx, p, lo)
                if found is None and p - 1 > lo and tx.orth[p - 1] == self._comma:
                    found = self._before_apposition(tx, p - 1, lo)  # "X, a prominent official of Y, was captured"
                if found is not None:
                    found = self._before_charge(tx, found, lo)  # "a member wanted on a red notice was captured"
            elif w in ids["came_under"] and k + 1 < hi and low[k + 1] == self._s["under"]:
                found = self._np_left(tx, k, lo)
            elif w in ids["object_verbs"] and not (k - 1 >= lo and low[k - 1] in ids["determiners"]) \
                    and not self._noun_use(tx, k, lo) and self.passive_start(tx, k, lo) is None:
                j = k + 1
                while j < hi and (low[j] in ids["object_verb_particles"] or low[j] in ids["object_verbs"]):
                    j += 1
                j = self._past_date(tx, j, hi)  # "targeted on March 2 a car"
                j = self._past_qualifier(tx, j, hi)  # "killing at least four people"
                found = self._np_right(tx, j, hi)
                second = self._and_another(tx, found, hi)
                if second is not None and self._is_target(tx, *second):
                    out.append(second)  # "destroying a weapons depot and an observation post"
            elif w in ids["target_of_nouns"] and k + 1 < hi and low[k + 1] == self._s["of"]:
                found = self._np_right(tx, k + 2, hi)
            elif w in ids["on_cues"] and cl.trig is not None and k >= cl.trig_end \
                    and not any(low[x] in ids["circumstance_breaks"] for x in range(cl.trig_end, k)):
                found = self._np_right(tx, k + 1, hi)
                if found is not None and low[found[1] - 1] in ids["ridden"]:
                    found = None  # "gunmen on a motorcycle": what they rode, not what they hit
            elif w in ids["at_cues"] and self._at_after(tx, k, lo) is not None:
                found = self._np_right(tx, k + 1, hi)
            elif cl.landing and w in ids["landing_verbs"] and k + 1 < hi \
                    and low[self._past_date(tx, k + 1, hi)] in ids["landing_preps"]:
                # "exploded (the same day, on Tuesday) under a car": a day between the verb and its place is skipped
                j = self._past_date(tx, k + 1, hi) + 1
                while j < hi and low[j] in (self._s["to"], self._s["of"]):
                    j += 1  # "close to", "near of"
                found = self._np_right(tx, j, hi)
            if found is not None and self._is_target(tx, *found) \
                    and not any(s <= found[0] < e or found[0] <= s < found[1] for s, e in out):
                out.append(found)
        return sorted(out)

    def _before_apposition(self, tx: TokenText, close: int, lo: int) -> tuple[int, int] | None:
        """The subject before an apposition that commas enclose ('the terrorist (H. A.), a prominent ISIS official
        responsible for collecting money, was captured'): the phrase before the opening comma, when the
        apposition starts with a/an, or is an aside ('five civilians, including two children, were killed')."""
        low = tx.lower
        for k in range(close - 2, max(lo, close - 25) - 1, -1):
            if tx.orth[k] == self._comma:
                if k + 1 < close and (low[k + 1] in self._indefinite or low[k + 1] in self._aside):
                    found = self._np_left(tx, k, lo)
                    return found if found is not None and self._is_target(tx, *found) else None
                return None
            if low[k] in self.ids["clause_breaks"]:
                return None
        return None

    def _before_charge(self, tx: TokenText, found: tuple[int, int], lo: int) -> tuple[int, int]:
        """'a PKK member wanted on a red notice was captured': the subject is the person before the participle
        ('wanted', 'accused', 'suspected') and its phrase, not the notice after the preposition."""
        low, k = tx.lower, found[0] - 1
        while k >= lo and low[k] in self.ids["np_leading"]:
            k -= 1
        if k < lo or low[k] not in self.ids["prepositions"]:
            return found
        for j in range(k - 1, max(lo, k - 3) - 1, -1):
            if low[j] in self._charge_parts:
                alt = self._np_left(tx, j, lo)
                return alt if alt is not None and self._is_target(tx, *alt) else found
        return found

    def _and_another(self, tx: TokenText, found, hi: int) -> tuple[int, int] | None:
        """The second object of one verb joined by 'and a/an': 'destroying a depot and an observation post'."""
        if found is None:
            return None
        k = found[1]
        if k + 2 < hi and tx.lower[k] == self._s["and"] and tx.lower[k + 1] in self._indefinite:
            return self._np_right(tx, k + 1, hi)
        return None

    def _past_qualifier(self, tx: TokenText, j: int, hi: int) -> int:
        """Past 'at least', 'more than', 'about' before a number: the phrase is the people counted."""
        low, k = tx.lower, j
        if k + 1 < hi and (low[k], low[k + 1]) in self._qual_pairs:
            k += 2
        elif k < hi and k >= 1 and (low[k - 1], low[k]) in self._qual_pairs:
            k += 1  # "at" was read as the verb's particle ("fired at")
        elif k < hi and low[k] in self._qual_words:
            k += 1
        else:
            return j
        if k < hi and low[k] in self._qual_words:
            k += 1  # "as many as", "no fewer than"
        return k if k < hi and tx.num[k] else j

    def _at_after(self, tx: TokenText, k: int, lo: int) -> int | None:
        """The verb that makes "at" name a target ("fired two rockets at the base"), with no clause break between
        them (a break before the verb, as in a "May 6:" bullet, does not count)."""
        low, after = tx.lower, self.ids["at_after"]
        j = next((x for x in range(k - 1, max(lo, k - 8) - 1, -1) if low[x] in after), None)
        if j is None:
            j = self._fired_from(tx, k, lo)
        return None if j is None or self.break_between(tx, j, k) else j

    def _fired_from(self, tx: TokenText, k: int, lo: int) -> int | None:
        """"launched three rockets from the outskirts of X village towards the base": the launch place between the
        fire and "towards" may be longer than the window; the fire word comes right before its "from"."""
        low, after = tx.lower, self.ids["at_after"]
        f = next((x for x in range(k - 1, max(lo, k - 14) - 1, -1) if low[x] == self._s["from"]), None)
        if f is None:
            return None
        return next((x for x in range(f - 1, max(lo, f - 4) - 1, -1) if low[x] in after), None)

    def passive_start(self, tx: TokenText, k: int, lo: int) -> int | None:
        """Where "were (reportedly) killed" begins, when a form of "be" is there."""
        j, seen_be = k - 1, False
        while j >= lo and tx.orth[j] == tx.lower[j] and (tx.lower[j] in self.ids["be_words"]
                                                         or tx.lower[j] in self.ids["be_adverbs"]):
            seen_be |= tx.lower[j] in self.ids["be_words"]
            j -= 1
        if seen_be:
            return j + 1
        # a headline's passive without "were": "3 young men detained so far", "2 fighters martyred, 1 wounded"
        nxt = k + 1
        if tx.lower[k] in self._bare_verbs and j >= lo and not tx.punct[j] and self._only_ly(tx, j + 1, k) \
                and (nxt >= len(tx.lower) or tx.punct[nxt] or tx.space[nxt] or tx.lower[nxt] in self._bare_after):
            return j + 1
        return None

    def _only_ly(self, tx: TokenText, s: int, e: int) -> bool:
        """Nothing, or manner adverbs only, between a log line's subject and its bare participle ("one nurse
        lightly injured"); "have" or "had" there makes an active verb ("gunmen have killed")."""
        strings = tx.doc.vocab.strings
        return all(strings[tx.lower[x]].endswith("ly") for x in range(s, e))

    def _np_right(self, tx: TokenText, s: int, hi: int) -> tuple[int, int] | None:
        ids, low = self.ids, tx.lower
        while s < hi and (tx.space[s] or low[s] in ids["np_leading"]):
            s += 1
        if s < hi and tx.punct[s] and tx.orth[s] not in self._open:
            return None  # "on-the-record"
        # "in the vicinity of the X base": the base is what was hit
        if s + 1 < hi and low[s] in ids["around_words"] and low[s + 1] == self._s["of"]:
            s += 2
            while s < hi and (tx.space[s] or low[s] in ids["np_leading"]):
                s += 1
        if s >= hi or self._date_at(tx, s):
            return None
        j, last = s, None
        while j < hi and j - s < self.np_max:
            w = low[j]
            if tx.orth[j] in self._open:
                close = self._open[tx.orth[j]]
                end = next((x for x in range(j + 1, min(hi, j + 12)) if tx.orth[x] == close), None)
                if end is None or tx.punct[end - 1]:
                    break  # “Al-Hisba,” ends its sentence's clause inside the quotes: the name stays out
                j = last = end
                j += 1
                continue
            if tx.space[j]:
                break
            if tx.punct[j] and w != self._s["-"] and not (w in ids["possessives"] and j > s and j + 1 < hi
                                                          and not tx.punct[j + 1] and not tx.space[j + 1]) \
                    and not (w == self._s["/"] and j > s and j + 1 < hi and not tx.punct[j + 1]
                             and not tx.space[j + 1]):
                break  # "regime forces' positions", "PKK/YPG terrorists" go on
            if j > s and w in self._compass and self._of_after(tx, j, hi):
                break  # "SDF fighters south of Ras al-Ain": the fighters, and where they were
            if w in self._locatives:
                # "positions in the X base", "the base in Al-Omar field": a named place, not "in an attack"
                k = j + 1
                while k < hi and low[k] in ids["np_leading"]:
                    k += 1
                if last is None or low[last] not in ids["np_in_heads"] or k >= hi or tx.orth[k] == low[k]:
                    break
            elif (w in ids["agent_to"] and j + 1 < hi and low[j + 1] in (self._s["to"], self._s["with"])) \
                    or (w in ids["owner_by"] and j + 1 < hi and low[j + 1] == self._s["by"]):
                last, j = j + 1, j + 2  # "vehicles belonging to X", "a checkpoint manned by X": X holds it
                continue
            elif tx.orth[j] == w and not (j > s and low[j - 1] == self._s["-"]) \
                    and (w in ids["np_stops"] or self._verb_form(tx, j, s)
                         or (j > s and ((w in ids["object_verbs"] and not self._noun_use(tx, j, s))
                                        or w in ids["passive_verbs"]))):
                break  # lower-case clause words ("passer-by" is one word); "IS" or "Was" in capitals are a name's
            elif j > s and self._date_at(tx, j):
                break
            last = j
            j += 1
        if last is None:
            return None
        e = last + 1
        while e > s and (low[e - 1] in self._locatives or low[e - 1] in (self._s["of"], self._s["-"])):
            e -= 1
        return (s, e) if e > s else None

    def _of_after(self, tx: TokenText, j: int, hi: int) -> bool:
        """'south of', 'north-east of': a compass word and 'of' (over a hyphenated second word)."""
        low, k = tx.lower, j + 1
        if k + 1 < hi and low[k] == self._s["-"] and low[k + 1] in self._compass:
            k += 2
        return k < hi and low[k] == self._s["of"]

    def _verb_form(self, tx: TokenText, j: int, s: int) -> bool:
        """A participle after the head noun starts a clause: "a young man defected from", "2 fighters
        attempting to"; before it, it describes the head ("armed men", "two wanted men")."""
        if j == s or tx.lower[j - 1] in self.ids["modifiers"] or tx.num[j - 1]:
            return False
        word = tx.doc.vocab.strings[tx.lower[j]]
        if len(word) <= 4 or not word.endswith(("ing", "ed")) or tx.lower[j] in self.ids["np_keep"]:
            return False
        # "fighting positions", "a car carrying soldiers" go on; "attempting to", "defected from" stop
        n = j + 1
        return n >= len(tx.lower) or tx.punct[n] or tx.num[n] or tx.lower[n] in self.ids["np_stops"] \
            or tx.lower[n] in self.ids["prepositions"] or tx.lower[n] in self.ids["np_leading"]

    def _np_left(self, tx: TokenText, e: int, lo: int) -> tuple[int, int] | None:
        ids, low = self.ids, tx.lower
        j = e - 1
        while j >= lo and tx.space[j]:
            j -= 1
        end = j + 1
        while j >= lo:
            w = low[j]
            if tx.orth[j] in self._closers:
                opener = next((x for x in range(j - 1, max(lo, j - 12) - 1, -1) if tx.orth[x] in self._open), None)
                if opener is None:
                    break
                j = opener - 1
                continue
            if tx.punct[j] and w != self._s["-"]:
                break
            if w in self._locatives:
                if not (j - 1 >= lo and low[j - 1] in ids["np_in_heads"]):
                    if j + 1 < end and tx.orth[j + 1] != low[j + 1] and j - 1 >= lo and not tx.punct[j - 1] \
                            and low[j - 1] not in ids["np_stops"] and low[j - 1] not in ids["prepositions"]:
                        end = j  # "an ISIS leader in Raqqa was killed": the leader, not Raqqa
                        j -= 1
                        continue
                    break
            elif w == self._s["by"] and j - 1 >= lo and low[j - 1] in ids["owner_by"] and j + 1 < end:
                j -= 2  # "a clinic run by an NGO was damaged": the clinic was, not the NGO
                continue
            elif w != self._s["of"] and (w in ids["np_stops"] or w in ids["prepositions"]
                                          or w in ids["clause_breaks"] or w in ids["report_verbs"]):
                break
            if self._date_end_at(tx, j + 1) and j + 1 < end:
                break
            j -= 1
        s = j + 1
        while s < end and (tx.space[s] or low[s] in ids["np_leading"]
                           or (s + 1 < end and tx.punct[s] and tx.text(s, s + 1) in ("-", "*", "\u2022"))):
            s += 1  # "- A woman died ...": the bullet's dash is no part of her
        if lo < s < end and (low[s - 1], low[s]) in self._qual_pairs:
            s += 1  # "At least five civilians were killed": the phrase is the people, after the qualifier
        return (s, end) if s < end else None

    def _is_target(self, tx: TokenText, s: int, e: int) -> bool:
        """Not a place ("the vicinity of", "the road"), a day, a pronoun or a bare number."""
        ids, low = self.ids, tx.lower
        # numbers are not the head, except in "one of its checkpoints"
        content = [k for k in range(s, e) if not tx.punct[k]
                   and not (tx.num[k] and not (k + 1 < e and low[k + 1] == self._s["of"]))]
        if not content or not any(c.isalpha() for c in tx.text(s, e)):
            return False  # "3/4/2020" is a day the date reader did not know
        head = low[content[0]]
        if head in ids["pronouns"] and not tx.text(content[0], content[0] + 1).isupper():
            return False  # "He was kidnapped"; "US forces" is a name
        if any(low[k] in ids["time_words"] for k in content[:2]):
            return False  # "on Friday", "on Tuesday dawn"
        if tx.orth[content[0]] == head and (head in ids["not_target_heads"] or head in ids["object_verbs"]
                                            or head in ids["prepositions"]):
            return False  # in capitals it is a name ("US forces")
        # the head noun comes before "of" / "in" / a quoted name: "Homs-Deir Ezzor highway", "Basira town"
        k = content[0]
        while k + 1 < e and low[k + 1] != self._s["of"] and low[k + 1] not in self._locatives \
                and tx.orth[k + 1] not in self._open:
            k += 1
        if low[k] in ids["not_target_heads"] and tx.orth[k] == low[k]:
            return False
        if k > content[0] and tx.orth[k] != low[k] and low[k - 1] in ids["not_target_heads"] \
                and tx.orth[k - 1] == low[k - 1]:
            return False  # "the international road M4": a name after the head word
        # a bare place name ("shelled Al-Bab") is where, not whom; "the X base" is a target
        i = bisect.bisect_left(tx.place_starts, s)
        if i < len(tx.place_starts) and tx.place_starts[i] == s and tx.place_ends[i] >= e \
                and low[e - 1] not in ids["np_in_heads"]:
            return False
        return True

    def _past_date(self, tx: TokenText, j: int, hi: int) -> int:
        end = tx.date_end.get(j)  # "on Tuesday" may be one date mention, "on" and all
        if end is None:
            d = j + 1 if j + 1 < hi and tx.lower[j] in self.ids["on_cues"] else j
            end = tx.date_end.get(d)
        return end if end is not None and end <= hi else j

    def _date_at(self, tx: TokenText, k: int) -> bool:
        starts = tx.dates[0]
        i = bisect.bisect_left(starts, k)
        return i < len(starts) and starts[i] == k

    def _date_end_at(self, tx: TokenText, k: int) -> bool:
        ends = tx.dates[1]
        i = bisect.bisect_left(ends, k)
        return i < len(ends) and ends[i] == k
