"""Actors and targets of an event by role: who did what to whom in the event's clause.

There is no parser (spacy.blank("en")), so roles are read from the words around each phrase, the way a
reader skims: "by X", "X's drone" (what X owns is the means, not "X's plans"), "a drone belonging to X",
"trucks affiliated to X", "a convoy of X forces", "fired from positions of X" make X the actor; "on / targeting /
hit / arrest of X", "X were killed", "X was found dead" (the subject of a passive trigger), "X came under
attack", "fell near the X base" make X (or the phrase X heads) the target; "X announced", "according to X"
make X a source, neither; "the X base", "bases of X" name a place, not an actor. A phrase with no cue
is the actor when it is the subject before the trigger ("X carried out an airstrike"). Lists ("X and Y
conducted", "by X, Y and Z") share the role of their first member.

Targets need not be known actors: the object noun phrase of the attack ("a rocket launcher", "military
buses", "tunnels", "a commander called “N”") is taken, bounded by punctuation and clause words
(rolephrases.py).

Some roles need a wider view, and only when the clause names nobody: a convoy with no sender takes the owner
of the bases it goes to, then the actor of its sentence ("X brought in a convoy ..., another convoy ...");
a bullet takes the actor its list introduction names ("five airstrikes by X. Details:"); a source that speaks
of "its forces" or says "it killed" is the actor. Convoys, patrols, exercises and protests have no target.

Measured with ../shared/tools/score_events.py on the development reports: the former rule (every actor
phrase of the clause an actor unless "on/at/of/killing" came just before it) gave actors 0.54, targets 0.38;
these roles give actors 0.96, targets 0.94, strict F1 unchanged (0.990). On the ACLED notes, never tuned to
one note, agreement with ACLED's actor1 / actor2 on the first event of a note went from 0.57 / 0.58 to
0.74 / 0.67 (test_roles.py::test_acled_actor_agreement), and notes with an actor on the wrong side from 52
to 11 (most of those left follow ACLED's habit of naming state forces first). Cost: none measurable (the pipeline on the corpus with and without
these roles, interleaved runs: 0.18 s and 0.20 s).
"""
from __future__ import annotations

import re

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc

from .actor_refs import antecedent
from .docutil import Found, doc_text, sentence_starts
from .crowds import CrowdPhrases
from .rolephrases import CLOSE, Clause, TargetPhrases, TokenText


@dataclass(frozen=True, slots=True)
class Thing:
    """A target that is not a known actor ("military buses"): its name is the phrase as written."""
    name: str


_WORD_LISTS = (
    "agent_before", "agent_to", "agent_with", "agent_of", "agent_from", "agent_from_direct", "instrument_nouns",
    "place_nouns",
    "possessives", "modifiers", "modifier_suffixes", "prepositions", "chain", "clause_breaks", "report_verbs",
    "report_skip", "report_nouns", "according", "be_words", "be_adverbs", "passive_verbs", "came_under",
    "object_verbs", "object_verb_particles", "target_of_nouns", "on_cues", "at_cues", "at_after",
    "landing_verbs", "landing_preps", "np_stops", "np_in_heads", "np_keep", "not_target_heads", "np_leading",
    "weapon_tails", "opposed_prefixes", "pronouns", "circumstance_breaks", "owner_by", "quantity_nouns",
    "ridden", "own_pronouns", "around_words", "own_subjects", "own_subject_after", "time_words", "determiners",
    "event_verbs", "unknown_words", "charge_words", "charge_then", "affiliation_heads", "defence_verbs",
)
_TEXT_KEY = "annotator.roles_text"


