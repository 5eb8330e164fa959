"""Candidate events: trigger patterns, then one candidate per distinct happening (doc._.events).

Triggers come from resources/nlp/triggers.jsonl (token patterns in spaCy Matcher syntax, with gaps; see
patterns.py), matched once per document; all further work is per sentence that holds a trigger. The
assembly follows the corpus rules:
- one event per sentence, of the most specific type; a raid absorbs its arrests, clashes and strikes;
- "a convoy ... in addition to another convoy ..." is two events; "The convoy comprised 20 trucks" adds
  to the one before; "the attack left two dead" in the next paragraph adds counts to the attack before;
- a date comes from the sentence, else the paragraph or bullet, else (within a couple of paragraphs,
  when the type or a specific place carries on) from the text before; a vague period dates nothing;
- every batch date of a stated total is a convoy, unless a bullet itemises a convoy on that date;
- a bullet whose trigger is generic ("an attack") takes the type its list introduction names; the counted
  triggers of the introduction itself ("three airstrikes that week. The details:") count the items, they are
  no event of their own;
- a claim of responsibility states its attack only when the sentence names a day of its own.
Counts, location, actors and direction are read from the event's own sentences only.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import extensions  # noqa: F401
from .config import load_json, load_jsonl
from .counts import CountHit, CountReader
from .docutil import BatchedComponent, Found, Sentences, doc_text, found_by, sentence_starts, token_table
from .numbers import number_mentions
from .patterns import GappedMatcher
from .places import LocationChooser, PlaceMention, load_gazetteer
from .roles import RoleReader
from .tables import TableColumns
from .unstated import UnstatedFilter

_ROWS = "annotator.events.rows"  # doc.user_data key: the text may hold table rows (tab or "|" cells)
_RESPONSE_AT = "annotator.events.response_cues"  # doc.user_data key: positions of response cue words


_CLOCK_ITEM = re.compile(r"[ \t]*[\[(]?\d{1,2}[:.]\d{2}\b")  # a live blog's entry: "[16:40] ...", "12:05 ..."
_ITEM_START = re.compile(r"[ \t]*(?:[-\u2013\u2014\u2022*]\s|\d{1,2}[:.]\d{2}\b)")  # "— Idlib: ...", "12:05 ..."


@dataclass(slots=True)
class TriggerRule:
    id: str
    label: str
    priority: int
    generic: bool


@dataclass(slots=True)
class Trigger:
    rule: TriggerRule
    start: int
    end: int
    marker: str | None = None  # "another", "indefinite", "definite" or None
    marker_pos: int | None = None  # where the determiner stands (a second instance's clause starts there)

    @property
    def label(self) -> str:
        return self.rule.label


@dataclass(slots=True)
class EventCandidate:
    type: str
    rule: str
    triggers: list[Trigger]
    ranges: list[tuple[int, int]]  # evidence token ranges, in order (clause or sentences)
    block: int
    date: object | None = None  # DateValue
    date_span: Found | None = None
    date_source: str | None = None  # sentence, block, context, batch
    end_date: str | None = None  # the last day, when the sentence dates the event by a list of days
    confidence: float = 0.7
    generic: bool = False
    counts: dict[str, CountHit] = field(default_factory=dict)
    location: PlaceMention | None = None
    direction: str | None = None
    actors: list[Found] = field(default_factory=list)  # value: the Actor
    targets: list[Found] = field(default_factory=list)
    has_instance_marker: bool = False
    from_batch: bool = False
    route_sentence: Span | None = None  # a batch date's convoy: the sentence that names the route
    elliptic: bool = False  # an item of an enumeration ("and 20 others on March 7"): its noun is left out
    count_from: int | None = None  # the first item of "60 trucks: 40 on March 3 and 20 on March 7" counts from "40"
    part_of: "EventCandidate | None" = None  # an ordinal item's summary ("drone strikes ... The first strike ...")
    shares_actors_of: "EventCandidate | None" = None  # "X struck two targets: A ..., and B ...": B's strike is X's
    item_start: int | None = None  # ... and A, B: where the item that names what it hit begins
    group_days: list | None = None  # "on April 4 and 5": every day of the list that dates it (DateValues)

    @property
    def start(self) -> int:
        return self.ranges[0][0]

    @property
    def end(self) -> int:
        return self.ranges[-1][1]


@dataclass(slots=True)
class _Anchor:
    date: object
    date_span: Found
    block: int
    types: set[str]
    blocks: list  # the paragraphs whose specific places carry the date on (read only when needed)
    heading: bool = False  # a day heading's ("Monday 20 July"): it dates every entry under it


@dataclass(slots=True)
class _State:
    anchor: _Anchor | None = None
    last_event: tuple[int, EventCandidate] | None = None
    counted: tuple[int, EventCandidate] | None = None  # "two airdrop operations": what ordinal items refer to
    summed: set[int] = field(default_factory=set)  # ids of undated summaries that ordinal items replaced
    ordinal_of: EventCandidate | None = None  # the summary of the ordinal items being read


def _sentence_around(doc: Doc, token: int) -> tuple[int, int]:
    starts = sentence_starts(doc)
    i = bisect.bisect_right(starts, token) - 1
    return starts[i], (starts[i + 1] if i + 1 < len(starts) else len(doc))


def _place_key(ev: EventCandidate) -> str | None:
    """The place an event is at: the gazetteer name, else the words as written."""
    if ev.location is None:
        return None
    return ev.location.place.name if ev.location.place is not None else ev.location.text.lower()


class _Dated:
    """A date mention (docutil.Found) with its value."""
    __slots__ = ("span", "value", "start")

    def __init__(self, span: Found, value, start: int):
        self.span, self.value, self.start = span, value, start


class _Sent:
    """A sentence's token bounds: all the rules below read of it (a Span per sentence cost more)."""
    __slots__ = ("start", "end")

    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


class _DocIndex:
    """What the earlier components found, indexed once per document."""

    def __init__(self, doc: Doc, sent_of):
        self.dates_by_sent: dict[int, list[_Dated]] = {}
        blocked = bytearray(len(doc) + 1)  # 1 = token of a date, or of a number a stated total took
        meta = doc._.dateline  # dateline, date line, byline: the item's, never an event's
        for d in found_by(doc, "dates"):
            if meta is None or not meta.covers(d.start, d.end):
                self.dates_by_sent.setdefault(sent_of(d.start), []).append(_Dated(d, d.value, d.start))
            blocked[d.start:d.end] = b"\x01" * (d.end - d.start)
        for f in doc._.facts or []:
            if f.number is not None:
                blocked[f.number.start:f.number.end] = b"\x01" * (f.number.end - f.number.start)
        self.numbers = [n for n in number_mentions(doc) if n.end <= n.start or blocked.find(1, n.start, n.end) < 0]
        self.number_starts = [n.start for n in self.numbers]  # in text order
        self.places = [p for p in found_by(doc, "places") if meta is None or not meta.covers(p.start, p.end)]
        self.place_starts = [p.start for p in self.places]
        self.actors = found_by(doc, "actors")  # in text order
        self.actor_starts = [a.start for a in self.actors]

    def actors_in(self, lo: int, hi: int) -> list[Found]:
        """The actors wholly inside tokens lo..hi-1."""
        return [a for a in self.actors[bisect.bisect_left(self.actor_starts, lo):
                                       bisect.bisect_left(self.actor_starts, hi)] if a.end <= hi]

    def numbers_in(self, lo: int, hi: int) -> list:
        """The numbers that start in tokens lo..hi-1 (what count reading over that stretch can look at)."""
        return self.numbers[bisect.bisect_left(self.number_starts, lo):bisect.bisect_left(self.number_starts, hi)]


