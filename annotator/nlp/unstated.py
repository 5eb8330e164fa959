"""Trigger words that state no happening: questions, warnings and threats, "any attack", history, a batch of people.

News items wrap the events they report in talk about events that did not happen or happened long ago: "Will the
regime secure the highway?", "a commander warned that the militants could launch larger attacks", "we will respond
to any attack on our positions", "In 2014 the group captured large parts of Syria", "a new batch of recruits
graduated", "an aid convoy", "airdrops of humanitarian aid", "denies the reports that its aircraft bombed a market",
"An earlier version of this story said", an interviewer's "Q: There were reports of ...". Each gave a candidate (undated, so the scorer never
saw it, but a reviewer had to reject it) on our own news fixtures (tests/nlp/fixtures/precision). Configured by
events.json "unstated" (see its "about").
"""
from __future__ import annotations

import bisect

import numpy as np
from spacy.tokens import Doc

from .docutil import TABLE_ATTRS, members, token_table


class UnstatedFilter:
    def __init__(self, cfg: dict, vocab) -> None:
        add = vocab.strings.add
        self._question = {add(w) for w in cfg["question_marks"]}
        self._intent = {add(w) for w in cfg["intent_cues"]}
        self._intent_then = {add(w) for w in cfg["intent_then"]}
        self._nonspecific = {add(w) for w in cfg["nonspecific_before"]}
        self._kind_of_after = [tuple(add(w) for w in words) for words in cfg.get("kind_of_after", [])]
        # each pattern is found from its one rare word ("like", "kind"), located once per document
        common = {add(w) for w in ("of", "this", "that", "these", "those", "the", "a")}
        self._kind_anchor = [(w, next((i for i, x in enumerate(w) if x not in common), 0)) for w in self._kind_of_after]
        self._kind_firsts = {w[0] for w in self._kind_of_after}
        self._kind_anchor_arr = np.array(sorted({w[i] for w, i in self._kind_anchor}), dtype=np.uint64)
        ex = cfg.get("examples_after", {})
        self._examples = tuple(add(w) for w in ex.get("words", []))
        self._examples_window = int(ex.get("window", 0))
        self._year_preps = {add(w) for w in cfg["year_preps"]}
        self._year_prep_arr = np.array(sorted(self._year_preps), dtype=np.uint64)
        self._intent_arr = np.array(sorted(self._intent), dtype=np.uint64)
        self._of = add("of")
        # trigger rule id -> [(window, word ids)]
        self._of_heads: dict[str, list[tuple[int, set[int]]]] = {}
        for rule in cfg["of_heads"]:
            for rid in rule["triggers"]:
                self._of_heads.setdefault(rid, []).append((int(rule["window"]), {add(w) for w in rule["heads"]}))
        self._kind_reach = int(cfg["kind_reach"])
        # cue word id -> [(window, then word ids)]: "denies the reports", "an earlier version of this story"
        self._void: dict[int, list[tuple[int, set[int]]]] = {}
        for rule in cfg.get("void_cues", []):
            for w in rule["cues"]:
                self._void.setdefault(add(w), []).append((int(rule["window"]), {add(x) for x in rule["then"]}))
        self._void_arr = np.array(sorted(self._void), dtype=np.uint64)
        self._speaker = {add(w) for w in cfg.get("speaker_questions", [])}
        self._colon = add(":")
        self._modal_after = {add(w) for w in cfg.get("modal_after", [])}
        self._be = {add(w) for w in cfg.get("be_forms", [])}
        self._planned = {add(w) for w in cfg.get("planned_after", [])}
        self._effect_aux = {add(w) for w in cfg.get("effect_aux", [])}
        self._effect_verbs = {add(w) for w in cfg.get("effect_verbs", [])}
        self._effect_window = int(cfg.get("effect_window", 0))
        self._effect_not_before = {add(w) for w in cfg.get("effect_not_before", [])}
        self._kind_before: dict[str, list[tuple[int, set[int]]]] = {}
        for rule in cfg["kind_before"]:
            for rid in rule["triggers"]:
                self._kind_before.setdefault(rid, []).append((int(rule["window"]), {add(w) for w in rule["words"]}))

    def keep(self, doc: Doc, start: int, end: int, triggers: list, dated: bool) -> list:
        """The triggers of the sentence start..end that may state a happening."""
        if not triggers:
            return triggers
        table = token_table(doc)
        lowers = table["LOWER"]
        if self._question_sentence(lowers, table["IS_SPACE"], start, end):
            return []  # "Will the regime be able to secure the highway?"
        if self._speaker_line(lowers, table["IS_SPACE"], start, end):
            return []  # "Q: There were reports of an arrest operation": the interviewer restates
        years, intents = self._positions(doc, table)
        self._kind_at = self._kind_positions(doc, table)
        if not dated and _any_in(years, start, end):
            return []  # "In 2014 the group captured ...": told as background, long before the item
        i = bisect.bisect_left(intents, start)
        intent = intents[i] if i < len(intents) and intents[i] < end - 1 else None
        if self._kind_words(lowers, start, end) or any(self._of_a_kind(lowers, t, end, dated) for t in triggers):
            return []  # "Strikes like this have killed dozens": the sentence speaks of a kind of event
        out = []
        kinds: list[tuple[str, int]] = []  # (label, position) of triggers another kind of thing took
        for t in triggers:
            if intent is not None and t.start > intent:
                continue  # "warned that the militants could launch attacks", "threatened to ..."
            if t.end < end and lowers[t.end] in self._modal_after:
                continue  # "Patrols will continue as before": what may come, no happening
            if t.end + 1 < end and lowers[t.end] in self._be and lowers[t.end + 1] in self._planned:
                continue  # "protests are planned in Sweida on Friday": an announcement
            if _any_in(years, t.end, min(end, t.end + 3)):
                continue  # "wounded in a drone strike in 2022": its own year, long before the item's
            if t.start - 1 >= start and lowers[t.start - 1] in self._nonspecific:
                continue  # "any attack on our positions": no attack in particular
            if not dated and self._effect_of_kind(doc, lowers, t, start, end):
                continue  # "raids by the SDF have fuelled resentment": what such events have done
            if t.rule.id in self._of_heads and self._of_head(lowers, t.rule.id, t.end, end):
                continue  # "a new batch of recruits": people, not a convoy; "airdrops of humanitarian aid"
            if t.rule.id in self._kind_before and self._kind(lowers, t.rule.id, t.start, start):
                kinds.append((t.label, t.start))
                continue  # "an aid convoy", "a wedding convoy": no military movement
            out.append(t)
        if kinds:  # "an aid convoy of 20 trucks entered": the trucks are the aid convoy's
            out = [t for t in out if not any(t.label == label and 0 <= t.start - k <= self._kind_reach
                                             for label, k in kinds)]
        return out

    def speaks_of_kinds(self, doc: Doc, start: int, end: int, triggers: list, dated: bool) -> bool:
        """Whether a trigger of the sentence speaks of a kind of event: such a sentence states none and, like a
        guess, elaborates none ('and so have the rockets that the militias fire at bases such as Al-Omar')."""
        table = token_table(doc)
        lowers = table["LOWER"]
        self._kind_at = self._kind_positions(doc, table)
        return self._kind_words(lowers, start, end) or any(self._of_a_kind(lowers, t, end, dated) for t in triggers)

    def _kind_positions(self, doc: Doc, table) -> list[int]:
        cached = doc.user_data.get(_KIND_KEY)
        if cached is None or cached[0] != len(doc):
            low = table["_array"][:, TABLE_ATTRS.index("LOWER")]
            kinds = np.flatnonzero(members(low, self._kind_anchor_arr)).tolist()
            such = np.flatnonzero(low == self._examples[0]).tolist() if self._examples else []
            cached = doc.user_data[_KIND_KEY] = (len(doc), kinds, such)
        self._such_at = cached[2]
        return cached[1]

    def _kind_words(self, lowers, start: int, end: int) -> bool:
        """'like this', 'of this kind' anywhere in the sentence (after 'Strikes', which may be no trigger)."""
        if not self._kind_of_after:
            return False
        at = self._kind_at
        for p in at[bisect.bisect_left(at, start):bisect.bisect_left(at, end)]:
            for w, i in self._kind_anchor:
                s = p - i
                if s >= start and s + len(w) <= end and tuple(lowers[s:s + len(w)]) == w:
                    return True
        return False

    def _of_a_kind(self, lowers, t, end: int, dated: bool) -> bool:
        if t.end < end and lowers[t.end] in self._kind_firsts \
                and any(tuple(lowers[t.end:t.end + len(w)]) == w for w in self._kind_of_after):
            return True
        if dated or not self._examples:
            return False
        at = self._such_at
        i = bisect.bisect_left(at, t.end)
        return i < len(at) and at[i] < end and self._examples_follow(lowers, t.end, end)

    def _examples_follow(self, lowers, k: int, end: int) -> bool:
        n = len(self._examples)
        seg = lowers[k:min(end, k + self._examples_window + n)]
        return any(tuple(seg[j:j + n]) == self._examples for j in range(len(seg) - n + 1))

    def _question_sentence(self, lowers, space, start: int, end: int) -> bool:
        k = end - 1
        while k > start and space[k]:
            k -= 1
        return lowers[k] in self._question

    def _speaker_line(self, lowers, space, start: int, end: int) -> bool:
        k = start
        while k < end and space[k]:
            k += 1
        return k + 1 < end and lowers[k] in self._speaker and lowers[k + 1] == self._colon

    def _positions(self, doc: Doc, table) -> tuple[list[int], list[int]]:
        """Where the document has a background year ("in 2014" before the item's own year) and an intent cue
        followed by its word ("warned that"), found once per document."""
        cached = doc.user_data.get(_KEY)
        if cached is not None and cached[0] == len(doc):
            return cached[1], cached[2]
        arr = table["_array"]
        low = arr[:, TABLE_ATTRS.index("LOWER")]
        # one array lookup per word list for the whole document (a loop over every token cost 1 % of extraction)
        prep = members(low, self._year_prep_arr)
        intent = members(low, self._intent_arr)
        lowers, like_num, strings = table["LOWER"], table["LIKE_NUM"], doc.vocab.strings
        ref = _reference_year(doc)
        years = []
        if ref is not None:
            for k in (np.flatnonzero(prep[:-1]) + 1).tolist():
                if like_num[k]:
                    word = strings[lowers[k]]
                    if len(word) == 4 and word.isdigit() and 1900 <= int(word) < ref:
                        years.append(k)
        intents = [k for k in np.flatnonzero(intent[:-1]).tolist() if lowers[k + 1] in self._intent_then]
        if len(self._void_arr):
            # "denies the reports claiming that ...": what follows is denied, as what follows "warned that" may come
            n = len(lowers)
            voids = [k for k in np.flatnonzero(members(low, self._void_arr)).tolist()
                     if any(lowers[j] in then for window, then in self._void[lowers[k]]
                            for j in range(k + 1, min(n, k + 1 + window)))]
            if voids:
                intents = sorted(intents + voids)
        doc.user_data[_KEY] = (len(doc), years, intents)
        return years, intents

    def _effect_of_kind(self, doc: Doc, lowers, t, start: int, end: int) -> bool:
        """A bare plural trigger ('raids', no article or number before it) and, a few words on, 'have' + a verb of
        effect ('have fuelled resentment'): the sentence tells what such events do, not one of them."""
        if not self._effect_window:
            return False
        stop = min(end - 1, t.end + self._effect_window)
        if self._effect_aux.isdisjoint(lowers[t.end:stop]):
            return False  # the common case, one set operation
        if t.start - 1 >= start and lowers[t.start - 1] in self._effect_not_before:
            return False
        if not doc.vocab.strings[lowers[t.end - 1]].endswith("s"):
            return False
        return any(lowers[k] in self._effect_aux and lowers[k + 1] in self._effect_verbs for k in range(t.end, stop))

    def _of_head(self, lowers, rule_id: str, k: int, end: int) -> bool:
        if k >= end or lowers[k] != self._of:
            return False
        return any(lowers[j] in heads for window, heads in self._of_heads[rule_id]
                   for j in range(k + 1, min(end, k + 1 + window)))

    def _kind(self, lowers, rule_id: str, k: int, start: int) -> bool:
        return any(lowers[j] in words for window, words in self._kind_before[rule_id]
                   for j in range(max(start, k - window), k))


_KEY = "annotator.unstated_positions"
_KIND_KEY = "annotator.unstated_kind_positions"


def _any_in(positions: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


def _reference_year(doc: Doc) -> int | None:
    """The year the item speaks from: its period's start, else its publication date."""
    period = doc._.period
    start = None
    if period:
        start = period.get("start") if isinstance(period, dict) else getattr(period, "start", None)
        if start is None and isinstance(period, (tuple, list)):
            start = period[0]
    value = start or doc._.published
    try:
        return int(str(value)[:4]) if value else None
    except ValueError:
        return None