class RoleReader:
    """Actors and targets of an event candidate, configured from resources/nlp/roles.json."""

    def __init__(self, cfg: dict, vocab):
        add = vocab.strings.add
        self.ids: dict[str, set[int]] = {k: {add(w) for w in cfg[k]} for k in _WORD_LISTS}
        self.no_target_types = set(cfg["no_target_types"])
        self.owner_types = set(cfg["convoy_owner_types"])
        self.intro_types = set(cfg["list_intro_types"])
        self.sides_types = set(cfg["two_sided_types"])
        self.joint_types = set(cfg["joint_types"])
        self.landing_types = set(cfg["landing_types"])
        self.sentence_types = set(cfg["sentence_actor_types"])
        self.intro_max_blocks = int(cfg["intro_max_blocks"])
        self.intro_markers = tuple(cfg["intro_markers"])
        self.demonym_endings = tuple(cfg["demonym_endings"])
        self._by_id = add("by")
        self._s = {w: add(w) for w in ("of", "the", "to", "with", "least", "at", "up", "as", "well", "under", "-",
                                       "than", "more", "and", "in", "from", "between", "against", "may", ",", "by")}
        self._open = {add(q): add(c) for q, c in CLOSE.items()}
        self._responsibility = add("responsibility")
        self._closers = {add(c) for c in CLOSE.values()}
        self.phrases = TargetPhrases(self.ids, cfg, vocab)
        self.crowds = CrowdPhrases(cfg["crowds"], vocab)
        victim = cfg.get("victims", {})
        self.victim = {k: {add(w) for w in victim.get(k, [])}
                       for k in ("possessive", "singular", "anaphora_tails", "others", "own_side", "person_heads",
                                 "held_places", "raided_places", "inside", "landed_then", "landed_on", "toll_words",
                                 "seized_words", "kin", "victim_heads", "raided_settlements", "ran_verbs",
                                 "hit_mine_verbs", "mine_words",
                                 "near_words", "near_links", "landmarks")}
        self.raid_types = set(victim.get("raid_types", []))
        self.victim["ours"] = {add("our"), add("ours")}
        self.victim_ran_types = set(victim.get("ran_over_types", []))
        self._s["over"] = vocab.strings.add("over")
        self._be = vocab.strings.add("be")
        st = cfg.get("stationed_from", {})
        self.stationed_where = {add(w) for w in st.get("where", [])}
        self.stationed_words = {add(w) for w in st.get("words", [])}

    # ------------------------------------------------------------------------------------------------
    def read(self, doc: Doc, ev, ranges, mentions_in) -> tuple[list[Found], list[Found]]:
        """(actors, targets) of `ev` (an EventCandidate): `ranges[0]` is the clause that states it,
        `mentions_in(lo, hi)` the actor mentions inside tokens lo..hi-1."""
        tx = doc.user_data.get(_TEXT_KEY)
        if tx is None or len(tx.lower) != len(doc):
            tx = doc.user_data[_TEXT_KEY] = TokenText(doc)  # once per document, not per event
        lo, hi = ranges[0]
        lo = _past_dateline(doc, lo, hi)
        own = sorted((t.start, t.end, t.label) for t in ev.triggers if lo <= t.start < hi)
        # the clause turns on a trigger of the event's own type: in "explosions shook the town after a drill by
        # X", the explosions the drill absorbed come first, and X does the drill
        main = next(((s, e) for s, e, label in own if label == ev.type), own[0][:2] if own else (None, None))
        cl = Clause(main[0], main[1], tuple(s for s, _, _ in own),
                    ev.type in self.sides_types or ev.type in self.joint_types, ev.type in self.landing_types)
        with_targets = ev.type not in self.no_target_types
        agents, targets, owners = self._roles(tx, lo, hi, cl, mentions_in(lo, hi), with_targets)
        if not cl.sides:  # in a clash, "between X and Y" are the two sides
            agents += self._partners(tx, mentions_in(lo, hi), agents)
        targets = [t for t in targets if not self._charged_with(tx, t.start, lo)]
        held = ev.type in self.landing_types and any(self._holds(tx, t) for t in targets)
        if with_targets and not held:  # "A soldier was hurt" after "rockets hit the base" elaborates the base
            for r_lo, r_hi in ev.ranges:
                if (r_lo, r_hi) != (lo, hi) and r_lo >= hi:  # the sentences that elaborate it
                    more_cl = Clause(landing=cl.landing)
                    if self._toll_only(tx, r_lo, r_hi):
                        continue  # "A fourth suspect was killed": the toll adds counts, not targets
                    _, more, _ = self._roles(tx, r_lo, r_hi, more_cl, [], True, agents_wanted=False)
                    targets += [t for t in more if not any(_overlaps(t, x) for x in targets)]
        for r_lo, r_hi in ev.ranges:
            if not agents and r_lo >= hi:  # "The raid was carried out by X" in a later sentence
                agents = self._by_agents(tx, r_lo, r_hi, mentions_in)
        if not agents and ev.type in self.landing_types:
            agents = self._stationed(tx, lo, hi, mentions_in(lo, hi))
        if not agents and ev.type in self.owner_types and owners:
            agents = owners  # "trucks ... to the bases of X": X sends them
        if not agents and ev.type in self.sentence_types:
            agents = self._sentence_agents(tx, lo, mentions_in)
        if not agents and ev.type in self.intro_types and not self._unknown_agent(tx, lo, hi):
            agents = self._intro_agents(tx, ev, mentions_in)
        if ev.type in self.crowds.types:
            agents = self._crowd_agents(tx, lo, cl.trig, agents)
            if not agents and cl.trig_starts and cl.trig_starts[-1] != cl.trig:
                # "| Protest | Some 200 camp residents demonstrated": a log row's type cell comes before the crowd
                agents = self.crowds.find(tx, lo, cl.trig_starts[-1])
        if not agents and ev.type in self.sides_types:  # "a quarrel between two families ... an armed clash"
            agents = self.crowds.between(tx, lo, hi)
        agents = self._group_of(tx, agents)
        if with_targets and len(agents) > 1:  # "X repelled an attack by Y": X was attacked
            agents, targets = self._defenders(tx, lo, hi, agents, targets)
        agents = [self._agent_found(tx, a) for a in agents]
        if ev.type in self.sides_types and with_targets and len(agents) > 1:
            agents, targets = self._joined_sides(tx, cl, agents, targets)
        if ev.type in self.victim_ran_types and with_targets:
            targets, agents = self._ran_over(tx, lo, hi, agents, targets)
        if with_targets:
            targets = self._victims(tx, targets, agents, lo, ev.type in self.raid_types)
            targets = self._parts_of_places(tx, ev.type, targets)
            targets = [t for t in targets if not self._near_landmark(tx, t, lo)]
            if ev.type in self.sides_types and agents and not targets:
                targets = self._other_side(tx, agents[0], hi)
            if ev.type in self.sides_types and any(not isinstance(t.value, Thing) for t in targets):
                # "clashes between X and Y ..., wounding four fighters": the toll is of both sides, Y is the target
                # (what was hit, "a checkpoint", stays)
                targets = [t for t in targets if not isinstance(t.value, Thing) or not self._people(tx, t)]
            # a word of a victim's phrase is not the attacker ("a regime officer and two soldiers were killed")
            agents = [a for a in agents if not any(t.start <= a.start < t.end for t in targets)]
        return agents, targets

    def _crowd_agents(self, tx: TokenText, lo: int, trig: int | None, agents: list[Found]) -> list[Found]:
        """"Dozens of people gathered ... to demand"; "people of X protested against the raids carried out by Y":
        actors named only after the protest trigger are what it is about, the crowd before it protests."""
        before = [a for a in agents if trig is not None and a.start < trig]
        if before:
            return before
        return self.crowds.find(tx, lo, trig) or agents

    def _ran_over(self, tx: TokenText, lo: int, hi: int, agents: list[Found], targets: list[Found]):
        """'a vehicle of the Fourth Division ran over a landmine', 'a civilian car hit a landmine': what ran over or
        hit the mine is what the blast hit, and whose it was is no attacker."""
        low = tx.lower
        mines = self.victim["mine_words"]
        k = next((j for j in range(lo + 1, hi - 1) if (low[j + 1] == self._s["over"] and low[j] in self.victim["ran_verbs"])
                  or (low[j] in self.victim["hit_mine_verbs"] and any(low[x] in mines for x in range(j + 1, min(j + 4, hi))))),
                 None)
        np = self.phrases._np_left(tx, k, lo) if k is not None else None
        owned = np is not None and (low[np[0]] in self.victim["possessive"]
                                    or (np[0] > lo and low[np[0] - 1] in self.victim["possessive"]))
        if np is None or (owned and not any(a.start < np[1] and a.end > np[0] for a in agents)):
            return targets, agents  # "... were killed when their car ran over a landmine": the people are the targets
        whole, s = np, np[0]
        while s + 1 < np[1] and low[s] in self.ids["time_words"]:
            s += 1  # "yesterday evening a civilian car hit a landmine"
        while s + 1 < np[1] and low[s] in self.ids["determiners"]:
            s += 1
        np = (s, np[1])
        targets = [t for t in targets if low[t.end - 1] not in mines]  # the mine is what went off, not its target
        if not any(t.start <= np[0] < t.end or np[0] <= t.start < np[1] for t in targets):
            targets = [Found(np[0], np[1], tx.text(*np), Thing(tx.text(*np)))] + targets
        return targets, [a for a in agents if not (a.start < whole[1] and a.end > whole[0])]

    def _toll_only(self, tx: TokenText, lo: int, hi: int) -> bool:
        """A later sentence that tells only who was killed or hurt ('A fourth suspect was killed after he tried to
        escape', 'the attack left two fighters dead') gives the event's toll, not its targets; one that tells
        what it seized or hit ('resulted in the arrest of five persons', 'had targeted an SDF vehicle') names
        them. The development gold keeps this split in every report (docs/annotation.md)."""
        words = set(tx.lower[lo:hi])
        return not words.isdisjoint(self.victim["toll_words"]) and words.isdisjoint(self.victim["seized_words"])

    def _defenders(self, tx: TokenText, lo: int, hi: int, agents: list[Found], targets: list[Found]):
        """'our fighters repelled an infiltration attempt by SDF militias': the subject of a defence verb, when a
        'by Y' after the verb names the attacker, is what was attacked."""
        low = tx.lower
        verb = next((k for k in range(lo, hi) if low[k] in self.ids["defence_verbs"]), None)
        if verb is None or not any(a.start > verb and low[a.start - 1] == self._by_id for a in agents):
            return agents, targets
        moved = [a for a in agents if a.end <= verb and verb - a.end <= 3]
        if not moved:
            return agents, targets
        for a in moved:
            a.text = tx.text(a.start, a.end)
        return [a for a in agents if a not in moved], sorted(targets + moved, key=lambda f: f.start)

    def _near_landmark(self, tx: TokenText, t: Found, lo: int) -> bool:
        """'went off near a bakery', 'detonated near a vegetable market', 'the vicinity of the industrial area': a
        civilian place the event happened near is where, not what it hit (docs/annotation.md); 'near a checkpoint'
        or 'near a patrol' stays a target. The phrase's head is its last word before a preposition."""
        low, v = tx.lower, self.victim
        k = t.start - 1
        while k > lo and low[k] in self.ids["np_leading"]:
            k -= 1
        if k > lo and low[k] in v["near_links"]:
            k -= 1
        if k < lo or low[k] not in v["near_words"]:
            return False
        head = t.start
        while head + 1 < t.end and low[head + 1] not in self.ids["prepositions"] and not tx.punct[head + 1]:
            head += 1
        return low[head] in v["landmarks"]

    def _stationed(self, tx: TokenText, lo: int, hi: int, mentions) -> list[Found]:
        """'fired from the bank, where X are stationed', 'from areas controlled by X': X holds the place the fire
        came from."""
        low = tx.lower
        for m in mentions:
            w = m.start - 1
            if w - 1 >= lo and low[w] == self._s["by"] and low[w - 1] in self.ids["owner_by"] \
                    and any(low[k] == self._s["from"] for k in range(max(lo, w - 6), w - 1)):
                return [Found(m.start, m.end, "", m.value)]  # "fired ... from areas controlled by X"
            if w < lo or low[w] not in self.stationed_where:
                continue
            if not any(low[k] == self._s["from"] for k in range(max(lo, w - 8), w)):
                continue
            k = self._quoted_end(tx, m.end, hi)
            while k < hi and low[k] in self.ids["be_words"]:
                k += 1
            if k < hi and k > m.end and low[k] in self.stationed_words:
                return [Found(m.start, m.end, "", m.value)]
        return []

    def _landed_on(self, tx: TokenText, t: Found) -> bool:
        """'fell on a house', 'exploded under a tractor': the thing a landing verb says was hit itself."""
        low, ids = tx.lower, self.ids
        k = t.start - 1
        while k > 0 and low[k] in ids["np_leading"]:
            k -= 1
        if not (k > 0 and low[k] in self.victim["landed_on"]):
            return False
        if low[k - 1] in ids["landing_verbs"]:
            return True
        # "exploded the same day under a car": the day between the verb and its preposition is skipped
        start = next((s for s, e in tx.date_end.items() if e == k), None)
        if start is not None and start - 1 > 0 and low[start - 1] in self.ids["on_cues"]:
            start -= 1
        return start is not None and start > 0 and low[start - 1] in ids["landing_verbs"]

    def _holds(self, tx: TokenText, t: Found) -> bool:
        return not self.victim["held_places"].isdisjoint(tx.lower[t.start:t.end])

    def _parts_of_places(self, tx: TokenText, etype: str, targets: list[Found]) -> list[Found]:
        """'hit an empty warehouse inside the base' names a part of the base already a target; 'raided a house
        ..., arresting three men': the house is where the targets were, not one of them."""
        low, v = tx.lower, self.victim
        out = []
        for t in targets:
            k = t.end
            if k < len(low) and low[k] in v["inside"] and any(
                    o is not t and not {low[j] for j in range(k + 1, min(k + 4, len(low)))}.isdisjoint(
                        low[o.start:o.end]) and self._holds(tx, o) for o in targets):
                continue
            out.append(t)
        if etype in self.landing_types:
            landed = next((t for t in out if self._landed_on(tx, t)), None)
            if landed is not None:
                then = next((k for k in range(landed.end, min(landed.end + 12, len(low)))
                             if low[k] in v["landed_then"] or low[k] in self.phrases.ids["clause_breaks"]), None)
                if then is not None and low[then] in v["landed_then"]:
                    out = [t for t in out if t.start < then]
        if etype in self.raid_types:  # "raided villages in the Homs desert": where the raid went, never a target
            # ("raids on the villages of A, B and C": its head is the settlements' word too)
            out = [t for t in out if low[t.end - 1] not in v["raided_settlements"]
                   and v["raided_settlements"].isdisjoint(low[t.start:min(t.start + 2, t.end)])]
            places = [t for t in out if not v["raided_places"].isdisjoint(low[t.start:t.end])]
            if places and len(places) < len(out):
                out = [t for t in out if t not in places]
        return out

    def _ours_hit_by_other(self, tx: TokenText, words, agents: list[Found], raid: bool) -> bool:
        """'PKK/YPG terrorists opened fire on one of our bases': in a side's own statement, 'our' base or post hit
        by a named other side is the target; 'our' people hurt are not (the series gold: "a member of our forces
        was injured in an attack by ISIS cells" lists the post only), nor anything of ours in a raid."""
        our, v = self.victim["ours"], self.victim
        own = [w for w in words if w in v["own_side"]]
        if any(w in v["person_heads"] or w in v["victim_heads"] or w in self.ids["pronouns"] for w in words):
            return False  # "a member of our forces was injured in an attack by ISIS cells" (the series' gold)
        return not raid and bool(agents) and all(w in our for w in own) \
            and not any(w in our for a in agents for w in tx.lower[a.start:a.end])

    def _victims(self, tx: TokenText, targets: list[Found], agents: list[Found], lo: int,
                 raid: bool = False) -> list[Found]:
        """Each victim once, and only the other side's: 'X and his driver were killed' names X (the phrase
        before 'and his'); 'killed four of them' and 'wounding two others' repeat victims named before; 'three
        soldiers' after 'a car carrying regime soldiers' are the people the sentence says it killed, a target beside the car
        (docs/annotation.md); 'a member of the raiding force' and a
        member of the actor's own side were hurt doing it, they were not its target."""
        low, v = tx.lower, self.victim
        agent_texts = [a.text.lower() for a in agents if a.text]
        out: list[Found] = []
        for t in targets:
            s, e = t.start, t.end
            if s - 2 >= lo and low[s - 1] in v["possessive"] and low[s - 2] == self._s["and"]:
                first = self.phrases._np_left(tx, s - 2, lo)  # "a wanted ISIS member and his brother"
                if first is not None and self.phrases._is_target(tx, *first):
                    t = Found(first[0], first[1], tx.text(*first), Thing(tx.text(*first)))
                    s, e = first
            elif s - 1 > lo and tx.num[s] and low[s - 1] == self._s["and"]:
                first = self.phrases._np_left(tx, s - 1, lo)  # "a regime officer and two soldiers were killed"
                if first is not None and (low[first[0]] in v["singular"] or (first[0] > lo and low[first[0] - 1] in v["singular"])) \
                        and any(w in v["person_heads"] or w in v["victim_heads"] for w in low[first[0]:first[1]]) \
                        and not any(o.start <= first[0] < o.end for o in out + targets):
                    out.append(Found(first[0], first[1], tx.text(*first), Thing(tx.text(*first))))
            elif s - 2 >= lo and low[s - 1] in v["singular"] and low[s - 2] == self._s["and"]:
                first = self.phrases._np_left(tx, s - 2, lo)  # "a member of X and a civilian were wounded"
                if first is not None and self.phrases._is_target(tx, *first) \
                        and any(w in v["person_heads"] for w in low[first[0]:first[1]]) \
                        and not any(o.start <= first[0] < o.end for o in out + targets):
                    out.append(Found(first[0], first[1], tx.text(*first), Thing(tx.text(*first))))
            words = low[s:e]
            own_of = len(words) > 2 and words[1] == self._s["of"] and words[2] in v["possessive"] \
                and s - 1 >= lo and low[s - 1] == self._s["and"]  # "X and two of his aides"
            if out and words and words[-1] in v["kin"] and (low[s - 1] in v["possessive"] or words[0] in v["possessive"]
                                                            or own_of):
                continue  # "a shepherd was killed and his brother was wounded", "X and two of his aides": kin
            if words and (words[-1] in v["anaphora_tails"] or (e - s <= 2 and words[-1] in v["others"])):
                continue  # "four of them", "two others", "another"
            if any(w in v["own_side"] for w in words) and not self._ours_hit_by_other(tx, words, agents, raid) or (
                    any(w in v["person_heads"] for w in words)
                    and any(a and a in t.text.lower() and a != t.text.lower() for a in agent_texts)):
                continue  # the actor's own people
            if any(o.start == s and o.end == e for o in out):
                continue
            out.append(t)
        return out

    def _people(self, tx: TokenText, t: Found) -> bool:
        """A phrase of people: a number, or a person's or a victim's head word ('four fighters', 'a civilian')."""
        words = tx.lower[t.start:t.end]
        v = self.victim
        return bool(tx.num[t.start]) or any(w in v["person_heads"] or w in v["victim_heads"] for w in words)

    def _joined_sides(self, tx: TokenText, cl: Clause, agents: list[Found], targets: list[Found]):
        """'SDF and SNA fighters exchanged fire', 'X and Y clashed': the two sides joined before the clash, with no
        other side named after it, are its actor and target, as 'clashes between X and Y' are. 'X and Y clashed with
        Z' keeps X and Y as actors."""
        if cl.trig is None or cl.trig_end is None or (cl.trig_end < len(tx.lower)
                                                      and tx.lower[cl.trig_end] == self._s["with"]):
            return agents, targets
        a, b = agents[0], agents[1]
        if not a.end < b.start < b.end <= cl.trig or any(x.start < cl.trig for x in agents[2:]):
            return agents, targets
        between = tx.lower[a.end:b.start]
        if self._s["and"] not in between or any(w not in self.ids["chain"] and w not in self.ids["np_leading"]
                                                for w in between):
            return agents, targets
        side = Found(b.start, cl.trig, tx.text(b.start, cl.trig), b.value)  # as written: "SNA fighters"
        return [a] + agents[2:], [side] + targets

    _SIDE_STOPS = frozenset({"in", "on", "near", "at", "over", "after", "since", "during", "west", "east", "north",
                             "south", "outside", "around", "which", "who", "that", "when", "while", "leaving",
                             "killing", "wounding", "with", "amid"})

    def _other_side(self, tx: TokenText, agent: Found, hi: int) -> list[Found]:
        """'clashes between SDF forces and fighters loyal to a local tribal leader in X': the side after 'and' that
        no actor of the list names, as written, up to its place or clause."""
        low = tx.lower
        if agent.start < 1 or low[agent.start - 1] != self._s["between"] or agent.end >= hi \
                or low[agent.end] != self._s["and"]:
            return []
        s = agent.end + 1
        if s < hi and low[s] == self._s["the"]:
            s += 1
        e = s
        while e < hi and e - s < 8 and tx.text(e, e + 1).lower() not in self._SIDE_STOPS and (
                not tx.punct[e] or (e > s and tx.text(e - 1, e + 2).count(" ") == 0)):  # "pro-regime" is one word
            e += 1
        if e == s:
            return []
        text = tx.text(s, e)
        return [Found(s, e, text, Thing(text))]

    # ------------------------------------------------------------------------------------------------
    def _roles(self, tx: TokenText, lo: int, hi: int, cl: Clause, mentions, with_targets, agents_wanted=True):
        ids, low = self.ids, tx.lower
        nps = self.phrases.find(tx, lo, hi, cl) if with_targets else []
        agents, targets, owners = [], [], []
        covered_until = -1
        items: list[tuple[int, str]] = [(e, "target") for _, e in nps]  # (end token, role) for list members
        for m in mentions:
            if m.start < covered_until:
                continue  # inside the quoted name of the mention before
            end = self._quoted_end(tx, m.end, hi)
            covered_until = end
            role = self._role(tx, m, end, lo, hi, cl, nps, items) if agents_wanted else None
            if cl.sides and not with_targets and role in ("between", "target"):
                role = self._joint_role(m, cl, items)
            if role in ("agent", "between"):
                agents.append(Found(m.start, end, "", m.value))
            elif role == "target" and with_targets:
                targets.append(Found(m.start, end, "", m.value))
            elif role == "owner":
                owners.append(Found(m.start, end, "", m.value))
            elif role == "source" and cl.trig is not None and getattr(m.value, "kind", None) != "civilian" \
                    and self._own_forces(tx, end, cl.trig):
                agents.append(Found(m.start, end, "", m.value))  # "CENTCOM said its forces killed ..."
            items.append((end, role))
        out_targets = []
        for s, e in nps:
            if _SHORTHAND_COUNT.fullmatch(tx.text(s, e)):
                continue  # "1 x detained", "2x": a shorthand count names nobody
            actor = next((m.value for m in mentions if s <= m.start and m.end <= e), None)
            phrase = tx.text(s, e)
            out_targets.append(Found(s, e, phrase, actor if actor is not None else Thing(phrase)))
        for t in targets:
            t.text = tx.text(t.start, t.end)
            out_targets.append(t)
        out_targets.sort(key=lambda f: f.start)
        return agents, out_targets, owners

    def _role(self, tx: TokenText, m: Found, end: int, lo: int, hi: int, cl: Clause, nps, items) -> str | None:
        """agent, target, owner (of a place: "the X base") or None (a source, a bystander). In a clash
        (`sides`), "between X and Y" and "X clashed with Y" make X the actor and Y the target."""
        ids, low = self.ids, tx.lower
        trig, trig_end, sides = cl.trig, cl.trig_end, cl.sides
        if any(s <= m.start and m.end <= e for s, e in nps):
            return None  # part of a target phrase, which stands for it
        if self._charged_with(tx, m.start, lo):
            return None  # "a man accused of links to ISIS was arrested": the charge names ISIS, who did nothing here
        if not sides and (self._affiliation(tx, m.start, lo, nps) or self._in_apposition(tx, m.start, lo, nps)):
            return None  # "Abu Ali, a senior commander of X": X is whom he belongs to
        if sides and self._affiliation(tx, m.start, lo, [(None, e) for e, _ in items]):
            return None  # "clashes between A and B, two factions of the X": X is whom both belong to
        k = end + 1 if end < hi and low[end] == self._s["-"] else end
        if k < hi and low[k] in ids["modifier_suffixes"] and not self._held_event(tx, end, k, cl) \
                and not self._backed_by(tx, end, k, hi) \
                and not (k == end and k + 1 < hi and (low[k + 1] in ids["determiners"] or tx.num[k + 1])):
            return None  # "Russian-backed forces", "Turkey backed factions": describes someone else
        # ("helicopters backed two airdrops", "X supported the raid": a verb with its object, the mention acts)
        # ("SDF fighters supported by Coalition helicopters raided ...": the SDF fighters act, with help)
        if m.start - 2 >= lo and low[m.start - 1] == self._s["-"] and low[m.start - 2] in ids["opposed_prefixes"]:
            return None  # "pro-Turkey factions", "anti-ISIS coalition": describes someone else
        if self._is_source(tx, m.start, end, lo, hi):
            return "source"
        after = self._after(tx, end, hi)
        cue, instrument, place_of, cue_pos = self._cue_before(tx, m.start, lo)
        on_trigger = trig is not None and m.start <= trig < end
        if cue == "agent" and trig_end is not None and cue_pos >= trig_end \
                and any(low[x] in ids["circumstance_breaks"] for x in range(trig_end, cue_pos)):
            return None  # "... following an attempt by X": X acts in another happening
        if cue in ("agent", "target"):
            return cue
        if after == "place" and self._one_place(tx, m.start, end, lo, hi):
            return "holder"  # "heading to the US base in X": one base, a destination, not who sent the convoy
        if after == "place" or place_of:
            return "owner"  # "headed to Coalition bases", "the bases of X": X resupplies its own
        if on_trigger:
            return "agent"  # "a Turkish drone hit ...": the mention is the trigger's own subject
        if sides and cue == "prep" and low[cue_pos] == self._s["between"]:
            return "between"
        if sides and cue == "prep" and low[cue_pos] in (self._s["with"], self._s["against"]) \
                and trig is not None and cue_pos >= trig:
            return "target"
        if cue == "chain":
            prev = [(e, r) for e, r in items if e <= cue_pos and cue_pos - e <= 2]
            if prev:
                if prev[-1][1] == "between":
                    return "target"
                return prev[-1][1] if prev[-1][1] not in ("owner", "holder") else None
            cue = "start"  # "On March 3, X and Y ...": the comma closes an opening phrase, not a list
        if cue == "prep":
            # "in a Coalition airstrike": the word right before the trigger
            return "agent" if trig is not None and m.start < trig and trig - end <= 1 else None
        later = [t for t in cl.trig_starts if t >= end] if trig is not None else []
        if cue == "start" and trig is not None and end <= trig \
                and self.phrases.passive_start(tx, trig, lo) is not None and not self._break_between(tx, end, trig):
            return "target"  # "a member of X was found dead": the subject of a passive trigger is what it hit
        if cue == "start" and (trig is None or any(not self._break_between(tx, end, t) for t in later)):
            return "agent"  # the subject of a trigger: "X and Y carried out", "... and US troops detained"
        if trig is not None and m.start >= trig and (instrument or after == "possessive") \
                and not self._break_between(tx, trig_end or trig, m.start):
            return "agent"  # "a convoy of eight vehicles of X", "... X's drones"
        return None

    def _backed_by(self, tx: TokenText, end: int, k: int, hi: int) -> bool:
        """"SDF units backed by Coalition aircraft raided ...": a participle with its own 'by' right after the mention
        tells who helped it; the mention acts ("Turkey backed factions" has no 'by')."""
        return k == end and k + 1 < hi and tx.lower[k + 1] == self._by_id

    def _group_of(self, tx: TokenText, agents: list[Found]) -> list[Found]:
        """'militants of the Hayat Tahrir al-Sham group', 'fighters of X': the named group stands for its people, one
        actor, not two."""
        low, of = tx.lower, self._s["of"]
        out = []
        for a in agents:
            k = a.end
            if k < len(low) and low[k] == of:
                k += 1
                if k < len(low) and low[k] in self.ids["determiners"]:
                    k += 1
                if any(b is not a and b.start == k for b in agents):
                    continue
            out.append(a)
        return out

    def _in_apposition(self, tx: TokenText, start: int, lo: int, nps) -> bool:
        """'Abu Omar, a senior ISIS leader, was killed': the mention describes the target phrase before the comma
        ("a" or "an" opens the apposition, at most three words before the mention)."""
        j = start - 1
        while j >= lo and start - j <= 4 and not tx.punct[j]:
            j -= 1
        return j >= lo and start - j <= 4 and tx.orth[j] == self._s[","] and j + 1 < start \
            and tx.lower[j + 1] in self.victim["singular"] and any(e == j for _, e in nps)

    def _affiliation(self, tx: TokenText, start: int, lo: int, nps) -> bool:
        """The mention follows "<rank> of (the)" in an apposition that a comma opens right after a target phrase:
        "killing X, a senior leader of Y" (not "On March 4, a member of Y was found dead")."""
        low, k = tx.lower, start - 1
        dash = self._s["-"]
        # over "the", and a modifier such as "Turkish-backed" ("two factions of the Turkish-backed X")
        while k >= lo and (low[k] in self.ids["np_leading"] or low[k] == dash or low[k] in self.ids["modifier_suffixes"]
                           or (k + 1 < start and low[k + 1] == dash)):
            k -= 1
        if k - 1 < lo or low[k] != self._s["of"] or low[k - 1] not in self.ids["affiliation_heads"]:
            return False
        j = k - 2
        if j - 1 >= lo and low[j] == self._be and low[j - 1] == self._s["to"]:
            return True  # "killing two people believed to be commanders of Y": what they are said to be
        while j >= lo and k - 1 - j <= 4 and not tx.punct[j]:
            j -= 1
        return j >= lo and tx.orth[j] == self._s[","] and any(e == j for _, e in nps)

    def _one_place(self, tx: TokenText, start: int, end: int, lo: int, hi: int) -> bool:
        """'the X base' (an article, then one place noun): a single place named by who holds it."""
        low = tx.lower
        # the article before the mention, or its own ("reached the Coalition base": the mention is "the Coalition")
        det = (start - 1 >= lo and low[start - 1] in self.ids["determiners"]) or low[start] in self.ids["determiners"]
        return det and end < hi \
            and low[end] in self.ids["place_nouns"] and not tx.doc[end].text.lower().endswith("s")

    # ------------------------------------------------------------------------------------------------
    def _joint_role(self, m: Found, cl: Clause, items) -> str | None:
        """"an exercise between X and Y", "a patrol with X": both sides act together, when the phrase follows the
        trigger ("... in light of the escalation between X and Y" names others)."""
        if cl.trig_end is not None and 0 <= m.start - cl.trig_end <= 2:
            return "agent"
        return "agent" if items and items[-1][1] in ("agent", "between") and m.start - items[-1][0] <= 2 else None

    def _quoted_end(self, tx: TokenText, end: int, hi: int) -> int:
        """A mention followed by its name in quotes or brackets ("the Internal Security Forces “Asayish”")
        runs to the closing mark."""
        k = end
        while k < hi and tx.space[k]:
            k += 1
        if k < hi and tx.orth[k] in self._open:
            close = self._open[tx.orth[k]]
            for j in range(k + 1, min(hi, k + 10)):
                if tx.orth[j] == close:
                    return end if tx.punct[j - 1] else j + 1  # not “X,” whose comma closes the clause
        return end

    def _after(self, tx: TokenText, end: int, hi: int) -> str | None:
        """What follows a mention: a place it owns ("X base", "X's positions") or the means of the act it owns
        ("X's drones"); "denouncing X's plans" is neither."""
        ids, low = self.ids, tx.lower
        k = end
        while k < hi and low[k] in self._closers:
            k += 1
        poss = k < hi and low[k] in ids["possessives"]
        if poss:
            k += 1
        while k < hi and low[k] in ids["modifiers"] and low[k] not in ids["place_nouns"]:
            k += 1
        if k < hi and low[k] in ids["place_nouns"]:
            return "place"
        return "possessive" if poss and k < hi and low[k] in ids["instrument_nouns"] else None

    def _is_source(self, tx: TokenText, start: int, end: int, lo: int, hi: int) -> bool:
        """"X announced", "X sources said", "according to X", "sources in X": X reports, it did not act."""
        ids, low = self.ids, tx.lower
        k, steps = end, 0
        while k < hi and steps < 4 and (tx.space[k] or low[k] in ids["report_skip"] or low[k] in self._closers):
            k, steps = k + 1, steps + 1
        if k < hi and (low[k] in ids["report_verbs"] or low[k] in ids["report_nouns"]):
            # "X claimed responsibility" names the attacker
            return not (k + 1 < hi and low[k + 1] == self._responsibility)
        k = start - 1
        while k >= lo and low[k] in ids["np_leading"]:
            k -= 1
        if k >= lo and low[k] == self._s["to"] and k - 1 >= lo and low[k - 1] in ids["according"]:
            return True
        return k >= lo and low[k] == self._s["in"] and k - 1 >= lo and low[k - 1] in ids["report_nouns"]

    def _cue_before(self, tx: TokenText, start: int, lo: int):
        """Walk back from a mention over articles, numbers and modifiers, and over "members of",
        "positions of": the word that says its role. Returns (cue, instrument, place_of, position)."""
        ids, low, s = self.ids, tx.lower, self._s
        instrument = place_of = False
        k = start - 1
        while k >= lo:
            w = low[k]
            if tx.space[k] or tx.num[k]:
                k -= 1
                continue
            if w == s["least"] and k - 1 >= lo and low[k - 1] == s["at"]:
                k -= 2
                continue
            if w == s["to"] and k - 1 >= lo and low[k - 1] == s["up"]:
                k -= 2
                continue
            if w == s["than"] and k - 1 >= lo and low[k - 1] == s["more"]:
                k -= 2
                continue
            if w in ids["agent_before"]:
                if k - 1 >= lo and low[k - 1] in ids["owner_by"]:
                    return "other", instrument, True, k  # "a checkpoint manned by X": X holds it
                return "agent", instrument, place_of, k
            if w == s["to"] and k - 1 >= lo and low[k - 1] in ids["agent_to"]:
                if k - 2 >= lo and low[k - 2] in ids["prepositions"] and not (
                        low[k - 2] == s["to"] and any(low[x] in ids["weapon_tails"] for x in range(max(lo, k - 6), k - 2))):
                    # "charges of belonging to X", "gunmen believed to belong to X": not the act; but "a drone
                    # believed to belong to X" is X's drone
                    return "other", instrument, place_of, k
                return "agent", instrument, place_of, k
            if w == s["with"] and k - 1 >= lo and low[k - 1] in ids["agent_with"]:
                return "agent", instrument, place_of, k
            if w == s["of"]:
                prev = low[k - 1] if k - 1 >= lo else None
                if prev in ids["agent_of"]:
                    return "agent", instrument, place_of, k
                if prev in ids["target_of_nouns"]:
                    return "target", instrument, place_of, k
                if prev in ids["quantity_nouns"]:
                    k -= 2  # "hundreds of residents"
                    continue
                if prev in ids["instrument_nouns"]:
                    instrument = True
                    k -= 2
                    continue
                if prev in ids["place_nouns"]:
                    place_of = True
                    k -= 2
                    continue
                return "other", instrument, place_of, k
            if w in ids["prepositions"]:
                if place_of and k - 1 >= lo and w == s["from"] and low[k - 1] in ids["agent_from"]:
                    return "agent", instrument, False, k  # "fired from positions of X"
                if not place_of and k - 1 >= lo and w == s["from"] and low[k - 1] in ids["agent_from_direct"]:
                    return "agent", instrument, False, k  # "wounded by gunfire from X"
                return "prep", instrument, place_of, k
            if w in ids["chain"]:
                if w == s["well"] and not (k - 1 >= lo and low[k - 1] == s["as"]):
                    return "other", instrument, place_of, k
                return "chain", instrument, place_of, k
            if w in ids["clause_breaks"] or (tx.punct[k] and w not in ids["modifiers"]) \
                    or (w == s["-"] and self._spaced_dash(tx, k, lo)):
                return "start", instrument, place_of, k
            if w in ids["modifiers"] or w in ids["modifier_suffixes"] or (k + 1 < start and low[k + 1] == s["-"]):
                k -= 1  # articles, "joint", "military", the "Russian" of "Russian-backed"
                continue
            if w in ids["instrument_nouns"] and instrument:
                k -= 1
                continue
            if w in ids["time_words"] and w != s["may"]:
                return "start", instrument, place_of, k  # "On Sunday night SDF forces raided": an opening without a comma
            return "other", instrument, place_of, k
        return "start", instrument, place_of, lo - 1

    def _unknown_agent(self, tx: TokenText, lo: int, hi: int) -> bool:
        """"a drone of unknown identity", "unidentified gunmen": the text says it does not know who acted, so the
        list's introduction ("Movements of Coalition forces:") does not name the actor."""
        unknown = self.ids["unknown_words"]
        return any(tx.lower[k] in unknown for k in range(lo, hi))

    def _partners(self, tx: TokenText, mentions, agents: list[Found]) -> list[Found]:
        """"Coalition helicopters landed in X, where the Coalition and SDF carried out an operation": the actor
        named again with a partner ("X and Y") acts with it."""
        if not agents:
            return []
        names = {id(a.value) for a in agents}
        taken = {(a.start, a.end) for a in agents}
        out = []
        for a, b in zip(mentions, mentions[1:]):
            if id(a.value) in names and id(b.value) not in names and (b.start, b.end) not in taken \
                    and getattr(b.value, "kind", None) != "civilian" \
                    and all(tx.lower[k] in self.ids["chain"] or tx.lower[k] in self.ids["np_leading"]
                            for k in range(a.end, b.start)) and any(tx.lower[k] == self._s["and"]
                                                                     for k in range(a.end, b.start)):
                out.append(Found(b.start, b.end, "", b.value))
                names.add(id(b.value))
        return out

    def _charged_with(self, tx: TokenText, start: int, lo: int) -> bool:
        """"arrested a man accused of killing three civilians", "the clan accused the SDF of killing one of its
        sons": whom the charge names, not whom the event hit."""
        low, ids = tx.lower, self.ids
        for k in range(start - 1, max(lo, start - 9), -1):
            if tx.punct[k]:
                return False
            if low[k] in ids["charge_words"] \
                    and any(low[j] in ids["charge_then"] for j in range(k + 1, min(k + 5, start))):
                return True
        return False

    def _held_event(self, tx: TokenText, end: int, k: int, cl: Clause) -> bool:
        """"the SDF held (a joint) military exercise": the verb of the event, not "SDF-held areas" (a hyphen) or "regime
        held areas were shelled" (the trigger further on)."""
        return k == end and tx.lower[k] in self.ids["event_verbs"] and cl.trig is not None and 0 < cl.trig - k <= 6

    def _spaced_dash(self, tx: TokenText, k: int, lo: int) -> bool:
        """"SOUTHWEST ASIA - U.S. forces ...", "Kobani - Russian forces ...": a dash between spaces opens the
        clause; "Russian-backed" and "pro-Turkey" join words."""
        return k - 1 >= lo and k + 1 < len(tx.lower) and tx.text(k - 1, k + 1).endswith(" -") \
            and tx.text(k, k + 2).startswith("- ")

    def _break_between(self, tx: TokenText, a: int, b: int) -> bool:
        return self.phrases.break_between(tx, a, b)

    # ------------------------------------------------------------------------------------------------
    def _own_forces(self, tx: TokenText, a: int, b: int) -> bool:
        """"its forces", "their drones" between a source and the trigger: the source's own men acted."""
        ids, low = self.ids, tx.lower
        for k in range(a, b):
            if low[k] in ids["own_subjects"] and k - 1 >= a and low[k - 1] in ids["own_subject_after"]:
                return True  # "CENTCOM said it killed", "the SDF announced that they arrested"
            if low[k] in ids["own_pronouns"]:
                j = k + 1
                while j < b and low[j] in ids["modifiers"]:
                    j += 1
                if j < b + 1 and j < len(low) and low[j] in ids["instrument_nouns"]:
                    return True
        return False

    # ------------------------------------------------------------------------------------------------
    def _sentence_agents(self, tx: TokenText, lo: int, mentions_in) -> list[Found]:
        """A clause that names no actor, in a sentence whose first clause does ("X brought in a convoy of 60
        trucks ..., another convoy of 40 trucks ..."): the sentence's actor."""
        starts = sentence_starts(tx.doc)
        s_lo = starts[bisect.bisect_right(starts, lo) - 1]
        if s_lo >= lo:
            return []
        agents, _, _ = self._roles(tx, s_lo, lo, Clause(), mentions_in(s_lo, lo), False)
        return agents

    def _intro_agents(self, tx: TokenText, ev, mentions_in) -> list[Found]:
        """A bullet that names no attacker, under an introduction that does ("five airstrikes by X ...
        Here are further details:"): the introduction's actor."""
        blocks = tx.doc._.blocks or []
        bi = getattr(ev, "block", None)
        if bi is None or bi >= len(blocks) or not blocks[bi].is_bullet:
            return []
        k = bi - 1
        while k >= 0 and blocks[k].is_bullet and bi - k <= self.intro_max_blocks:
            k -= 1
        if k < 0 or blocks[k].kind != "paragraph":
            return []
        b = blocks[k]
        intro = doc_text(tx.doc)[b.start_char:b.end_char].lower()
        if not intro.rstrip().endswith(":") and not any(m in intro for m in self.intro_markers):
            return []  # a paragraph that does not introduce the list
        # "five airstrikes by X", else the subject: "X carried out five airstrikes. Here are the details:"
        return self._by_agents(tx, b.start, b.end, mentions_in) or \
            self._roles(tx, b.start, b.end, Clause(), mentions_in(b.start, b.end), False)[0]

    def senders(self, doc: Doc, lo: int, hi: int, mentions_in) -> list[Found]:
        """Who a sentence says sends ('265 trucks affiliated to the Coalition', 'the Coalition brought in 210
        trucks'): an explicit cue first, else the subject."""
        tx = doc.user_data.get(_TEXT_KEY)
        if tx is None or len(tx.lower) != len(doc):
            tx = doc.user_data[_TEXT_KEY] = TokenText(doc)
        found = self._by_agents(tx, lo, hi, mentions_in) or \
            self._roles(tx, lo, hi, Clause(), mentions_in(lo, hi), False)[0]
        return [self._agent_found(tx, a) for a in found]

    def _by_agents(self, tx: TokenText, lo: int, hi: int, mentions_in) -> list[Found]:
        """The actors named with an explicit cue ("by X", "belonging to X") in tokens lo..hi-1."""
        out = []
        for m in mentions_in(lo, hi):
            if self._cue_before(tx, m.start, lo)[0] == "agent":
                out.append(Found(m.start, self._quoted_end(tx, m.end, hi), "", m.value))
        return out

    # ------------------------------------------------------------------------------------------------
    def _agent_found(self, tx: TokenText, a: Found) -> Found:
        """The actor as written, without a trailing weapon word ("Coalition helicopters" -> "Coalition")
        unless what is left is an adjective ("Turkish drone")."""
        ids, low = self.ids, tx.lower
        s, e = a.start, a.end
        named = antecedent(tx.doc, s)
        if named is not None:  # "our units" in an interview: the organisation its headline names (actor_refs.py)
            return Found(named[0], named[1], tx.text(*named), a.value)
        while e - 1 > s and low[e - 1] in ids["weapon_tails"]:
            e -= 1
        if e != a.end:
            last = tx.text(e - 1, e)
            if (last.lower().endswith(self.demonym_endings) and last[:1].isupper() and not last.isupper()) \
                    or tx.punct[e - 1]:
                e = a.end
        return Found(s, e, tx.text(s, e), a.value)


_SHORTHAND_COUNT = re.compile(r"(?:\d+|an?|one|two|three|four|five)?\s*[xX\u00d7*]", re.I)  # "1 x", "2x", "3 ×"


def _past_dateline(doc: Doc, lo: int, hi: int) -> int:
    """The clause without the item's dateline ("QAMISHLI, Aug 5 (Agency) - A Turkish drone ..."): the agency and
    the dash before the subject hid it from the role rules."""
    dl = doc._.dateline
    if dl is None:
        return lo
    for s, e in dl.ranges:
        if s <= lo < e and e < hi:
            lo = e
    return lo


def _overlaps(a: Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end