class EventAssembler(BatchedComponent):
    def __init__(self, nlp: Language, name: str, triggers_path: str = "", config_path: str = "",
                 counts_path: str = "", places_path: str = "", gazetteer_path: str = ""):
        self.cfg = cfg = load_json(config_path, "events.json")
        counts_cfg = load_json(counts_path, "counts.json")
        self.counts = CountReader(counts_cfg, nlp.vocab)
        self._abduction_words = {nlp.vocab.strings.add(w) for w in counts_cfg["abduction_words"]}
        self._abduction_types = set(counts_cfg["abduction_types"])
        self._arrest_words = self.counts.after["arrested"] | self.counts.before["arrested"]
        self.chooser = LocationChooser(load_json(places_path, "places.json"), cfg, load_gazetteer(gazetteer_path))
        self.tables = TableColumns(cfg["tables"])
        self._day_heading_tokens = int(cfg["day_heading"]["max_tokens"])
        self._day_heading_blocks = int(cfg["day_heading"]["max_blocks"])
        self.matcher = GappedMatcher(nlp.vocab)
        self.rules: dict[str, TriggerRule] = {}
        for row in load_jsonl(triggers_path, "triggers.jsonl"):
            rule = TriggerRule(row["id"], row["label"], int(row.get("priority", 50)), bool(row.get("generic")))
            key = f"{rule.label}:{rule.id}"
            if key in self.rules:
                raise ValueError(f"duplicate trigger rule {key}")
            self.rules[key] = rule
            self.matcher.add(key, row["pattern"])
        self.directions = GappedMatcher(nlp.vocab)
        for label in ("entering", "leaving"):
            for i, pattern in enumerate(cfg[f"convoy_{label}"]):
                self.directions.add(f"{label}#{i}", pattern)
        self.tallies = GappedMatcher(nlp.vocab)
        for i, phrase in enumerate(cfg["tally_phrases"]):
            self.tallies.add(f"tally#{i}", [{"LOWER": w} for w in phrase.split()])
        for i, pattern in enumerate(cfg["tally_patterns"]):
            self.tallies.add(f"tally-pattern#{i}", pattern)
        self.matcher.compile()
        self.directions.compile()
        self.tallies.compile()
        self.absorbs = {k: set(v) for k, v in cfg["absorbs"].items()}
        # "shot down two drones": an interception, not a shooting (events.json not_after)
        self._not_after = {r: {nlp.vocab.strings.add(w) for w in ws} for r, ws in cfg.get("not_after", {}).items()}
        ti = cfg.get("target_items", {})
        self._target_item_types = set(ti.get("types", ()))
        self._target_item_nouns = {nlp.vocab.strings.add(w) for w in ti.get("nouns", ())}
        self._target_item_window = int(ti.get("window", 8))
        self._item_stops = {nlp.vocab.strings.add(w) for w in ti.get("stops", ())}
        self._item_seps = {nlp.vocab.strings.add(w) for w in (",", ";")}
        self._colon_id, self._semicolon_id, self._and_id = (nlp.vocab.strings.add(w) for w in (":", ";", "and"))
        self._determiner_ids = {nlp.vocab.strings.add(w) for w in ("a", "an", "the")}
        self._each_id = nlp.vocab.strings.add("each")
        self._two_ids = {nlp.vocab.strings.add(w) for w in ("two", "2")}
        self._year_shape = nlp.vocab.strings.add("dddd")
        self._back_ref_ids = {nlp.vocab.strings.add(w) for w in cfg.get("back_reference_preps", ())}
        self.upgrades = {k: set(v) for k, v in cfg["upgrades"].items()}
        self.negations = set(cfg["negations"])
        self.neg_window = int(cfg["negation_window"])
        self.hedges = set(cfg["hedges"])
        self.purpose_before = set(cfg["purpose_before"])
        self.definite = set(cfg["definite"])
        self.new_instance = set(cfg["new_instance"])
        self.strong_new = set(cfg["strong_new_instance"])
        self.det_window = int(cfg["determiner_window"])
        self.intro_markers = cfg["list_intro_markers"]
        self.inherit_blocks = int(cfg["inherit_max_blocks"])
        self.inherit_kinds = set(cfg["inherit_place_kinds"])
        self.keep_undated = bool(cfg["keep_undated"])
        self.recalled_days = int(cfg.get("recalled_days", 0))
        self.headline_max_words = int(cfg["heading_max_words"])
        self.section_title_words = 6  # "Attacks on Coalition bases and positions:"
        add = nlp.vocab.strings.add
        self.ellipsis_types = set(cfg["ellipsis"]["types"])
        self._ellipsis_ids = {add(w) for w in cfg["ellipsis"]["boundaries"]}
        self._hedge_ids = {add(w) for w in self.hedges}
        self._negation_ids = {add(w) for w in self.negations}
        self._purpose_ids = {add(w) for w in self.purpose_before}
        self._particle_ids = {add(w) for w in ("up", "in", "out", *self.definite)}
        self._strong_new_ids = {add(w) for w in self.strong_new}
        self._new_ids = {add(w) for w in self.new_instance}
        self._definite_ids = {add(w) for w in self.definite}
        # "today's clashes", "Tuesday's strike": a day's possessive names the happening of that day told elsewhere
        self._poss_id = add("'s")
        self._day_poss_ids = {add(w) for w in cfg["day_possessive"]["words"]}
        self._toll_ids = {add(w) for w in cfg["anaphora"].get("toll_heads", [])}
        self._toll_not_ids = {add(w) for w in cfg["anaphora"].get("toll_not_with", [])}
        self._quote_ids = {add(w) for w in ("“", "”", '"', "-")}
        self._topic_ids = {add(w) for w in cfg.get("topic_cues", [])}
        self._claim_ids = {add(w) for w in cfg.get("claim_cues", [])}
        self.topic_window = int(cfg.get("topic_window", 4))
        self._participle_ids = {add(w) for w in cfg["topic_participles"]["words"]}
        self._participle_then_ids = {add(w) for w in cfg["topic_participles"]["then"]}
        self.instance_gap = int(cfg.get("instance_gap", 6))
        self.single_instance_types = set(cfg["single_instance_types"])
        self.counted_window = int(cfg["counted_window"])
        self.conf = cfg["confidence"]
        ana = cfg["anaphora"]
        self.anaphora_blocks = int(ana["max_blocks"])
        self._anaphor_head_ids = {add(w) for w in ana["heads"]}
        self._anaphor_people_ids = {add(w) for w in ana["people"]}
        self._orphan_ids = {add(w) for w in ana["orphan_determiners"]}
        self._any_type_head_ids = {add(w) for w in ana["any_type_heads"]}
        victim = cfg["target_of_attack"]
        cue_ids = {kind: {add(w) for w in words} for kind, words in victim["cues"].items()}
        self._victim_cues = {label: cue_ids[kind] for label, kind in victim["labels"].items()}
        self.victim_window = int(victim["window"])
        # "SDF patrol ambushed at the entrance" (a headline's passive): the participle after the noun
        self._victim_after = {label: {add(w) for w in victim.get("after", {}).get(kind, [])}
                              for label, kind in victim["labels"].items()}
        # "destroyed three vehicles, a tank and two IEDs": the verb governs the whole list
        self._victim_list = {label: int(victim["list_window"]) for label, kind in victim["labels"].items()
                             if kind in victim["list_kinds"]}
        self._comma_ids = {add(w) for w in (",", ";", "and", "-")}
        self._modifier_head_ids = {add(w) for w in cfg["modifier_heads"]}
        self._over_id = add("over")
        self._motion_ids = {add(w) for w in cfg.get("motion_over_verbs", [])}
        self._leading_ids = {add(w) for w in self._LEADING}
        self._list_join_ids = {add(w) for w in (",", "and")}  # "50, 45 and 40 trucks"
        self._capture_ids = {add(w) for w in ("capture", "captures", "captured", "capturing")}
        self._on_id, self._and_id = add("on"), add("and")
        self._batch_word_ids = {add(w) for w in ("batch", "batches")}
        self._convoy_word_ids, self._of_id = {add(w) for w in ("convoy", "convoys", "columns")}, add("of")
        self._day_boundary_ids = {add(w) for w in (",", ";")}  # ", and on the next day", "; on March 9"
        self._day_joiner_ids = {add(w) for w in ("and", "while", "whereas")}
        self._while_ids = {add(w) for w in ("while", "whereas")}
        self._came_ids = {add(w) for w in ("came", "comes", "come", "coming")}
        self._under_id = add("under")
        self._after_ids = {add(w) for w in ("after", "following")}
        self._cause_types = {"arrest", "security_operation"}  # what an ', after' clause may tell as its own happening
        self._other_ids = {add(w) for w in ("others", "more", "other")}  # "45 others followed"
        self._trailing_ids = {add(w) for w in self._TRAILING}
        self.roles = RoleReader(load_json("", "roles.json"), nlp.vocab)
        self.unstated = UnstatedFilter(cfg["unstated"], nlp.vocab)
        self.arrest_turns = dict(cfg["arrest_turns"]["types"])
        self._frame_ids = {nlp.vocab.strings.add(w) for w in cfg["frame_openers"]}
        resp = cfg["responses"]
        self._response_ids = {add(w) for w in resp["cues"]}
        self._response_after_in_ids = {add(w) for w in resp["after_in"]}
        self._response_boundary_ids = {add(w) for w in resp["boundaries"]}
        self._response_soon_ids = {add(w): {add(u) for u in units} for w, units in resp.get("soon_after", {}).items()}
        # every word a response cue can end on: one vectorised test per sentence before the word-by-word search
        self._response_any = np.array(sorted(self._response_ids | self._response_after_in_ids
                                             | set(self._response_soon_ids)), dtype=np.uint64)
        self._repel_types = set(resp.get("repels", []))
        self._in_id, self._comma_id = add("in"), add(",")
        self._ordinal_ids = {add(w) for w in cfg["ordinals"]["first"] + cfg["ordinals"]["later"]}
        self._later_ordinal_ids = {add(w) for w in cfg["ordinals"]["later"]}
        self._salvo_types = set(cfg["ordinals"]["salvo_types"])
        woa = cfg["weapon_of_attack"]
        self._woa_rules, self._woa_attacks = set(woa["rules"]), set(woa["attack_rules"])
        self._woa_preps, self._woa_window = {add(w) for w in woa["preps"]}, woa["window"]
        self._since_ids = {add(w) for w in cfg["since_days"]["words"]}
        self._since_skip = {add(w) for w in cfg["since_days"]["skip"]}
        self._report_day_verbs = {nlp.vocab.strings.add(w) for w in cfg["report_days"]["verbs"]}
        self._report_day_skip = {nlp.vocab.strings.add(w) for w in cfg["report_days"]["skip"]}

    # ------------------------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        doc._.events = self.assemble(doc)
        return doc

    def _triggers(self, doc: Doc) -> list[Trigger]:
        found: dict[tuple[str, int], Trigger] = {}
        for key, s, e in self.matcher(doc):
            rule = self.rules[key]
            # keep one trigger per label and start: the longest
            k = (rule.label, s)
            if k not in found or (e - s) > (found[k].end - found[k].start):
                found[k] = Trigger(rule, s, e)
        trig = sorted(found.values(), key=lambda t: (t.start, -(t.end - t.start)))
        # drop a trigger nested inside a longer one of the same label, and one that is the last word of a
        # longer one of another label ("warplanes carried out 15 raids": the raids are the air strikes)
        out: list[Trigger] = []
        reach: dict[str, int] = {}  # label -> furthest end so far
        ends: dict[int, Trigger] = {}  # end -> the longest trigger ending there
        lowers, strings = token_table(doc)["LOWER"], doc.vocab.strings
        for t in trig:
            if t.end <= reach.get(t.label, -1):
                continue
            head_of = ends.get(t.end)
            if head_of is not None and head_of.label != t.label and head_of.start < t.start \
                    and not strings[lowers[t.end - 1]].endswith(("ed", "ing")) \
                    and lowers[t.start - 1] not in self._definite_ids:
                # a noun, what the longer one did; but "helicopters raided" is the raid's own verb, and
                # "helicopters supported the raid" names a raid told before
                continue
            out.append(t)
            reach[t.label] = max(reach.get(t.label, -1), t.end)
            if t.end not in ends or ends[t.end].start > t.start:
                ends[t.end] = t
        return out

    def _marker(self, doc: Doc, t: Trigger, lo: int) -> tuple[str | None, int | None]:
        """The determiner before a trigger: another / a, an, new / the, these... and where it stands."""
        table = token_table(doc)
        lowers, punct, like_num = table["LOWER"], table["IS_PUNCT"], table["LIKE_NUM"]
        verb = doc.vocab.strings[lowers[t.start]].endswith("ed")  # a past-tense trigger ("exploded", "raided")
        for k in range(t.start - 1, max(lo, t.start - self.det_window) - 1, -1):
            w = lowers[k]
            if verb and k < t.start - 1:
                break  # "the captured man" is marked; in "militias west of the river fired", "the" is not the verb's
            if w in self._strong_new_ids:
                return "another", k
            if w in self._new_ids:
                # "an IED planted by an armed group exploded": the article is another phrase's
                return (None, t.start) if verb else ("indefinite", k)
            if w in self._definite_ids:
                return "definite", k
            if w == self._poss_id and k - 1 >= lo and lowers[k - 1] in self._day_poss_ids:
                return "definite", k - 1
            if like_num[k]:
                if k - 1 >= lo and lowers[k - 1] in self._definite_ids:
                    return "definite", k - 1  # "the third attack this week": one told before, or a tally
                if t.start - k > self.counted_window or verb:
                    return None, t.start  # "2 fighters were found dead": the number counts people
                return "counted", k  # "40 empty trucks left": a new lot, like "a"
            if punct[k] and w not in self._quote_ids:
                break
        return None, t.start

    def _blocked(self, doc: Doc, t: Trigger, sent: Span, lowers: list[int], dated: bool) -> bool:
        """Negated ("did not fire", "no rockets were fired") or only an aim ("to arrest", "to blow up").
        dated: the sentence names a day of its own, so a claim ("On March 2, ISIS claimed responsibility for an
        attack on ...") states the attack; without one it speaks of an attack told elsewhere, or of none."""
        lo = max(sent.start, t.start - self.neg_window)
        if not self._negation_ids.isdisjoint(lowers[lo:t.end]):
            return True
        if t.start - 1 >= sent.start and lowers[t.start - 1] in self._purpose_ids:
            return True
        if t.start - 2 >= sent.start and lowers[t.start - 2] in self._purpose_ids \
                and lowers[t.start - 1] in self._particle_ids:
            return True
        # only the subject of something else: "protested against the arrest of", "wanted for planting IEDs"
        table = token_table(doc)
        punct, like_num = table["IS_PUNCT"], table["LIKE_NUM"]
        for k in range(t.start - 1, max(sent.start, t.start - self.topic_window) - 1, -1):
            if punct[k]:
                break
            if self._drove_over(lowers, k, sent.start):
                break  # "their car ran over a landmine": a place the vehicle went, not a topic
            if like_num[k + 1] and k + 1 < t.start:
                continue  # "carried out about 30 airstrikes": a cue before a number approximates it
            if lowers[k] in self._topic_ids and (lowers[k] not in self._participle_ids
                                                 or lowers[k + 1] in self._participle_then_ids) \
                    and not (dated and lowers[k] in self._claim_ids):
                return True
        return False

    def _drove_over(self, lowers: list[int], k: int, lo: int) -> bool:
        """'ran over', 'stepped on', 'drove over': a vehicle or walker meeting a mine, not 'protested over'."""
        return k - 1 >= lo and lowers[k] == self._over_id and lowers[k - 1] in self._motion_ids

    # ------------------------------------------------------------------------------------------------
    def assemble(self, doc: Doc) -> list[EventCandidate]:
        triggers = self._triggers(doc)
        batches = doc._.batches or []
        blocks = doc._.blocks or []
        if not triggers and not batches:
            return []
        sents = Sentences(doc)
        text = doc_text(doc)
        # table rows are possible (tables.py): which blocks are bullets, the only blocks a row can be
        doc.user_data[_ROWS] = [b.is_bullet for b in blocks] if "\t" in text or text.count("|") >= 2 else None
        sent_starts = sents.starts
        sent_of = lambda tok: bisect.bisect_right(sent_starts, tok) - 1  # noqa: E731
        first_cache: list[dict[str, int]] = []

        def first_of() -> dict[str, int]:  # label -> where the first trigger of that type starts (asked rarely)
            if not first_cache:
                out: dict[str, int] = {}
                for t in triggers:
                    if t.start < out.get(t.rule.label, len(doc)):
                        out[t.rule.label] = t.start
                first_cache.append(out)
            return first_cache[0]
        block_starts = [b.start for b in blocks]
        block_of = lambda tok: max(bisect.bisect_right(block_starts, tok) - 1, 0)  # noqa: E731
        ctx = _DocIndex(doc, sent_of)
        batch_sents, batch_blocks = set(), set()
        for b in batches:
            batch_sents.add(sent_of(b.sentence.start))
            batch_blocks.add(block_of(b.sentence.start))
            if b.clause_sentence is not None:
                batch_sents.add(sent_of(b.clause_sentence.start))
        trig_by_sent: dict[int, list[Trigger]] = {}
        for t in triggers:
            trig_by_sent.setdefault(sent_of(t.start), []).append(t)
        # a tally matters only in a sentence with a trigger: the others are not looked at
        trig_sents = [sents.bounds[si] for si in sorted(trig_by_sent)]
        tally_sents = {sent_of(s) for _, s, _ in self.tallies(doc, within=trig_sents)} & set(trig_by_sent)
        wanted = {block_of(sents.bounds[si][0]) for si in trig_by_sent} | batch_blocks
        wanted |= {block_of(d.start) for d in found_by(doc, "dates")}
        wanted |= {b.index for b in blocks if b.kind == "heading"}
        # the paragraphs just after an event may add to it ("Two others were killed during the operation.")
        wanted |= {k for bi in list(wanted) for k in range(bi + 1, min(bi + 1 + self.anaphora_blocks, len(blocks)))}

        events: list[EventCandidate] = []
        state = _State()
        block_labels: dict[int, set[str]] = {}
        for bi in sorted(wanted):
            block = blocks[bi] if blocks else None
            if block is not None and block.kind == "heading":
                state.anchor = state.last_event = None  # a new section: nothing before it to refer back to
                if block.end - block.start <= self._day_heading_tokens:
                    # (a first such line may be the item's date line too: its dates are not in ctx)
                    day = [d for d in found_by(doc, "dates") if block.start <= d.start < block.end]
                    written = [d for d in day if d.value.kind != "weekday"]  # "Tuesday 21 July": the day written
                    day = written or day
                    if day and all(d.value.is_day for d in day) and len({d.value.iso for d in day}) == 1 \
                            and day[0].value.iso:
                        # "Tuesday 21 July" over a live blog's entries of that day
                        state.anchor = _Anchor(day[0].value, day[0], bi, set(), [block], heading=True)
                continue
            b_sents = self._block_sentences(sents, sent_starts, block)
            intro = self._list_intro(blocks, bi, block_labels, doc) if block is not None and block.is_bullet else None
            # "The Coalition carried out three airstrikes that week. The details:": the count is of the items below
            counts_items = block is not None and self._introduces_list(blocks, bi, doc)
            running, running_loose = None, False
            current: EventCandidate | None = None
            if bi in batch_blocks:  # later mentions of "the trucks" refer to the stated batches
                current = EventCandidate("convoy", "batch", [], [(block.start, block.start)], bi, from_batch=True)
            block_events: list[EventCandidate] = []
            labels_here: set[str] = set()
            for si in b_sents:
                sent = _Sent(*sents.bounds[si])
                s_dates = ctx.dates_by_sent.get(si, [])
                day_dates = self._event_days(doc, [d for d in s_dates if d.value.is_day and not self._since_day(doc, d)])
                loose_here = any(d.value.kind == "loose" for d in s_dates)
                cands = self._usable_triggers(doc, sent, trig_by_sent.get(si, []), bool(day_dates), first_of)
                labels_here |= {t.label for t in cands if not t.rule.generic}
                if counts_items:
                    cands = [t for t in cands if t.marker != "counted"]
                if si in batch_sents or (si in tally_sents and not self._own_days(
                        doc, [d for d in day_dates if not d.value.range_end])):
                    # a stated total, or a tally: it sums events, it is not one ("have arrested dozens in recent
                    # weeks, a rights group said on Monday": the day of the report verb dates no happening;
                    # "Between April 21 and May 19, the monitor documented 9 attacks": the range is the tally's period)
                    cands = []
                instances = self._response_instances(doc, cands, sent) \
                    or self._day_clauses(doc, cands, sent, day_dates) \
                    or self._while_clauses(doc, cands, sent, day_dates) or self._instances(doc, cands, sent)
                if instances and instances[-1][0] in self.ellipsis_types and len(day_dates) > 1:
                    instances = self._split_ellipsis(doc, instances, sent, day_dates, ctx)
                if instances and len(day_dates) > 1:
                    instances = self._split_ordinals(doc, instances, sent, day_dates)
                instances = self._ordinal_item(doc, instances, sent, state, bi, bool(day_dates)) or instances
                if len(instances) == 1 and instances[0][0] in self._target_item_types:
                    instances = self._enumerated_targets(doc, instances[0], sent) or instances
                first_item = None
                if not instances and intro and current is None and day_dates and sent.start <= block.start + 1:
                    instances = [(intro, [], (sent.start, sent.end), "list-item")]
                for itype, itrigs, clause, how in instances:
                    ev = self._place_instance(doc, itype, itrigs, clause, how, intro, bi, sent, day_dates,
                                              loose_here, running, running_loose, current, state, ctx)
                    if ev is None:
                        continue
                    events.append(ev)
                    block_events.append(ev)
                    if how == "target-item":
                        ev.item_start = self._item_start(doc, ev, first_item is None)
                        ev.shares_actors_of, first_item = first_item, first_item or ev
                    current = ev
                    state.last_event = (bi, ev)
                    if any(t.marker == "counted" for t in itrigs):
                        state.counted = (bi, ev)
                    if how == "ordinal-item":
                        ev.part_of = state.ordinal_of
                if not cands and si not in batch_sents and not day_dates and not self._hedged(doc, sent):
                    # "Two others were killed during the operation": the count belongs to the event told before
                    names = self._names_antecedent(doc, sent) or (
                        not loose_here and si not in tally_sents and self._toll_update(doc, sent))
                    told = current if current is not None else (self._antecedent(state, bi) if names else None)
                    if told is not None and not told.from_batch and (
                            names or self._has_count(doc, sent, ctx.numbers_in(sent.start, sent.end))) \
                            and not self._other_year(doc, sent.start, sent.end, told) \
                            and not self.unstated.speaks_of_kinds(doc, sent.start, sent.end,
                                                                  trig_by_sent.get(si, []), False):
                        self._extend(told, (sent.start, sent.end))  # "The operation took place in X."
                for d in sorted(s_dates, key=lambda x: x.start):
                    if d.value.is_day and not self._since_day(doc, d):
                        running, running_loose = (d.value, d.span), False
                    elif d.value.kind == "loose":
                        running_loose = True
            block_labels[bi] = labels_here
            self._move_anchor(doc, state, bi, block, b_sents, block_events, ctx)

        self._one_day_items(doc, events, blocks)
        events = [e for e in events if e.date is not None or self.keep_undated]
        cutoff = self._recalled_before(doc)
        if cutoff:
            events = [e for e in events if e.date is None or not e.date.iso or e.date.iso[:10] >= cutoff]
        for e in events:
            if e.date is None:  # proposed for a reviewer to date: below the dated ones in a sorted queue
                e.confidence += self.conf["undated"]
        events += self._batch_events(doc, batches, events, block_of)
        for ev in events:
            self._finish(doc, ev, ctx, ctx.places, ctx.place_starts)
        events = [x for ev in events for x in self._one_per_day_and_place(doc, ev, ctx)]
        for ev in events:
            if ev.shares_actors_of is not None and not ev.actors:
                ev.actors = list(ev.shares_actors_of.actors)
            if ev.item_start is not None:
                self._item_target(doc, ev)
        events = self._merge_day_references(events)
        self._paired_counts(doc, events, ctx)
        self._batch_senders(doc, events, ctx)
        self._batch_dates_of_convoys(doc, events)
        for ev in events:  # "SDF and Coalition forces arrested a man": the Coalition arrests in raids
            if ev.type == "arrest" and any(getattr(a.value, "kind", None) == "coalition" for a in ev.actors):
                ev.type = "security_operation"
            # "a joint SDF-Coalition force clashed with an ISIS cell ..., killing one and arresting another": a joint
            # operation that met resistance, as the monitored series counts it
            elif ev.type == "armed_clash" and "arrested" in ev.counts \
                    and any(getattr(a.value, "kind", None) == "coalition" for a in ev.actors):
                ev.type = "security_operation"
        if state.summed:
            events = self._replace_summaries(events, state.summed)
        events = self._drop_headline_recaps(doc, events, blocks, sents, ctx)
        events = [e for e in events if e.date is not None or not self._section_title(doc, blocks, e.block)]
        events.sort(key=lambda e: (e.start, e.date.iso if e.date is not None and e.date.iso else ""))
        return events

    @staticmethod
    def _merge_day_references(events: list[EventCandidate]) -> list[EventCandidate]:
        """'Three fighters were killed in today's clashes in Al-Kasra' names clashes another paragraph tells (a live
        blog tells the toll above the first report of the fighting): a mention whose every trigger is definite, of
        the type, day and place of another event, adds its counts to that event and is no event of its own."""
        refs = [e for e in events if e.triggers and all(t.marker == "definite" for t in e.triggers)
                and e.date is not None and e.date.iso]
        if not refs:
            return events
        drop = set()
        for r in refs:
            here = _place_key(r)
            # the same type and day, and the same place, or the one such event when the mention names no place
            # ("The attack of 4 May fits a pattern ...")
            same = [e for e in events if e is not r and id(e) not in drop and e.type == r.type and e.date is not None
                    and e.date.iso == r.date.iso and not all(t.marker == "definite" for t in e.triggers)
                    and (here is None or _place_key(e) == here)]
            if len(same) != 1:
                continue
            told = same[0]
            for role, hit in r.counts.items():
                if role not in told.counts or told.counts[role].value < hit.value:
                    told.counts[role] = hit
            drop.add(id(r))
        return [e for e in events if id(e) not in drop]

    @staticmethod
    def _one_day_items(doc, events, blocks) -> None:
        """A day's round-up or live blog ('— Idlib: Regime forces shelled ...', '12:05 Residents are gathering'): an
        undated item among items that are all dated the day of publication ('this morning', 'today') took place
        that day too. Items are blocks that open with a dash, a bullet or a clock time."""
        published = str(doc._.published or "")[:10]
        if not published or not any(e.date is None for e in events):
            return
        text = doc_text(doc)
        items = {i for i, b in enumerate(blocks) if _ITEM_START.match(text, b.start_char, b.end_char)}
        dated = [e for e in events if e.date is not None]
        if not dated or any(e.block not in items or (e.date.iso or "")[:10] != published for e in dated):
            return
        for e in events:
            if e.date is None and e.block in items:
                e.date, e.date_source = dated[0].date, "items"

    def _recalled_before(self, doc) -> str | None:
        """'sentenced ... for taking part in an attack ... on 3 August 2014': in a news item (no period, or one its
        publication day falls in: `annotator extract` gives a news item the month it was published), a day more
        than recalled_days before publication is background the item recalls, not an event of it. A report
        published after its period keeps such a day, flagged outside it, for its reviewer. The ISO day before which
        a day is recalled, or None."""
        published = str(doc._.published or "")[:10]
        if not self.recalled_days or not published:
            return None
        period = doc._.period
        if period and not (str(period[0])[:10] <= published <= str(period[1])[:10]):
            return None
        try:
            return (dt.date.fromisoformat(published) - dt.timedelta(days=self.recalled_days)).isoformat()
        except (ValueError, OverflowError):
            return None

    def _drop_headline_recaps(self, doc, events, blocks, sents, ctx) -> list[EventCandidate]:
        """A short undated one-sentence first line over a body ("Drone strike kills two commanders near
        Al-Bab.") is a headline: an event it states that the body tells again (same type, and the same place
        and dead where both give them) is the body's, not a second one."""
        if len(blocks) < 2 or blocks[0].kind != "paragraph":
            return events
        first = blocks[0]
        si = bisect.bisect_left(sents.starts, first.start)
        one_sentence = bisect.bisect_left(sents.starts, first.end) - si == 1
        words = len(doc_text(doc)[first.start_char:first.end_char].split())
        if not one_sentence or words > self.headline_max_words \
                or any(d.value.is_day for d in ctx.dates_by_sent.get(si, [])):
            return events
        head = [e for e in events if e.block == 0 and e.date is None]
        body = [e for e in events if e.block > 0]
        recaps = {id(h) for h in head for b in body if self._recap_of(h, b)}
        return [e for e in events if id(e) not in recaps]

    def _section_title(self, doc, blocks, bi: int) -> bool:
        """'Security operations:', 'Attacks on Coalition bases:': a short line that ends in a colon names the
        section below it; it states no event of its own."""
        if not blocks or bi >= len(blocks):
            return False
        line = doc_text(doc)[blocks[bi].start_char:blocks[bi].end_char].strip()
        return line.endswith(":") and len(line.split()) <= self.section_title_words

    def _recap_of(self, h: EventCandidate, b: EventCandidate) -> bool:
        if h.type != b.type and h.type not in self.absorbs.get(b.type, set()):
            return False
        h_place, b_place = _place_key(h), _place_key(b)
        if h_place and b_place and h_place != b_place:
            return False
        hk, bk = h.counts.get("killed"), b.counts.get("killed")
        return hk is None or bk is None or hk.value == bk.value

    def _usable_triggers(self, doc: Doc, sent: Span, cands: list[Trigger], dated: bool,
                         first_of=None) -> list[Trigger]:
        """Triggers that state something happened: not negated, hedged, or only an aim."""
        if not cands or self._hedged(doc, sent):
            return []
        lowers = token_table(doc)["LOWER"]
        out = [t for t in cands if not self._blocked(doc, t, sent, lowers, dated)
               and not (t.end < sent.end and lowers[t.end] in self._modifier_head_ids)
               and not (t.end < sent.end and lowers[t.end] in self._not_after.get(t.rule.id, ()))]
        out = self.unstated.keep(doc, sent.start, sent.end, out, dated)
        if len({t.label for t in out}) > 1:
            out = [t for t in out if t.label not in self._victim_cues or not self._attacked(doc, t, sent, lowers)
                   or all(x.label == t.label for x in out)]
        if any(t.rule.id in self._woa_rules for t in out):
            out = [t for t in out if not self._weapon_of_attack(doc, t, out, sent, lowers)]
        for t in out:
            t.marker, t.marker_pos = self._marker(doc, t, sent.start)
        if dated and first_of is not None and len(out) > 1 and len({t.label for t in out}) > 1:
            out = self._drop_references_back(out, lowers, sent.start, first_of())
        return out

    def _drop_references_back(self, out: list[Trigger], lowers, lo: int, first_of: dict[str, int]) -> list[Trigger]:
        """'On August 4, clashes broke out ..., after the clan accused the SDF of killing one of its sons during
        the raid': a definite event noun after 'during/for/after' and after the sentence's own new happening,
        of a type told in an earlier sentence, names that one; the sentence's day and type are the new one's
        ('clashes erupted during the raid on a farm', the first raid told, stays the raid)."""
        first_new = min((t.start for t in out if t.marker != "definite"), default=None)
        if first_new is None:
            return out
        return [t for t in out if not (t.marker == "definite" and t.marker_pos is not None and t.start > first_new
                                       and first_of.get(t.label, lo) < lo
                                       and t.marker_pos - 1 >= lo and lowers[t.marker_pos - 1] in self._back_ref_ids)]

    def _weapon_of_attack(self, doc: Doc, t: Trigger, out: list[Trigger], sent: Span, lowers: list[int]) -> bool:
        """'ISIS cells attacked positions ... with machine guns and rocket-propelled grenades': the RPG is the
        weapon of the attack told before its 'with', not a rocket attack of its own (events.json weapon_of_attack)."""
        if t.rule.id not in self._woa_rules:
            return False
        punct = token_table(doc)["IS_PUNCT"]
        for k in range(t.start - 1, max(sent.start, t.start - self._woa_window) - 1, -1):
            if punct[k] and lowers[k] not in self._comma_ids:
                return False
            if lowers[k] in self._woa_preps:
                return any(x.rule.id in self._woa_attacks and x.end <= k for x in out)
        return False

    def _hedged(self, doc: Doc, sent: Span) -> bool:
        """'sources suggested that X might be behind it': a guess, which states no event and elaborates none."""
        # hedges as written in lower case: "may" is a hedge, "May 3" a date
        return not self._hedge_ids.isdisjoint(token_table(doc)["ORTH"][sent.start:sent.end])

    def _attacked(self, doc: Doc, t: Trigger, sent: Span, lowers: list[int]) -> bool:
        """'opened fire on a convoy', 'ambushed a US patrol', 'destroyed an IED': what the event hit."""
        punct = token_table(doc)["IS_PUNCT"]
        cues = self._victim_cues[t.label]
        over_list = t.label in self._victim_list
        window = self._victim_list.get(t.label, self.victim_window)
        if t.end < sent.end and lowers[t.end] in self._victim_after.get(t.label, ()):
            return True
        if t.end + 1 < sent.end and lowers[t.end] in self._came_ids and lowers[t.end + 1] == self._under_id \
                and t.label in self._victim_after:
            return True  # "a patrol came under fire": the patrol was attacked
        for k in range(t.start - 1, max(sent.start, t.start - window) - 1, -1):
            if punct[k] and not (over_list and lowers[k] in self._comma_ids):
                return False
            if lowers[k] in cues:
                return True
        return False

    def _place_instance(self, doc, itype, itrigs, clause, how, intro, bi, sent, day_dates, loose_here,
                        running, running_loose, current, state, ctx) -> EventCandidate | None:
        """Merge a mention into the event it continues, or make it a new event (returned)."""
        generic = bool(itrigs) and all(t.rule.generic for t in itrigs)
        rule_id = f"{itype}:{itrigs[0].rule.id}" if itrigs else f"{itype}:{how}"
        conf = self.conf["generic"] if generic else self.conf["base"]
        if how == "ellipsis":
            conf = self.conf["ellipsis"]
        elif not itrigs:
            conf = self.conf["no_trigger_bullet"]
        elif intro and generic:
            itype, generic = intro, False
            rule_id = f"{intro}:list-intro+{itrigs[0].rule.id}"
            conf = self.conf["list_type"]
        # the main trigger's determiner: "exchanged fire ... after the arrest of a man" is no reference back because
        # the arrest it took in is definite
        own = [t for t in itrigs if t.label == itype] or itrigs
        marker = next((t.marker for t in own if t.marker), None)
        lo = sent.start if clause[0] is None else clause[0]
        hi = sent.end if clause[1] is None else clause[1]
        if how in ("ellipsis", "enumeration", "ordinal", "day-clause"):  # an item's own day, in its clause
            own = self._nearest_date([d for d in day_dates if lo <= d.start < hi], itrigs[0].start if itrigs else lo)
        else:
            own = self._nearest_date(day_dates, itrigs[0].start if itrigs else sent.start)
        target = None
        if how == "response-sentence":
            # "The guards responded by opening fire on the attackers": repelling the attack is the attack's
            how = "trigger" if current is not None and itype == current.type and itype in self._repel_types \
                else "response"
        # a day-clause was cut from its sentence's first clause at ', while ... the same day': a happening of its own
        if current is not None and how not in ("response", "ordinal", "ordinal-item", "day-clause", "target-item",
                                               "while-clause") \
                and (own is None or (current.date is not None and own.value.iso == current.date.iso)):
            same = itype == current.type or itype in self.absorbs.get(current.type, set())
            upgrade = itype in self.upgrades.get(current.type, set())
            new_instance = marker == "another" or (marker in ("indefinite", "counted") and itype == current.type
                                                   and not generic and current.has_instance_marker)
            if (same or upgrade or generic) and not new_instance \
                    and not (itype != current.type and self._elsewhere(ctx, current, itrigs, lo, hi)):
                target = current
                if upgrade and not current.from_batch:
                    current.type, current.rule = itype, rule_id
        if target is None and marker == "definite" \
                and how not in ("response", "ordinal", "ordinal-item", "target-item") \
                and (generic or self._anaphoric(doc, itrigs)):
            prev = self._antecedent(state, bi)
            if prev is not None and own is None and self._other_year(doc, lo, hi, prev):
                prev = None  # "convicted in 2019 of taking part in the bombing of a bakery": another year's
            if prev is not None and (own is None or (prev.date is not None and own.value.iso == prev.date.iso)) \
                    and (generic or self._same_happening(itype, prev.type) or self._anaphoric(doc, itrigs, True)):
                target = prev  # "the attack left two dead", "The convoy comprised 35 trucks": the event told before
                if itype in self.upgrades.get(prev.type, set()) and not prev.from_batch:
                    prev.type, prev.rule = itype, rule_id
        if target is not None:
            if not target.from_batch:
                target.triggers += itrigs
                self._extend(target, (lo, hi))
            return None
        if marker == "definite" and own is None and (generic or self._orphan(doc, itrigs)):
            return None  # refers back to something not proposed ("the attack", "these operations")
        ev = EventCandidate(itype, rule_id, list(itrigs), [(lo, hi)], bi, confidence=conf, generic=generic,
                            has_instance_marker=marker in ("indefinite", "counted", "another"),
                            elliptic=how == "ellipsis")
        if how == "enumeration" and own is not None:
            ev.count_from, ev.elliptic = self._item_count_start(doc, ctx, lo, own.start), True
        if own is not None:
            ev.date, ev.date_span, ev.date_source = own.value, own.span, "sentence"
            if own.value.group is not None:  # "on March 8 and 9": from the first day to the last
                days = sorted((d for d in day_dates if d.value.group == own.value.group), key=lambda d: d.start)
                ev.date, ev.date_span = days[0].value, days[0].span
                if len(days) > 1:
                    ev.end_date = days[-1].value.iso
                    ev.group_days = [d.value for d in days]
        elif loose_here:
            pass  # "in early November": no day
        elif running is not None and not running_loose:
            ev.date, ev.date_span, ev.date_source = running[0], running[1], "block"
        elif state.anchor is not None and not running_loose and self._may_inherit(state.anchor, bi, ev, ctx):
            a = state.anchor
            ev.date, ev.date_span, ev.date_source = a.date, a.date_span, "context"
            ev.confidence += self.conf["inherited_date"]
            ev.rule += "+context-date"
        if ev.date is None and how == "response" and not loose_here and not running_loose:
            self._response_date(ev, state, bi)
        return ev

    def _other_year(self, doc: Doc, lo: int, hi: int, prev: EventCandidate) -> bool:
        """The clause names a year that is not the year of the event told before."""
        year = (prev.date.iso or "")[:4] if prev.date is not None else ""
        if not year:
            return False
        table = token_table(doc)
        shapes, lowers, strings = table["SHAPE"], table["LOWER"], doc.vocab.strings
        return any(shapes[k] == self._year_shape and strings[lowers[k]][:2] in ("19", "20")
                   and strings[lowers[k]] != year for k in range(lo, hi))

    def _response_date(self, ev: EventCandidate, state: _State, bi: int) -> None:
        """"In response, Coalition artillery shelled the launch site." in a paragraph of its own: a response with no
        day of its own happens on the day of the event it answers, the one told just before."""
        prev = self._antecedent(state, bi)
        if prev is not None and prev.date is not None and prev.end_date is None:
            ev.date, ev.date_span, ev.date_source = prev.date, prev.date_span, "context"
            ev.confidence += self.conf["inherited_date"]
            ev.rule += "+response-date"

    def _since_day(self, doc: Doc, d: "_Dated") -> bool:
        """"Since March 29, SOHR has documented ...": a day after 'since' starts a span of time, it dates no
        happening (the tally rules then read the sentence as the tally it is)."""
        lowers = token_table(doc)["LOWER"]
        k = d.start - 1
        while k >= 0 and d.start - k <= 2 and lowers[k] in self._since_skip:
            k -= 1
        if not (k >= 0 and lowers[k] in self._since_ids):
            return False
        # "clashes since this morning": a span within the day of writing still dates it
        return d.value.iso is None or d.value.iso != doc._.published

    def _elsewhere(self, ctx: "_DocIndex", current: EventCandidate, itrigs, lo: int, hi: int) -> bool:
        """'A shell fell on a school in Ariha. Gunmen killed a teacher in Hajin.': a later sentence of another type
        whose trigger has an attacker of its own at or before it and a place that the event so far does not name
        tells another happening, not the toll of the first."""
        if not itrigs or lo < current.ranges[0][1]:
            return False
        mine = self._place_keys(self._places_in(ctx, lo, hi))
        if not mine:
            return False
        theirs = set().union(*(self._place_keys(self._places_in(ctx, a, b)) for a, b in current.ranges))
        return not (mine & theirs) and any(a.start <= itrigs[0].start for a in ctx.actors_in(lo, hi))

    def _toll_update(self, doc: Doc, sent: Span) -> bool:
        """'UPDATE 1 - the toll has risen to seven dead': a definite toll noun names the event told last, as 'the
        operation' does, in a later paragraph too."""
        words = token_table(doc)["LOWER"][sent.start:sent.end]
        if self._toll_ids.isdisjoint(words) or not self._toll_not_ids.isdisjoint(words):
            return False  # no toll; "the toll since January", "the overall toll of such bombings": a tally
        return any(w in self._definite_ids and not self._toll_ids.isdisjoint(words[k + 1:k + 3])
                   for k, w in enumerate(words))

    def _same_happening(self, itype: str, prev_type: str) -> bool:
        return itype == prev_type or itype in self.absorbs.get(prev_type, set()) \
            or itype in self.upgrades.get(prev_type, set())

    def _antecedent(self, state: _State, bi: int) -> EventCandidate | None:
        """The event told last, when it is recent enough for 'the convoy' or 'the operation' to mean it."""
        if state.last_event is None or bi - state.last_event[0] > self.anaphora_blocks:
            return None
        return state.last_event[1]

    def _anaphoric(self, doc: Doc, itrigs: list[Trigger], any_type: bool = False) -> bool:
        """'the convoy', 'the raid' (an event noun), or 'the captured man' (a participle before a person);
        any_type: a noun that may name an event of any type ('the explosion', 'the incident')."""
        lowers = token_table(doc)["LOWER"]
        heads = self._any_type_head_ids if any_type else self._anaphor_head_ids
        for t in itrigs:
            if t.marker != "definite":
                continue
            # the determiner's own noun ("The strike targeted ...", "the Coalition's convoy"), not a noun further
            # on ("the Coalition brought in 30 trucks")
            lo = t.marker_pos + 1 if t.marker_pos is not None else t.start
            if t.start <= lo + 2 and not heads.isdisjoint(lowers[lo:min(lo + 3, t.end)]):
                return True
            if not any_type and t.start == lo and t.end < len(doc) and lowers[t.end] in self._anaphor_people_ids:
                return True  # "the captured man"
        return False

    def _names_antecedent(self, doc: Doc, sent: Span) -> bool:
        """'during the operation', 'in this attack': a definite event noun."""
        lowers = token_table(doc)["LOWER"]
        for k in range(sent.start, sent.end - 1):
            if lowers[k] in self._definite_ids and (lowers[k + 1] in self._anaphor_head_ids or (
                    k + 2 < sent.end and lowers[k + 2] in self._anaphor_head_ids)):
                return True
        return False

    def _orphan(self, doc: Doc, itrigs: list[Trigger]) -> bool:
        """'These security operations left four dead' with nothing told before to be these."""
        lowers = token_table(doc)["LOWER"]
        return any(t.marker == "definite" and t.marker_pos is not None and lowers[t.marker_pos] in self._orphan_ids
                   for t in itrigs)

    def _move_anchor(self, doc, state, bi, block, b_sents, block_events, ctx) -> None:
        """The last day written in a paragraph dates undated mentions in the next ones; a vague period stops it."""
        b_dates = [d for si in b_sents for d in ctx.dates_by_sent.get(si, [])]
        types = {e.type for e in block_events}
        if state.anchor is not None and state.anchor.heading and _CLOCK_ITEM.match(doc_text(doc), block.start_char):
            return  # an entry's own "yesterday" dates its own events, not the next entry's
        if b_dates:
            last = max(b_dates, key=lambda d: d.start)
            if last.value.is_day:
                state.anchor = _Anchor(last.value, last.span, bi, types, [block])
            elif last.value.kind == "loose":
                state.anchor = None
        elif state.anchor is not None and any(e.date_source == "context" for e in block_events):
            state.anchor.block = bi
            state.anchor.types |= types
            state.anchor.blocks.append(block)

    def _list_intro(self, blocks, bi, block_labels, doc) -> str | None:
        """The type a bullet list's introduction names ("five airstrikes ... Here are further details:")."""
        k = bi - 1
        while k >= 0 and blocks[k].is_bullet:
            k -= 1
        if k < 0 or not self._introduces_list(blocks, k, doc):
            return None
        return self._intro_type(block_labels.get(k, set()))

    def _introduces_list(self, blocks, bi, doc) -> bool:
        """A paragraph right before bullets that says it introduces them ("The details:", "as follows")."""
        if blocks[bi].kind != "paragraph" or bi + 1 >= len(blocks) or not blocks[bi + 1].is_bullet:
            return False
        text = doc_text(doc)[blocks[bi].start_char:blocks[bi].end_char].lower()
        return any(m in text for m in self.intro_markers)

    # ------------------------------------------------------------------------------------------------
    def _block_sentences(self, sents, sent_starts, block) -> list[int]:
        if block is None:
            return list(range(len(sents)))
        lo = max(bisect.bisect_right(sent_starts, block.start) - 1, 0)
        space = token_table(sents.doc)["IS_SPACE"]
        out = []
        for si in range(lo, len(sents)):
            s, e = sents.bounds[si]
            if s >= block.end:
                break
            if e <= block.start or all(space[s:e]):
                continue
            out.append(si)
        return out

    def _instances(self, doc: Doc, cands: list[Trigger], sent: Span):
        """The sentence's event type and its instances: 'a convoy ... another convoy ...' is two."""
        if not cands:
            return []
        cands = self._captured_in_attack(doc, cands)
        labels = {t.label for t in cands}
        # the type that takes in most of the others ("raided ... backed by helicopters ... arresting" is a
        # raid), then the most specific trigger
        chosen = next(iter(labels)) if len(labels) == 1 else max(
            labels, key=lambda lab: (len((labels - {lab}) & self.absorbs.get(lab, set())),
                                     max(t.rule.priority for t in cands if t.label == lab),
                                     -min(t.start for t in cands if t.label == lab)))
        if chosen == "armed_clash" and "arrest" in labels and self._arrest_after_fight(doc, cands, sent):
            chosen = "arrest"
        keep = [t for t in cands if t.label == chosen or t.label in self.absorbs.get(chosen, set())]
        groups: list[list[Trigger]] = []
        for t in sorted((t for t in keep if t.label == chosen), key=lambda t: t.start):
            starts_new = not groups or t.marker == "another" or (
                t.marker in ("indefinite", "counted") and chosen not in self.single_instance_types
                and any(x.marker in ("indefinite", "counted", "another") for x in groups[-1])
                and t.start - max(x.end for x in groups[-1]) > self.instance_gap
                and not self._opening_frame(doc, groups[-1], sent))
            if starts_new and groups and any(t.start < x.end for x in groups[-1]):
                starts_new = False  # overlapping matches of one mention
            if starts_new:
                groups.append([t])
            else:
                groups[-1].append(t)
        groups[0] += [t for t in keep if t.label != chosen]
        out = []
        turned = self._arrest_turn(chosen, labels)
        for i, g in enumerate(groups):
            lo = None if i == 0 else min(x.marker_pos for x in g if x.marker_pos is not None)
            hi = None if i + 1 == len(groups) else min(x.marker_pos for x in groups[i + 1]
                                                       if x.marker_pos is not None)
            main_first = sorted((t for t in g if t.label == chosen), key=lambda t: t.start) + \
                sorted((t for t in g if t.label != chosen), key=lambda t: t.start)
            out.append((turned, main_first, (lo, hi), "trigger"))
        return out

    def _arrest_after_fight(self, doc: Doc, cands: list[Trigger], sent) -> bool:
        """'a suspect was arrested in X after an exchange of fire in which he was wounded': an arrest told first,
        with the fight only in its 'after' clause, is the arrest (its fight is how it went), as 'arrested five
        infiltrators ... after an exchange of fire' is."""
        lowers = token_table(doc)["LOWER"]
        fights = [t for t in cands if t.label == "armed_clash"]
        first_arrest = min((t.start for t in cands if t.label == "arrest"), default=None)
        if first_arrest is None or any(t.start < first_arrest for t in fights):
            return False
        return all(any(lowers[k] in self._after_ids for k in range(max(sent.start, t.start - 4), t.start))
                   for t in fights)

    def _captured_in_attack(self, doc: Doc, cands: list[Trigger]) -> list[Trigger]:
        """'ISIS cells attacked a position ..., killing four members and capturing a fifth': the prisoners an
        attack takes are part of the attack, not an arrest (security forces arrest and detain; fighters capture)."""
        attacks = [t.start for t in cands if t.label == "attack_other"]
        if not attacks:
            return cands
        lowers = token_table(doc)["LOWER"]
        return [t for t in cands if not (t.label == "arrest" and t.start > min(attacks)
                                         and lowers[t.start] in self._capture_ids)]

    def _opening_frame(self, doc: Doc, group: list[Trigger], sent) -> bool:
        """'In a joint operation with X, our units carried out a security operation ...': a mention in the
        sentence's opening phrase (a preposition first, closed by a comma) frames the one the clause states."""
        table = token_table(doc)
        lowers, punct = table["LOWER"], table["IS_PUNCT"]
        if lowers[sent.start] not in self._frame_ids:
            return False
        last = max(x.end for x in group)
        return not any(punct[k] for k in range(sent.start, last))

    def _event_days(self, doc: Doc, days: list["_Dated"]) -> list["_Dated"]:
        """'ISIS claimed responsibility on Friday for an attack ... on Wednesday night': the day of a report verb
        dates the report, so another day of the sentence dates the event (events.json report_days)."""
        if len(days) < 2:
            return days
        kept = self._own_days(doc, days)
        return kept or days

    def _own_days(self, doc: Doc, days: list["_Dated"]) -> list["_Dated"]:
        """The days of a sentence that are not a report verb's ('said on Monday')."""
        lowers = token_table(doc)["LOWER"]
        kept = []
        for d in days:
            k = d.start - 1
            while k >= 0 and d.start - k <= 3 and lowers[k] in self._report_day_skip:
                k -= 1
            if not (k >= 0 and lowers[k] in self._report_day_verbs):
                kept.append(d)
        return kept

    def _response_instances(self, doc: Doc, cands: list[Trigger], sent):
        """'militias targeted the base with three rockets, while Coalition forces responded by shelling their
        positions': the response is a happening of its own, by the other side (events.json responses). The clause
        of the response runs from the boundary before its cue; each part is read as a sentence of its own."""
        if not cands:
            return None
        lowers = token_table(doc)["LOWER"]
        at = doc.user_data.get(_RESPONSE_AT)
        if at is None or at[0] != len(doc):  # the cue words' positions, found once per document
            at = doc.user_data[_RESPONSE_AT] = (len(doc), np.flatnonzero(np.isin(lowers, self._response_any)).tolist())
        i = bisect.bisect_right(at[1], sent.start)
        if i == len(at[1]) or at[1][i] >= sent.end:
            return None
        soon = self._response_soon_ids
        cue = next((k for k in range(sent.start + 1, sent.end) if lowers[k] in self._response_ids
                    or (lowers[k - 1] == self._in_id and lowers[k] in self._response_after_in_ids)
                    or (lowers[k] in soon and lowers[k - 1] in soon[lowers[k]])), None)
        if cue is None:
            return None
        if all(t.start > cue for t in cands):
            # "The Coalition responded by shelling the launch site.": a sentence of its own that tells the response
            # is a happening of its own too; "In response to the attack, ..." names the first one, not a second
            own = [t for t in cands if not (t.marker == "definite" and t.marker_pos is not None
                                            and t.marker_pos > cue)]
            if not own:
                return None
            return [(itype, itrigs, (sent.start if lo is None else lo, sent.end if hi is None else hi),
                     "response-sentence")
                    for itype, itrigs, (lo, hi), _ in self._instances(doc, own, sent)]
        if len(cands) < 2:
            return None
        cut = next((k for k in range(cue - 1, sent.start, -1) if lowers[k] in self._response_boundary_ids), None)
        if cut is None:
            return None
        first = [t for t in cands if t.end <= cut]
        second = [t for t in cands if t.start > cue]
        if not first or not second:
            return None
        begin = cut + 1
        if lowers[begin] == self._in_id and begin + 1 == cue:  # "and in response, the SDF shelled ...": the SDF
            begin = cue + 1 + (cue + 1 < sent.end and lowers[cue + 1] == self._comma_id)
        out = []
        for part, trigs, how in ((_Sent(sent.start, cut), first, None), (_Sent(begin, sent.end), second, "response")):
            for itype, itrigs, (lo, hi), h in self._instances(doc, trigs, part):
                out.append((itype, itrigs, (part.start if lo is None else lo, part.end if hi is None else hi),
                            how or h))
        return out

    def _day_clauses(self, doc: Doc, cands: list[Trigger], sent, day_dates: list["_Dated"]):
        """'gunmen shot dead a man in X on January 9, and on the next day a bomb went off in Y': a boundary (', and',
        ';') just before 'on <day>' opens a clause of its own day; with a trigger and a day on each side, each
        clause is read as a sentence of its own (its type, its day)."""
        if len(cands) < 2 or len(day_dates) < 2:
            return None
        lowers = token_table(doc)["LOWER"]
        cuts = []  # (end of the first clause, start of the second)
        for d in sorted(day_dates, key=lambda x: x.start)[1:]:
            k = d.start - 1
            if k <= sent.start or lowers[k] != self._on_id:
                continue
            j = k - 1
            if lowers[j] in self._day_joiner_ids:  # ", and on ...", ", while on ..."
                j -= 1
            if j <= sent.start or lowers[j] not in self._day_boundary_ids:
                continue
            cuts.append((j, k))
        # ", while the last batch of 40 trucks entered on January 19": a clause after ', while' with its own day
        for j in range(sent.start + 1, sent.end - 1):
            if lowers[j] in self._day_boundary_ids and lowers[j + 1] in self._day_joiner_ids \
                    and any(d.start > j + 1 for d in day_dates):
                cuts.append((j, j + 1))
        for j, k in cuts:
            first = [t for t in cands if t.end <= j]
            second = [t for t in cands if t.start > k]
            if not first or not second or not any(x.start < j for x in day_dates) \
                    or not any(x.start > k for x in day_dates):
                continue
            out = []
            for part, trigs in ((_Sent(sent.start, j), first), (_Sent(k, sent.end), second)):
                for itype, itrigs, (lo, hi), _ in self._instances(doc, trigs, part):
                    out.append((itype, itrigs, (part.start if lo is None else lo, part.end if hi is None else hi),
                                "day-clause"))
            return out
        return None

    def _while_clauses(self, doc: Doc, cands: list[Trigger], sent, day_dates: list["_Dated"] = ()):
        """'clashes erupted between X and Y in Z, wounding four fighters, while dozens of displaced people protested
        ...': after ', while' (', whereas') a trigger of another type that the first clause's types do not take in
        (a raid keeps the strikes and arrests told with it) is a happening of its own, on the sentence's day. So is
        an arrest or a raid after ', after' with a day word of its own ('clashes broke out ..., after the SDF
        arrested one of his relatives at a checkpoint this morning'): the earlier happening that set off the first."""
        if len(cands) < 2:
            return None
        lowers = token_table(doc)["LOWER"]
        words = lowers[sent.start:sent.end]
        if self._after_ids.isdisjoint(words) and self._while_ids.isdisjoint(words):
            return None
        for k in range(sent.start + 2, sent.end - 1):
            # "the shelling came hours after gunmen attacked a checkpoint": the mention before 'came ... after'
            # refers back, the clause after it is an earlier happening of its own
            if lowers[k] in self._after_ids \
                    and any(lowers[i] in self._came_ids for i in range(max(sent.start, k - 4), k)):
                first = [t for t in cands if t.end <= k]
                second = [t for t in cands if t.start > k]
                if first and second and all(t.marker == "definite" for t in first) \
                        and {t.label for t in first}.isdisjoint({t.label for t in second}):
                    part = _Sent(k + 1, sent.end)  # the mention before 'came' is the event told already
                    return [(itype, itrigs, (part.start if lo is None else lo, part.end if hi is None else hi),
                             "while-clause") for itype, itrigs, (lo, hi), _ in self._instances(doc, second, part)]
        for j in range(sent.start + 1, sent.end - 1):
            if lowers[j] != self._comma_id or (lowers[j + 1] not in self._while_ids
                                               and lowers[j + 1] not in self._after_ids):
                continue
            first = [t for t in cands if t.end <= j]
            second = [t for t in cands if t.start > j + 1]
            a = {t.label for t in first if not t.rule.generic}
            b = {t.label for t in second if not t.rule.generic}
            if not a or not b or a & b:
                continue
            if lowers[j + 1] in self._after_ids:
                if not b <= self._cause_types or a & self._cause_types \
                        or not any(d.start > j + 1 and d.value.is_day for d in day_dates):
                    continue
            elif any(y in self.absorbs.get(x, ()) for x in a for y in b):
                continue
            out = []
            for part, trigs in ((_Sent(sent.start, j), first), (_Sent(j + 2, sent.end), second)):
                for itype, itrigs, (lo, hi), _ in self._instances(doc, trigs, part):
                    out.append((itype, itrigs, (part.start if lo is None else lo, part.end if hi is None else hi),
                                "while-clause"))
            return out
        return None

    def _split_ordinals(self, doc: Doc, instances, sent, day_dates: list["_Dated"]):
        """'two joint operations: the first on November 3 in X, ..., and the second on November 9 in Y': an
        ordinal after a boundary word, before a later day, starts an item of its own (events.json ordinals)."""
        itype, itrigs, (lo, hi), how = instances[-1]
        c_lo, c_hi = (sent.start if lo is None else lo), (sent.end if hi is None else hi)
        lowers = token_table(doc)["LOWER"]
        days = sorted((d for d in day_dates if c_lo <= d.start < c_hi), key=lambda d: d.start)
        cuts = []
        for before, d in zip(days, days[1:]):
            ordinal = next((k for k in range(d.start - 1, before.span.end, -1) if lowers[k] in self._later_ordinal_ids
                            and lowers[k - 1] in self._definite_ids), None)
            if ordinal is None:
                continue
            cut = next((k for k in range(ordinal - 2, before.span.end - 1, -1) if lowers[k] in self._ellipsis_ids),
                       None)
            if cut is not None and all(t.start < cut for t in itrigs):
                cuts.append(cut)
        if not cuts:
            return instances
        bounds = list(zip([lo] + cuts, cuts + [hi]))
        return instances[:-1] + [(itype, itrigs, bounds[0], "ordinal")] + \
            [(itype, [], b, "ordinal") for b in bounds[1:]]

    def _ordinal_item(self, doc: Doc, instances, sent, state: _State, bi: int, dated: bool):
        """'The Coalition carried out two airdrop operations. The first took place on November 4 in X ... The second
        ...': a sentence that opens with 'The' and an ordinal is an item of the counted or plural event told just
        before ('Turkish drone strikes killed three ... in separate attacks on Thursday. The first strike targeted
        ..., while the second hit ...'), of its type; the sentence splits at a later ordinal. That event was their
        sum: undated, or giving the items its day, it is no event itself."""
        lowers = token_table(doc)["LOWER"]
        if not (lowers[sent.start] in self._definite_ids and sent.start + 1 < sent.end
                and lowers[sent.start + 1] in self._ordinal_ids):
            return None
        summary = self._summary(doc, state, bi)
        if summary is None or summary.type in self._salvo_types:
            return None
        if not dated and summary.date is None:
            return None
        allowed = {summary.type} | self.absorbs.get(summary.type, set())
        if any(itype not in allowed for itype, _, _, _ in instances):
            return None
        if summary.date is None or not dated:
            state.summed.add(id(summary))
        itrigs = [t for _, trigs, _, _ in instances for t in trigs]
        cuts = [k - 2 for k in range(sent.start + 3, sent.end) if lowers[k] in self._later_ordinal_ids
                and lowers[k - 1] in self._definite_ids and lowers[k - 2] in self._ellipsis_ids]
        bounds = list(zip([sent.start] + cuts, cuts + [sent.end]))
        state.ordinal_of = summary
        return [(summary.type, [t for t in itrigs if lo <= t.start < hi], (lo, hi), "ordinal-item")
                for lo, hi in bounds]

    def _replace_summaries(self, events: list[EventCandidate], summed: set[int]) -> list[EventCandidate]:
        """Ordinal items take their summary's actors when they name none; the summaries go."""
        for ev in events:
            if ev.part_of is not None and not ev.actors:
                ev.actors = list(ev.part_of.actors)
        return [e for e in events if id(e) not in summed]

    def _summary(self, doc: Doc, state: _State, bi: int) -> "EventCandidate | None":
        """The counted ('two airdrop operations') or plural ('drone strikes') event told just before."""
        if state.counted is not None and bi - state.counted[0] <= 1:
            return state.counted[1]
        if state.last_event is not None and bi - state.last_event[0] <= 1:
            ev = state.last_event[1]
            if ev.triggers and all(self._plural(doc, t) for t in ev.triggers if t.label == ev.type):
                return ev
        return None

    def _plural(self, doc: Doc, t: Trigger) -> bool:
        """'strikes', 'attacks': a plural noun (its lemma is not the word)."""
        table = token_table(doc)
        low, lemma = table["LOWER"][t.end - 1], table["LEMMA"][t.end - 1]
        return low != lemma and doc.vocab.strings[low].endswith("s")

    def _arrest_turn(self, chosen: str, labels: set[str]) -> str:
        """'conducted a helicopter raid ..., capturing an ISIS official': an air strike cannot arrest anyone, so
        with an arrest in the sentence it is a raid on the ground with air support (events.json arrest_turns)."""
        turned = self.arrest_turns.get(chosen)
        return turned if turned is not None and "arrest" in labels else chosen

    def _split_ellipsis(self, doc: Doc, instances, sent: Span, day_dates: list["_Dated"], ctx: "_DocIndex"):
        """'40 vehicles entered on March 3, and 20 others on March 7': a later day that has a number of its
        own after a boundary word ("and", ",", "followed by") is an item of its own."""
        itype, itrigs, (lo, hi), _ = instances[-1]
        c_lo, c_hi = (sent.start if lo is None else lo), (sent.end if hi is None else hi)
        lowers = token_table(doc)["LOWER"]
        days = sorted((d for d in day_dates if c_lo <= d.start < c_hi), key=lambda d: d.start)
        cuts = []
        for before, d in zip(days, days[1:]):
            if d.value.group is not None and d.value.group == before.value.group:
                continue  # "on March 8 and 9": one event over two days
            # "..., and on January 3, 45 others followed": the item's number right after its day
            after = [n for n in ctx.numbers_in(d.span.end, min(d.span.end + 3, c_hi))
                     if n.end < c_hi and lowers[n.end] in self._other_ids]
            if after:
                cut = next((k for k in range(d.start - 1, before.span.end - 1, -1)
                            if lowers[k] in self._ellipsis_ids), None)
                if cut is not None and all(t.start < cut for t in itrigs):
                    cuts.append(cut)
                continue
            nums = [n for n in ctx.numbers_in(before.span.end, d.start) if n.end <= d.start]
            if not nums:
                continue
            cut = next((k for k in range(nums[-1].start - 1, before.span.end - 1, -1)
                        if lowers[k] in self._ellipsis_ids), None)
            if cut is not None and all(t.start < cut for t in itrigs):
                cuts.append(cut)
        if not cuts:
            return instances
        bounds = list(zip([lo] + cuts, cuts + [hi]))
        return instances[:-1] + [(itype, itrigs, bounds[0], "enumeration")] + \
            [(itype, [], b, "ellipsis") for b in bounds[1:]]

    def _item_count_start(self, doc: Doc, ctx: "_DocIndex", lo: int, day: int) -> int | None:
        """'brought 60 trucks: 40 on March 3 and 20 on March 7': the first item's count is the number just
        before its day, after a boundary word, when an earlier number (the total) comes before it."""
        nums = [n for n in ctx.numbers_in(lo, day) if n.end <= day]
        if len(nums) < 2:
            return None
        lowers = token_table(doc)["LOWER"]
        return next((k for k in range(nums[-1].start - 1, nums[-2].end - 1, -1) if lowers[k] in self._ellipsis_ids),
                    None)

    def _nearest_date(self, day_dates: list["_Dated"], pos: int) -> "_Dated | None":
        if not day_dates:
            return None
        named = [d for d in day_dates if d.value.names_day] or day_dates
        return min(named, key=lambda d: (abs(d.start - pos), d.start))

    def _intro_type(self, intro_types: set[str]) -> str | None:
        specific = [t for t in intro_types if t not in ("attack_other", "arrest")]
        return specific[0] if len(specific) == 1 else None

    def _extend(self, ev: EventCandidate, rng: tuple[int, int]) -> None:
        lo, hi = rng
        if any(a <= lo and hi <= b for a, b in ev.ranges):
            return
        ev.ranges.append(rng)
        ev.ranges.sort()

    def _has_count(self, doc, sent, numbers) -> bool:
        nums = [n for n in numbers if sent.start <= n.start and n.end <= sent.end]
        return bool(self.counts.read(doc, [(sent.start, sent.end)], nums, ("killed", "injured", "arrested")))

    def _place_keys(self, places: list[Found]) -> set[str]:
        out = set()
        for p in places:
            kind = p.value.kind if p.value is not None else "unresolved"
            if kind in self.inherit_kinds:
                out.add(p.value.name if p.value is not None else p.text.lower())
        return out

    def _places_in(self, ctx: "_DocIndex", lo: int, hi: int) -> list[Found]:
        return ctx.places[bisect.bisect_left(ctx.place_starts, lo):bisect.bisect_left(ctx.place_starts, hi)]

    def _specific_places(self, ctx: "_DocIndex", block) -> set[str]:
        return set() if block is None else self._place_keys(self._places_in(ctx, block.start, block.end))

    def _may_inherit(self, anchor: _Anchor, bi: int, ev: EventCandidate, ctx: "_DocIndex") -> bool:
        """Carry a date over only a paragraph or two, and only when the type or a specific place goes on."""
        if anchor.heading:  # a day heading dates the entries under it, whatever they tell
            return bi - anchor.block <= self._day_heading_blocks
        if bi - anchor.block > self.inherit_blocks:
            return False
        if ev.type in anchor.types:
            return True
        lo, hi = ev.ranges[0]
        mine = self._place_keys(self._places_in(ctx, lo, hi))
        return bool(mine) and any(mine & self._specific_places(ctx, b) for b in anchor.blocks)

    # ------------------------------------------------------------------------------------------------
    def _batch_events(self, doc, batches, events, block_of) -> list[EventCandidate]:
        itemised = {e.date.iso for e in events if e.type == "convoy" and e.date is not None
                    and not self._told_leaving(doc, e)}
        out = []
        for b in batches:
            for span, value, clause in b.dates:
                if value is None or value.iso is None or value.iso in itemised:
                    continue
                ranges = [clause]
                ev = EventCandidate("convoy", "convoy:batch-date", [], ranges, block_of(clause[0]),
                                    date=value, date_span=span, date_source="batch",
                                    confidence=self.conf["batch"], from_batch=True)
                ev.route_sentence = b.sentence
                out.append(ev)
        return out

    def _told_leaving(self, doc: Doc, ev: EventCandidate) -> bool:
        """"On February 8, a convoy of 20 trucks left Syria": a convoy whose sentence says only that it left does not
        itemise the batch a stated total says entered on that day."""
        ref = next((t.start for t in ev.triggers), None)
        if ref is None:
            return False
        lo, hi = _sentence_around(doc, ref)
        cues = doc.user_data.get("annotator.direction_cues")
        if cues is None:
            cues = doc.user_data["annotator.direction_cues"] = [(k.split("#")[0], s, e) for k, s, e in self.directions(doc)]
        return {lab for lab, s, e in cues if lo <= s and e <= hi} == {"leaving"}

    # ------------------------------------------------------------------------------------------------
    def _finish(self, doc: Doc, ev: EventCandidate, ctx: "_DocIndex", places, place_starts) -> None:
        # clause bounds left open by _instances are the sentence's
        fixed = []
        for lo, hi in ev.ranges:
            anchor_tok = next((t.start for t in ev.triggers), None)
            if lo is None or hi is None:
                ref = anchor_tok if anchor_tok is not None else (lo if lo is not None else hi)
                s_lo, s_hi = _sentence_around(doc, ref)
                lo = s_lo if lo is None else max(lo, s_lo)
                hi = s_hi if hi is None else min(hi, s_hi)
            lo, hi = self._trim(doc, lo, hi)
            fixed.append((lo, hi))
        ev.ranges = sorted(set(fixed))
        want = ("trucks",) if ev.type == "convoy" else ("killed", "injured", "arrested")
        numbers = ctx.numbers_in(ev.ranges[0][0], max(hi for _, hi in ev.ranges))
        count_ranges = ev.ranges if ev.count_from is None else [(max(lo, ev.count_from), hi) for lo, hi in ev.ranges
                                                                if hi > ev.count_from]
        rows = doc.user_data.get(_ROWS)
        cells = self.tables.cells(doc, ev.ranges[0][0]) if rows and ev.block < len(rows) and rows[ev.block] else None
        if cells:  # a row under a header: its count cells are read by their column, not by the words near them
            first = min((cells[k][0] for k in ("killed", "injured", "arrested") if k in cells), default=None)
            if first is not None:
                count_ranges = [(lo, min(hi, first)) for lo, hi in count_ranges if lo < first]
        ev.counts = self.counts.read(doc, count_ranges, numbers, want, elliptic=ev.elliptic or ev.from_batch)
        if "arrested" in ev.counts and ev.type not in self._abduction_types and self._abducted_only(doc, count_ranges):
            del ev.counts["arrested"]  # people abducted in an attack are not arrests (counts.json abduction_about)
        for k in want if cells else ():
            n = self.tables.number(doc, cells[k]) if k in cells else None
            if n:
                ev.counts[k] = CountHit(k, n, "exact", *cells[k])
        route = ev.route_sentence
        if route is not None and ev.type == "convoy" and self._names_crossing(doc, ev.ranges, places, place_starts):
            route = None  # "The first batch ... crossed Al-Waleed border crossing": the crossing, not the route
        loc_ranges = [(route.start, route.end)] if route is not None else ev.ranges
        if ev.type == "convoy":
            ev.direction = self._direction(doc, ev, loc_ranges, places, place_starts)
        mentions = []
        for lo, hi in loc_ranges:
            a = bisect.bisect_left(place_starts, lo)
            b = bisect.bisect_left(place_starts, hi)
            mentions += self.chooser.mentions(doc, places[a:b])
        if ev.item_start is not None:  # "...: a vehicle near Tal Hamis, ...": the item's own place
            mentions = [m for m in mentions if m.span.start >= ev.item_start] or mentions
        if cells and "place" in cells:  # the row's location cell, not the area beside it
            mentions = [m for m in mentions if cells["place"][0] <= m.span.start < cells["place"][1]] or mentions
        first_end = loc_ranges[0][1]
        trigger_start = min((t.start for t in ev.triggers), default=None)
        ev.location = self.chooser.choose(mentions, ev.type, ev.direction, first_end, trigger_start)
        if ev.location is None and route is None:
            # a clause of a longer sentence ("a convoy of 60 trucks ..., in addition to another convoy ...
            # entered through Al-Waleed crossing"): the sentence names the place for both
            mentions = []
            for lo, hi in ev.ranges:
                s_lo, s_hi = _sentence_around(doc, lo)
                mentions += self.chooser.mentions(doc, places[bisect.bisect_left(place_starts, s_lo):
                                                              bisect.bisect_left(place_starts, s_hi)])
            ev.location = self.chooser.choose(mentions, ev.type, ev.direction, None)
            if ev.location is None and not mentions:
                ev.location = self._scene_place(doc, ev, places, place_starts)
        if cells and "place" in cells and (ev.location is None
                                           or not cells["place"][0] <= ev.location.span.start < cells["place"][1]):
            a, b = cells["place"]  # a place no entry knows: the cell's words, unresolved
            if not self.chooser.mentions(doc, places[bisect.bisect_left(place_starts, a):
                                                     bisect.bisect_left(place_starts, b)]):
                words = doc[a:b].text.strip()
                ev.location = PlaceMention(Found(a, b, words, None), None, words, "plain", False, False)
        self._actors(doc, ev, loc_ranges, ctx)
        if cells and "actor" in cells:  # the perpetrator cell names who did it; nothing in it was hit
            a, b = cells["actor"]
            ev.actors = ctx.actors_in(a, b) or ev.actors
            ev.targets = [t for t in ev.targets if not a <= t.start < b]

    def _paired_counts(self, doc: Doc, events: list[EventCandidate], ctx: "_DocIndex") -> None:
        """'On October 11 and October 18, two batches of 50 and 40 trucks entered': as many convoys of one
        sentence as the numbers of one list ('50 and 40 trucks', '50, 45 and 40 vehicles') take them in order."""
        by_sent: dict[tuple[int, int], list[EventCandidate]] = {}
        for ev in events:
            if ev.type == "convoy" and ev.date_span is not None:
                by_sent.setdefault(_sentence_around(doc, ev.date_span.start), []).append(ev)
        lowers = token_table(doc)["LOWER"]
        for (lo, hi), group in by_sent.items():
            if len(group) < 2 or len({e.date_span.start for e in group}) < len(group):
                continue
            # every number of the sentence but the days': a stated total may have taken the last of the list
            days = [(d.start, d.end) for d in found_by(doc, "dates") if lo <= d.start < hi]
            nums = [n for n in number_mentions(doc) if lo <= n.start < hi
                    and not any(a <= n.start < b for a, b in days)]
            run: list = []
            for n in nums:
                joined = run and all(lowers[k] in self._list_join_ids for k in range(run[-1].end, n.start))
                run = run + [n] if joined else [n]
                after = lowers[n.end:min(n.end + 3, hi)]
                if len(run) == len(group) and any(w in self.counts.vehicles for w in after):
                    group.sort(key=lambda e: e.date_span.start)
                    for ev, m in zip(group, run):
                        ev.counts["trucks"] = CountHit("trucks", m.number.value, m.number.qualifier, m.start, m.end)
                    break

    def _names_crossing(self, doc: Doc, ranges, places, place_starts) -> bool:
        for lo, hi in ranges:
            spans = places[bisect.bisect_left(place_starts, lo):bisect.bisect_left(place_starts, hi)]
            if any(m.kind == "crossing" for m in self.chooser.mentions(doc, spans)):
                return True
        return False

    def _batch_senders(self, doc: Doc, events: list[EventCandidate], ctx: "_DocIndex") -> None:
        """'SOHR documented 265 trucks affiliated to the Coalition in five batches. ... another batch of 45 trucks
        arrived': a convoy told as one of the stated total's batches takes the sender the total names; a convoy
        told on its own ('a convoy of 60 trucks entered') keeps its own or none (docs/annotation.md)."""
        # a batch in a clause of another event's sentence ("..., arresting two suspects, while on the same day the
        # first batch of 35 trucks entered") borrows that event's actors from outside its clause: an orphan too
        orphans = [e for e in events if e.type == "convoy" and e.ranges and (not e.actors or (
            not e.from_batch and all(not (e.ranges[0][0] <= a.start < e.ranges[0][1]) for a in e.actors)))]
        placeless = [e for e in events if e.type == "convoy" and e.ranges and not e.from_batch
                     and e.direction != "leaving" and (e.location is None or e.location.kind != "crossing")]
        if not orphans and not placeless:
            return
        total = next((f for f in sorted(doc._.facts or [], key=lambda f: (f.in_heading, f.sentence.start))
                      if f.kind == "trucks"), None)
        if total is None:
            return
        lowers = token_table(doc)["LOWER"]
        crossing = None
        for ev in placeless:
            # "October 25: The first batch, 60 trucks ..., reached Al-Shaddadi base": a batch of a total that names
            # its crossing ("... in three batches ... through Al-Waleed crossing") entered there, as the
            # development gold places every batch at the total's route
            lo, hi = ev.ranges[0]
            if self._batch_word_ids.isdisjoint(lowers[lo:hi]) and not self._ordinal_of_convoys(doc, lo, hi):
                continue
            if crossing is None:
                a, b = total.sentence.start, total.sentence.end
                found = self.chooser.mentions(doc, ctx.places[bisect.bisect_left(ctx.place_starts, a):
                                                              bisect.bisect_left(ctx.place_starts, b)])
                crossing = next((m for m in found if m.kind == "crossing"), False)
            if crossing:
                ev.location, ev.direction = crossing, "entering"
        senders = None
        for ev in orphans:
            # its own clause ("..., while the last batch of 40 trucks entered"), or the batch sentence it comes from
            lo, hi = _sentence_around(doc, ev.ranges[0][0]) if ev.from_batch else ev.ranges[0]
            if self._batch_word_ids.isdisjoint(lowers[lo:hi]) and not self._ordinal_of_convoys(doc, lo, hi):
                continue
            if senders is None:
                senders = self.roles.senders(doc, total.sentence.start, total.sentence.end, ctx.actors_in)
            ev.actors = list(senders)

    def _enumerated_targets(self, doc: Doc, instance, sent) -> list | None:
        """'Turkish drones struck two targets in Qamishli countryside: a military vehicle near Tal Hamis, killing
        two fighters, and a farm near Amuda, wounding a farmer': a strike on a counted plural of targets, listed
        after a colon with an article each, is one strike per item, each with its own toll and place (the sentence's
        day and attacker)."""
        itype, itrigs, clause, how = instance
        if not itrigs:
            return None
        table = token_table(doc)
        lowers, like_num = table["LOWER"], table["LIKE_NUM"]
        t = max(itrigs, key=lambda x: x.end)
        colon = next((k for k in range(t.end, min(t.end + self._target_item_window, sent.end))
                      if lowers[k] == self._colon_id), None)
        counted = next((k for k in range(t.end, colon - 1) if like_num[k] and lowers[k + 1] in self._target_item_nouns),
                       None) if colon is not None else None
        if counted is None:
            return None
        cuts = []  # where each item after the first starts
        for k in range(colon + 2, sent.end - 1):
            if lowers[k] in self._determiner_ids and (
                    (lowers[k - 1] == self._and_id and lowers[k - 2] in self._item_seps)
                    or lowers[k - 1] == self._semicolon_id):
                cuts.append(k - 2 if lowers[k - 1] == self._and_id else k - 1)
        if not cuts and lowers[counted] in self._two_ids:
            # "struck two positions: a checkpoint near X and a farm near Y": two items, a bare 'and' between
            bare = [k - 1 for k in range(colon + 3, sent.end - 1)
                    if lowers[k] in self._determiner_ids and lowers[k - 1] == self._and_id]
            cuts = bare if len(bare) == 1 else []
        if not cuts or lowers[colon + 1] not in self._determiner_ids:
            return None
        bounds = [sent.start] + cuts + [sent.end]
        return [(itype, itrigs if i == 0 else [], (bounds[i], bounds[i + 1]), "target-item")
                for i in range(len(bounds) - 1)]

    def _one_per_day_and_place(self, doc: Doc, ev: EventCandidate, ctx: "_DocIndex") -> list[EventCandidate]:
        """'April 4 and 5: helicopters backed two airdrops ... in Dhiban and Al-Tayyana towns, arresting one suspect in
        each': as many happenings as the counted trigger says, when the days listed and the places listed number as
        many and 'each' shares the toll: the first day with the first place, and so on."""
        if not ev.group_days or not ev.triggers or ev.location is None:
            return [ev]
        n = len(ev.group_days)
        lo, hi = ev.ranges[0]
        lowers = token_table(doc)["LOWER"]
        if self._each_id not in lowers[lo:hi]:
            return [ev]
        counted = {x.start: x.number.value for x in ctx.numbers_in(lo, hi)}
        if not any(t.marker == "counted" and counted.get(t.marker_pos) == n for t in ev.triggers):
            return [ev]
        a, b = bisect.bisect_left(ctx.place_starts, lo), bisect.bisect_left(ctx.place_starts, hi)
        listed = [m for m in self.chooser.mentions(doc, ctx.places[a:b]) if m.in_list]
        if len(listed) != n:
            return [ev]
        out = []
        for day, place in zip(ev.group_days, listed):
            one = dataclasses.replace(ev, date=day, end_date=None, group_days=None, location=place,
                                      counts=dict(ev.counts), actors=list(ev.actors), targets=list(ev.targets))
            out.append(one)
        return out

    def _item_start(self, doc: Doc, ev: EventCandidate, first: bool) -> int | None:
        """The article that opens an item of '...: a vehicle near X, ..., and a farm near Y, ...'."""
        lowers = token_table(doc)["LOWER"]
        lo, hi = ev.ranges[0]
        if first:  # the colon after the trigger ("April 13: X struck two targets: a ...")
            after = max((t.end for t in ev.triggers), default=lo)
            lo = next((k + 1 for k in range(after, hi) if lowers[k] == self._colon_id), hi)
        return next((k for k in range(lo, min(lo + 3, hi)) if lowers[k] in self._determiner_ids), None)

    def _item_target(self, doc: Doc, ev: EventCandidate) -> None:
        """The item's own noun is what the strike hit ('a military vehicle near Tal Hamis' -> 'military vehicle'),
        and its place the event's."""
        from .roles import Thing

        table = token_table(doc)
        lowers, punct = table["LOWER"], table["IS_PUNCT"]
        k, hi = ev.item_start + 1, ev.ranges[0][1]
        end = k
        while end < hi and not punct[end] and lowers[end] not in self._item_stops:
            end += 1
        # "two targets in X countryside" before the colon counts the items, it is none of them
        ev.targets = [t for t in ev.targets if t.start >= ev.item_start or not ev.triggers
                      or t.start < min(x.start for x in ev.triggers)]
        if end > k and not any(t.start <= k < t.end or k <= t.start < end for t in ev.targets):
            text = doc[k:end].text
            ev.targets.insert(0, Found(k, end, text, Thing(text)))

    @staticmethod
    def _batch_dates_of_convoys(doc: Doc, events: list[EventCandidate]) -> None:
        """'230 trucks ... in six batches' and six dated convoys entering in the period, the list naming only some
        of them as batches ('June 7 and June 11: Two batches of ...', 'The sixth batch ...'): the stated batches
        are those convoys, and their days the batch dates, as the development gold has them in every report whose
        entering convoys number the stated batches."""
        from .facts import FactCandidate, chosen_facts

        facts = doc._.facts or []
        chosen = chosen_facts(facts)
        stated = chosen.get("batches")
        if stated is None or stated.in_heading or not isinstance(stated.value, int) or stated.value < 2:
            return
        listed = chosen.get("batch_dates")
        if listed is not None and len(listed.value) >= stated.value:
            return
        period = doc._.period
        days = sorted(e.date.iso[:10] for e in events if e.type == "convoy" and e.direction == "entering"
                      and e.date is not None and e.date.iso and e.date.precision == "day"
                      and (not period or period[0] <= e.date.iso[:10] <= period[1]))
        if len(days) != stated.value:
            return
        if listed is not None:
            listed.value, listed.rule = days, "batch_dates:convoys"
        else:
            facts.insert(facts.index(stated) + 1, FactCandidate("batch_dates", days, "exact", stated.sentence, None,
                                                                "batch_dates:convoys", 0.6, False))

    def _ordinal_of_convoys(self, doc: Doc, lo: int, hi: int) -> bool:
        """'the first of the month's convoys', 'the last of the three convoys', 'a second convoy of 50 trucks': one
        of the batches, told by rank."""
        lowers = token_table(doc)["LOWER"]
        convoy = self._convoy_word_ids
        return any(lowers[k] in self._ordinal_ids and (lowers[k + 1] in convoy or (
            lowers[k + 1] == self._of_id and not convoy.isdisjoint(lowers[k + 2:min(k + 7, hi)])))
            for k in range(lo, hi - 1))

    def _scene_place(self, doc: Doc, ev: EventCandidate, places, place_starts):
        """A sentence that names no place at all ("An explosion followed."): the place of the nearest sentence
        before it (three at most) in the same paragraph or item that set a scene (places.LocationChooser.scene)."""
        s_lo = _sentence_around(doc, ev.ranges[0][0])[0]
        blocks = doc._.blocks or []
        block_start = blocks[ev.block].start if ev.block < len(blocks) else 0
        for _ in range(3):
            if s_lo <= block_start:
                return None
            s_lo, p_hi = _sentence_around(doc, s_lo - 1)
            spans = places[bisect.bisect_left(place_starts, max(s_lo, block_start)):
                           bisect.bisect_left(place_starts, p_hi)]
            found = self.chooser.scene(self.chooser.mentions(doc, spans), ev.type)
            if found is not None:
                return found
        return None

    _TRAILING = {",", ";", "and", "in", "addition", "to", "as", "well", "while", "whereas", "similarly"}
    _LEADING = ("•", "·", ",", ";")

    def _abducted_only(self, doc: Doc, ranges: list[tuple[int, int]]) -> bool:
        """The only words of arresting in these token ranges are of kidnapping ("gunmen abducted two aid workers")."""
        lowers = token_table(doc)["LOWER"]
        said = {w for lo, hi in ranges for w in lowers[lo:hi]} & self._arrest_words
        return bool(said) and said <= self._abduction_words

    def _trim(self, doc: Doc, lo: int, hi: int) -> tuple[int, int]:
        table = token_table(doc)
        space, orths, lowers = table["IS_SPACE"], table["ORTH"], table["LOWER"]
        while lo < hi and (space[lo] or orths[lo] in self._leading_ids):
            lo += 1
        while hi > lo and (space[hi - 1] or lowers[hi - 1] in self._trailing_ids):
            hi -= 1
        return lo, hi

    def _direction(self, doc, ev, loc_ranges, places, place_starts) -> str:
        """entering (crossing into Syria), leaving, or internal; the event's own clause speaks first, then
        its sentence ("a convoy of 60 trucks ..., in addition to another convoy ... entered Syria")."""
        route = ev.route_sentence
        ranges = loc_ranges if route is not None else ev.ranges
        found = self._direction_in(doc, ranges, places, place_starts)
        if found is None and route is None:
            sent = _sentence_around(doc, ev.ranges[0][0])
            if sent != ev.ranges[0]:
                found = self._direction_in(doc, [sent] + ev.ranges[1:], places, place_starts)
        if found is None and ev.from_batch:
            return "entering"  # batches are what a report counts crossing into Syria
        return found or "internal"

    def _direction_in(self, doc, ranges, places, place_starts) -> str | None:
        labels_first, labels_all = set(), set()
        cues = doc.user_data.get("annotator.direction_cues")
        if cues is None:
            cues = doc.user_data["annotator.direction_cues"] = [(k.split("#")[0], s, e) for k, s, e in self.directions(doc)]
        for lo, hi in ranges:
            for lab, s, e in cues:
                if lo <= s and e <= hi:
                    labels_all.add(lab)
                    if (lo, hi) == ranges[0]:
                        labels_first.add(lab)
        if "leaving" in labels_first:
            return "leaving"
        if "entering" in labels_first or "entering" in labels_all:
            return "entering"
        if "leaving" in labels_all:
            return "leaving"
        mentions = []
        for lo, hi in ranges:
            mentions += self.chooser.mentions(doc, places[bisect.bisect_left(place_starts, lo):
                                                          bisect.bisect_left(place_starts, hi)])
        for m in mentions:
            foreign = m.place is not None and m.place.country != "Syria"
            if foreign and m.role in ("origin", "through"):
                return "entering"
            if foreign and m.role == "destination":
                return "leaving"
        if any(m.kind == "crossing" for m in mentions):
            return "entering"
        return "internal" if mentions else None

    def _actors(self, doc: Doc, ev: EventCandidate, ranges, ctx: "_DocIndex") -> None:
        """Actors and targets by role in the event's clause (roles.py)."""
        ev.actors, ev.targets = self.roles.read(doc, ev, ranges, ctx.actors_in)


@Language.factory("annotator_events", assigns=["doc._.events"],
                  default_config={"triggers_path": "", "config_path": "", "counts_path": "", "places_path": "",
                                  "gazetteer_path": ""})
def make_events(nlp: Language, name: str, triggers_path: str, config_path: str, counts_path: str,
                places_path: str, gazetteer_path: str) -> EventAssembler:
    return EventAssembler(nlp, name, triggers_path, config_path, counts_path, places_path, gazetteer_path)
