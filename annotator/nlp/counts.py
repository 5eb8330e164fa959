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

from .docutil import token_table

ROLES = ("killed", "injured", "arrested")


@dataclass(slots=True)
class CountHit:
    role: str  # killed, injured, arrested, trucks
    value: int
    qualifier: str
    start: int  # token span of the words stating it
    end: int


class CountReader:
    """Works on the token table (hashes), not on Token objects: it runs on every event's sentences."""

    def __init__(self, cfg: dict, vocab):
        add = vocab.strings.add
        ids = lambda words: {add(w) for w in words}  # noqa: E731
        self.after = {r: ids(cfg["roles"][r]["after"]) for r in ROLES}
        self.before = {r: ids(cfg["roles"][r]["before"]) for r in ROLES}
        self.role_words = set().union(*self.after.values(), *self.before.values())
        # "led away in handcuffs", "taken into custody", "placed under arrest": the idiom's last word, after its own
        # preposition only ("escaped arrest" arrests nobody)
        self.after_needs = {add(w): ids(prev) for w, prev in cfg.get("after_needs", {}).items()}
        self.idiom_particles = ids(["away", "off", "out"])
        self.any_before_ing = {add(w) for r in ROLES for w in cfg["roles"][r]["before"] if w.endswith("ing")}
        self.fillers = ids(cfg["before_fillers"])
        self.after_window = int(cfg["after_window"])
        self.after_stops = ids(cfg["after_stops"])
        self.person = ids(cfg["person_nouns"])
        self.non_person = ids(cfg["non_person_nouns"]) | ids(cfg["vehicle_nouns"])
        self.singular_dets = ids(cfg["singular_determiners"])
        self.singular_pronouns = ids(cfg["singular_pronouns"])
        self.walk_stops = ids(cfg["singular_walk_stops"])
        self.purpose = ids(cfg["purpose_cues"])
        self.purpose_window = int(cfg["purpose_window"])
        self.vehicles = ids(cfg["vehicle_nouns"])
        self.vehicle_window = int(cfg["vehicle_window"])
        self.vehicle_stops = ids([",", ";", ".", "and", "of", "with"])
        self.vehicle_ellipsis = ids(cfg["vehicle_ellipsis"])
        self.elliptic_before = ids(cfg["elliptic_before"])
        self.not_a_person_after_det = ids(["number", "group", "lot", "couple", "series", "total", "few", "dozen",
                                           "wave", "campaign", "operation", "raid", "convoy"])
        self.among = add("among")
        self.aside_ids = ids(cfg.get("aside_openers", []))
        self.aside_window = int(cfg.get("aside_window", 6))
        self.of = add("of")
        self.one = add("one")
        self.suspect_ids = ids(["suspect", "suspects"])
        self.put_words = ids(["put", "puts", "putting", "placed", "places"])
        self.at_ = add("at")
        self.in_ = add("in")
        self.a_an = ids(["a", "an", "another"])
        self.be_forms = ids(["was", "were", "is", "are", "had", "have", "has"])  # "and his son was wounded": own verb
        self.sentence_ends = ids([".", ";"])
        self.quote_like = ids(["-", "“", "”", '"'])
        self.not_counted_after = ids(["casualties", "injuries", "fatalities", "arrests", "detainees"])
        self.topic = ids(cfg.get("topic_cues", []))
        self.topic_window = int(cfg.get("topic_window", 4))
        self.and_ = add("and")
        self.to = add("to")
        self.was = add("was")
        self.be_past = ids(["was", "were"])
        self.as_ = add("as")
        self.the = add("the")
        self.comma = add(",")
        self.ordinal_person_ids = ids(cfg.get("ordinal_persons", []))
        self.group_nouns = ids(["people", "personnel", "police", "others", "other", "family", "crew", "staff",
                                "displaced", "cell", "element", "national", "clan", "tribe", "household"])
        self.naming = ids(["known", "nicknamed", "named", "identified"])
        self.another = add("another")
        self.possessive_dets = ids(["his", "her", "their", "its"])
        self.singular_possessive = ids(["his", "her", "its", "their"])  # "killing its driver": one person
        self.both = add("both")
        self.risen_words = ids(cfg.get("risen_words", []))
        self.to_ = add("to")
        self.passive_adverbs = ids(cfg.get("passive_adverbs", []))
        self.subject_pronouns = ids(["he", "she"])
        self.name_particles = ids(["al", "el", "bin", "ibn", "bint", "abu", "abd", "ad", "as", "ash", "ar", "an", "ul"])
        self.name_joins = ids(["-", "'", "’"])
        self.kunya = ids(["abu", "umm", "ibn", "bin", "abd"])
        self.strings = vocab.strings
        self.subject_stops = ids(["when", "after", "while", "where", "which", "who", "that", "as", "before",
                                  "whereas", "since", "because", "but", "then", "us",  # "sources tell us ..."
                                  # "leaving a fighter and two civilians dead": its object opens the people, as a
                                  # clause's subject does, and the role word comes after them
                                  "leaving", "left", "leave", "leaves"])
        self.passive_between = ids(cfg["passive_between"])
        self.possessive = ids(["'s", "’s", "'", "’"])
        self.between = add("between")
        self.range_joins = ids(["and", "to", "-", "–"])
        self.forward_stops = ids(["in", "on", "at", "near", "while", "after", "who", "which", "when", "during",
                                  "with", "from", "by", "as", "before"])

    # -- helpers -----------------------------------------------------------------------------------
    def _is_purpose(self, t, role_at: int, lo: int) -> bool:
        """An aim, not a result: 'to arrest' (the infinitive), 'objectives manifested in the arrest'; but
        'led to the arrest of 15' is a result."""
        lowers = t["LOWER"]
        if role_at - 1 >= lo and lowers[role_at - 1] == self.to:
            return True
        for k in range(role_at - 1, max(lo, role_at - self.purpose_window) - 1, -1):
            if lowers[k] in self.purpose and lowers[k] != self.to:
                return True
            if lowers[k] in self.sentence_ends:
                break
        return False

    def _is_topic(self, t, role_at: int, lo: int) -> bool:
        """'against the arrest of a teacher': what something else is about, not a result."""
        lowers, punct = t["LOWER"], t["IS_PUNCT"]
        for k in range(role_at - 1, max(lo, role_at - self.topic_window) - 1, -1):
            if punct[k]:
                return False
            if lowers[k] in self.topic or (lowers[k] in self.suspect_ids and lowers[k + 1] == self.in_):
                return True  # "a suspect in the killing of X": the charge, not a toll
        return False

    def _counts_things(self, t, end: int, hi: int) -> bool:
        lowers, lemmas, punct = t["LOWER"], t["LEMMA"], t["IS_PUNCT"]
        for k in range(end, min(end + 3, hi)):
            if lemmas[k] in self.person or lowers[k] in self.person:
                return False
            if lemmas[k] in self.non_person or lowers[k] in self.non_person:
                return True
            if punct[k] and lowers[k] not in self.quote_like:
                return False
        return False

    def _put_at(self, t, start: int, lo: int) -> str | None:
        """'put the number of dead at three', 'puts the death toll at 12': the role of the toll a source puts at
        the number (killed, or injured when a word of wounds names it)."""
        lowers = t["LOWER"]
        if start - 1 < lo or lowers[start - 1] != self.at_:
            return None
        for k in range(start - 2, max(lo, start - 9) - 1, -1):
            if lowers[k] in self.put_words and k + 1 < start and lowers[k + 1] == self.the:
                words = lowers[k + 2:start - 1]
                if any(w in self.after["injured"] or w in self.before["injured"] for w in words):
                    return "injured"
                return "killed"
        return None

    def _passive_follows(self, t, end: int, hi: int) -> bool:
        """'(was killed and) three others were detained': the number is the subject of its own passive, whatever
        role word stands before it."""
        lowers = t["LOWER"]
        for k in range(end, min(end + 4, hi - 1)):
            if lowers[k] in self.be_forms:
                return lowers[k + 1] in self.role_words
            if t["IS_PUNCT"][k]:
                return False
        return False

    def _comma_and(self, t, k: int, lo: int) -> bool:
        """', and' at k: a new clause opens after it ('..., and a recruiter and two of his aides were arrested')."""
        return t["LOWER"][k] == self.and_ and k - 1 >= lo and t["LOWER"][k - 1] == self.comma

    def _of_one_group(self, lowers, k: int, hi: int) -> bool:
        """'(members) of one family', 'of one clan': the number names the group the people belong to."""
        return k > 0 and lowers[k] == self.one and lowers[k - 1] == self.of and k + 1 < hi \
            and lowers[k + 1] in self.group_nouns

    def _part_of_larger(self, t, end: int, hi: int, number_starts: set[int]) -> bool:
        lowers = t["LOWER"]
        for k in range(end, min(end + 4, hi - 1)):
            if lowers[k] == self.among and (k + 1) in number_starts:
                return True
        return False

    # -- numbers -----------------------------------------------------------------------------------
    def number_hits(self, doc: Doc, lo: int, hi: int, numbers: list[Span], want: tuple[str, ...],
                    elliptic: bool = False) -> list[CountHit]:
        t = token_table(doc)
        lowers = t["LOWER"]
        hits: list[CountHit] = []
        starts = {n.start for n in numbers}
        values = {n.start: (n.number.value, n.end) for n in numbers}
        upper = self._range_uppers(lowers, numbers)
        upper_starts = set(upper.values())
        for n in numbers:
            if n.start < lo or n.end > hi or n.start in upper_starts:
                continue
            val = n.number
            qualifier, n_starts = val.qualifier, starts
            if n.start in upper:  # "between 43 and 52 people were killed": at least the lower bound
                qualifier, n_starts = "at_least", starts - {upper[n.start]}
            if "trucks" in want:
                for k in range(n.end, min(n.end + self.vehicle_window, hi)):
                    if lowers[k] in self.vehicles or (k == n.end and lowers[k] in self.vehicle_ellipsis):
                        hits.append(CountHit("trucks", val.value, val.qualifier, n.start, k + 1))
                        break
                    if elliptic and k == n.end and lowers[k] in self.elliptic_before:
                        hits.append(CountHit("trucks", val.value, val.qualifier, n.start, n.end))
                        break  # "40 on March 3" in a batch's own clause
                    if lowers[k] in self.vehicle_stops:
                        break
                continue
            if self._part_of_larger(t, n.end, hi, n_starts) or self._counts_things(t, n.end, hi) \
                    or self._of_one_group(lowers, n.start, hi):
                continue
            put = self._put_at(t, n.start, lo)
            if put is not None:  # "officials put the number of dead at three"
                if put in want:
                    hits.append(CountHit(put, val.value, qualifier, n.start, n.end))
                continue
            if self._passive_follows(t, n.end, hi):
                role, role_at = None, n.start  # "(was killed and) three others were detained"
            else:
                role, role_at = self._role_before(t, n.start, lo)
            end = n.end
            value, start = val.value, n.start
            if role is None:
                role, end = self._role_after(t, n.end, hi, n_starts)
                role_at = n.start
                if role is not None:
                    value, start = self._joined_before(t, n.start, lo, value, values)
                    value += self._joined_in_subject(t, n.end, end, values)
            elif role in want:
                more, end = self._joined_after(t, n.end, hi, values)  # "killing two fighters and their 3 children"
                value += more
            if role is None or role not in want:
                continue
            # an aim is an arrest word before its number ("to arrest three"); "(a wanted man ...) and three others
            # were arrested" is a result whatever stands before the number
            if role == "arrested" and role_at != n.start and self._is_purpose(t, role_at, lo):
                continue
            if self._is_topic(t, role_at, lo):
                continue
            hits.append(CountHit(role, value, qualifier, start, max(end, n.end)))
        return hits

    def _joined_before(self, t, start: int, lo: int, value: int, values=None) -> tuple[int, int]:
        """'a tribal elder and his two sons were killed': the people joined before 'and his' add to the number;
        so do counted ones ('two fighters and their three children were killed': five)."""
        lowers = t["LOWER"]
        if start - 1 >= lo and lowers[start - 1] == self.and_:
            return self._person_and(t, start, lo, value, values)
        if start - 2 < lo or lowers[start - 1] not in self.possessive_dets or lowers[start - 2] != self.and_:
            return value, start
        n, first, k = 0, start, start - 3
        while k >= lo and start - k <= 10:
            w = lowers[k]
            if w in self.walk_stops or w in self.role_words or (t["IS_PUNCT"][k] and w not in self.quote_like):
                break  # "the raid killed an emir and his two aides were arrested": the emir is not arrested
            if w in self.singular_dets and self._person_follows(t, k, start - 2):
                n, first = n + 1, k
            elif values and k in values and self._person_follows(t, values[k][1] - 1, start - 2):
                if k - 1 >= lo and lowers[k - 1] in self.role_words:
                    break  # "killed two fighters and their three children were wounded": the two are the killed
                n, first = n + values[k][0], k
                break  # the number closes the list: what comes before it is another phrase
            k -= 1
        return value + n, first

    def _joined_in_subject(self, t, end: int, role_end: int, values) -> int:
        """'Two SDF fighters and a clan gunman were killed': a person or a counted group joined by 'and' between
        the number and its passive role word adds to the number ('a regime officer and two soldiers' is read from
        the other side, _person_and); 'his' people are _joined_after's."""
        lowers, punct = t["LOWER"], t["IS_PUNCT"]
        for k in range(end, role_end - 1):
            if punct[k] and lowers[k] not in self.quote_like:
                return 0
            if lowers[k] != self.and_:
                continue
            nxt = k + 1
            if lowers[nxt] in self.singular_dets and lowers[nxt] not in self.possessive_dets \
                    and self._person_follows(t, nxt, role_end):
                return 1
            if nxt in values and self._person_follows(t, values[nxt][1] - 1, role_end):
                return values[nxt][0]
            return 0
        return 0

    def _person_and(self, t, start: int, lo: int, value: int, values=None) -> tuple[int, int]:
        """'a regime officer and two soldiers were killed': one person named before 'and' adds to the number,
        when the phrase opens its clause (not 'killed a soldier and two civilians were wounded'); so does a
        counted group ('at least three tribal fighters and two SDF members were killed': five)."""
        lowers, punct = t["LOWER"], t["IS_PUNCT"]
        k = start - 2
        while k >= lo and start - k <= 6:
            w = lowers[k]
            if (punct[k] and w not in self.quote_like) or w in self.role_words or w in self.walk_stops:
                return value, start
            if values and k in values and values[k][1] < start and self._person_follows(t, values[k][1] - 1,
                                                                                         start - 1):
                before = k - 1
                if before >= lo and not (punct[before] or lowers[before] in self.subject_stops
                                         or lowers[before] in self.fillers or self._comma_and(t, before, lo)):
                    return value, start
                return value + values[k][0], k
            if w in self.singular_dets and w not in self.possessive_dets and self._person_follows(t, k, start - 1):
                before = k - 1
                if before >= lo and not (punct[before] or lowers[before] in self.subject_stops
                                         or lowers[before] in self.fillers or self._comma_and(t, before, lo)):
                    return value, start  # "killing a soldier and two ...": the first has its own role word
                return value + 1, k
            k -= 1
        return value, start

    def _joined_after(self, t, end: int, hi: int, values) -> tuple[int, int]:
        """'killing two fighters and their three children': the counted people after 'and his/their' (or 'and
        his driver') add to the number before."""
        lowers, punct = t["LOWER"], t["IS_PUNCT"]
        k = end
        while k < hi and k - end < 4 and not punct[k] and lowers[k] != self.and_:
            k += 1
        if k + 1 >= hi or lowers[k] != self.and_ or k == end or not self._person_follows(t, end - 1, k + 1) \
                or not (lowers[k + 1] in self.possessive_dets or lowers[k + 1] in self.singular_dets
                        or (k + 1) in values):
            return 0, end  # joined: "and their three children", "and a member of X", "and two civilians"
        more, e = self._joined_people(t, k + 1, hi, values)
        if not more or (e < hi and (lowers[e] in self.be_forms or lowers[e] in self.role_words)):
            return 0, end  # "killed two fighters, and their three children were wounded": a verb of their own
        return more, e

    def _range_uppers(self, lowers, numbers: list[Span]) -> dict[int, int]:
        """start of the lower number of 'between X and Y' -> start of Y."""
        out = {}
        for a, b in zip(numbers, numbers[1:]):
            if a.start > 0 and lowers[a.start - 1] == self.between and b.start == a.end + 1 \
                    and lowers[a.end] in self.range_joins:
                out[a.start] = b.start
        return out

    def _role_before(self, t, start: int, lo: int) -> tuple[str | None, int]:
        lowers, space = t["LOWER"], t["IS_SPACE"]
        k, steps = start - 1, 0
        while k >= lo and steps < 4:
            w = lowers[k]
            for r in ROLES:
                if w in self.before[r]:
                    return r, k
            if w not in self.fillers and not space[k]:
                return None, start
            k -= 1
            steps += 1
        return None, start

    def _role_after(self, t, end: int, hi: int, number_starts: set[int]) -> tuple[str | None, int]:
        lowers = t["LOWER"]
        k, limit = end, min(end + self.after_window, hi)
        while k < limit:
            w = lowers[k]
            if w == self.comma and k + 1 < hi and lowers[k + 1] in self.aside_ids:
                # "five civilians, including two children, were killed": the aside is skipped, not a stop
                close = next((j for j in range(k + 2, min(k + 2 + self.aside_window, hi)) if lowers[j] == self.comma),
                             None)
                if close is not None:
                    limit = min(limit + close + 1 - k, hi)
                    k = close + 1
                    continue
            if k in number_starts and self._of_one_group(lowers, k, hi):
                k += 2
                continue  # "three members of one family were killed": "one family" counts nobody
            if k in number_starts and k - 2 >= end and lowers[k - 1] == self.and_ and self._person_at(t, k - 2) \
                    and any(self._person_at(t, x) for x in range(k + 1, min(k + 3, hi))):
                # "leaving two fighters and three gunmen dead": groups of people joined share the role word after
                # (_joined_in_subject adds the second); "one fighter and two attackers were killed" is read from
                # the second number, as before
                k += 1
                continue
            if w in self.after_stops or k in number_starts:
                return None, end
            if w in self.not_counted_after and any(lowers[x] in self.role_words and lowers[x] not in self.not_counted_after
                                                   for x in range(k + 1, min(k + 4, hi))):
                k += 1
                continue  # "one of the detainees died": the verb says what befell them
            for r in ROLES:
                if w in self.after[r] and self._after_ok(lowers, k):
                    if w in self.before[r] and self._number_next(t, k + 1, hi, number_starts):
                        return None, end  # "manned by 12 soldiers and killed four of them": active, takes "four"
                    return r, k + 1
            if w in self.any_before_ing:
                return None, end
            k += 1
        return None, end

    def _person_at(self, t, k: int) -> bool:
        return t["LOWER"][k] in self.person or t["LEMMA"][k] in self.person

    def _idiom_verb(self, lowers, i: int, lo: int) -> int:
        """The verb of an idiom ending at i ('led away in handcuffs' -> 'led'), or i for a plain role word."""
        if lowers[i] not in self.after_needs:
            return i
        k = i - 2  # past the preposition
        if k > lo and lowers[k] in self.idiom_particles:
            k -= 1
        return max(k, lo)

    def _after_ok(self, lowers, k: int) -> bool:
        need = self.after_needs.get(lowers[k])
        return need is None or (k > 0 and lowers[k - 1] in need)

    def _number_next(self, t, k: int, hi: int, number_starts) -> bool:
        lowers, space = t["LOWER"], t["IS_SPACE"]
        steps = 0
        while k < hi and steps < 4:
            if k in number_starts:
                return True
            if lowers[k] not in self.fillers and not space[k]:
                return False
            k += 1
            steps += 1
        return False

    # -- singular people ---------------------------------------------------------------------------
    def singular_hits(self, doc: Doc, lo: int, hi: int, number_starts: dict[int, tuple[int, int]], want: tuple[str, ...]) -> list[CountHit]:
        t = token_table(doc)
        lowers = t["LOWER"]
        hits: list[CountHit] = []
        roles = [r for r in want if r in ROLES]
        role_words = self.role_words
        for i in range(lo, hi):
            w = lowers[i]
            if w not in role_words:
                continue  # most words state no role: one set lookup instead of six
            for r in roles:
                if w in self.after[r] and w not in self.not_counted_after and self._after_ok(lowers, i):
                    v = self._idiom_verb(lowers, i, lo)  # "was placed under arrest": the subject before the verb
                    n, start = self._walk_back(t, v, lo, number_starts)
                    if not n:
                        n, start = self._passive_person(t, v, lo, number_starts)  # "the wanted man was (found) killed"
                    if not n and self._bare_person_before(t, i, lo):
                        n, start = 1, i - 1  # a post's "..., rider killed on the spot"
                    if not n:
                        n, start = self._ordinal_person(t, i, lo)  # "two were killed and a third was wounded"
                    if n:
                        hits.append(CountHit(r, n, "exact", start, i + 1))
                if w in self.before[r]:
                    if (r == "arrested" and self._is_purpose(t, i, lo)) or self._is_topic(t, i, lo):
                        continue
                    j = i + 1
                    if j < hi and lowers[j] == self.of:
                        j += 1
                    if j < hi and lowers[j] in self.singular_pronouns:
                        hits.append(CountHit(r, 1, "exact", i, j + 1))
                    elif j + 1 < hi and lowers[j] == self.the and self._definite_person(t, j + 1, hi):
                        n, end = self._walk_forward(t, j + 1, hi, number_starts)
                        hits.append(CountHit(r, 1 + n, "exact", i, end))  # "killing the driver"
                    elif j < hi and lowers[j] == self.both and (self._clause_ends(t, j + 1, hi)
                                                                 or self._person_follows(t, j, min(hi, j + 3))):
                        hits.append(CountHit(r, 2, "exact", i, j + 2))  # "killing both riders", "killing both"
                    elif j < hi and lowers[j] == self.another and self._clause_ends(t, j + 1, hi):
                        hits.append(CountHit(r, 1, "exact", i, j + 1))  # "killing a civilian and wounding another"
                    elif r != "arrested" and j + 1 < hi and lowers[j] in self.a_an \
                            and lowers[j + 1] in self.ordinal_person_ids and self._clause_ends(t, j + 2, hi):
                        # ("capturing a fifth" in an attack is a capture, which the gold leaves uncounted)
                        hits.append(CountHit(r, 1, "exact", i, j + 2))  # "killing two fighters and wounding a third"
                    elif j + 1 < hi and lowers[j] in self.singular_possessive and self._definite_person(t, j + 1, hi):
                        hits.append(CountHit(r, 1, "exact", i, j + 2))  # "killing a child and wounding his mother"
                    elif self._named_person(t, j, hi):
                        more, end = self._joined_after_name(t, j, hi, number_starts)
                        # "a strike that killed Abu Yusuf al-Halabi (, a leader of X, and his driver)"
                        hits.append(CountHit(r, 1 + more, "exact", i, end))
                    elif j + 1 < hi and lowers[j] in self.a_an and \
                            lowers[j + 1] not in self.not_a_person_after_det and j not in number_starts \
                            and self._person_follows(t, j, hi):
                        n, end = self._walk_forward(t, j + 1, hi, number_starts)
                        hits.append(CountHit(r, 1 + n, "exact", i, end))
        return hits

    def _ordinal_person(self, t, i: int, lo: int) -> tuple[int, int]:
        """'a third was wounded', 'another was (slightly) injured': one more person, told by rank after the people
        counted before, with a passive of its own."""
        lowers = t["LOWER"]
        k = i - 1
        while k >= lo and lowers[k] in self.passive_adverbs:
            k -= 1
        if k - 1 < lo or lowers[k] not in self.be_forms:
            return 0, i
        if lowers[k - 1] == self.another:
            return 1, k - 1
        if k - 2 >= lo and lowers[k - 1] in self.ordinal_person_ids and lowers[k - 2] in self.a_an:
            return 1, k - 2
        return 0, i

    def _bare_person_before(self, t, i: int, lo: int) -> bool:
        """'rider killed', 'driver wounded' right after a comma or at the clause's start: one person (a singular
        person noun, written as its own lemma, with no determiner)."""
        lowers, lemmas, punct = t["LOWER"], t["LEMMA"], t["IS_PUNCT"]
        k = i - 1
        if k < lo or lowers[k] not in self.person or lowers[k] != lemmas[k] or lowers[k] in self.group_nouns:
            return False
        return k == lo or (punct[k - 1] and lowers[k - 1] not in self.quote_like)

    def _named_person(self, t, j: int, hi: int) -> bool:
        """'killed Abu Yusuf al-Halabi, a senior leader': two or more capitalised words (name particles such as
        'al-' between them) up to a comma or the clause's end name one person; 'killed Iranian-backed
        militiamen', 'killing ISIS members', 'killed Turkish soldiers' do not (a lower-case noun or an acronym)."""
        lowers, orths, punct = t["LOWER"], t["ORTH"], t["IS_PUNCT"]
        strings = self.strings
        names, k = 0, j
        while k < hi:
            w = lowers[k]
            if punct[k] and w not in self.name_joins:
                break
            if w in self.forward_stops or w == self.and_:
                break
            orth = strings[orths[k]]
            if w in self.name_particles or w in self.name_joins:
                names += w in self.kunya and strings[orths[k]][:1].isupper()  # "Abu Ali" is two names
                k += 1
                continue
            if not (orth[:1].isupper() and orth[1:].islower()):
                return False
            names += 1
            k += 1
        return names >= 2 and k > j

    def _joined_after_name(self, t, j: int, hi: int, number_starts) -> tuple[int, int]:
        """People joined to a named one past the name's apposition: 'killed Abu Ali, a senior commander of X,
        and his two bodyguards' (two more); (0, end of the name) when none."""
        lowers, orths, punct = t["LOWER"], t["ORTH"], t["IS_PUNCT"]
        k = j
        while k < hi and (lowers[k] in self.name_particles or lowers[k] in self.name_joins
                          or self.strings[orths[k]][:1].isupper()):
            k += 1
        end = k
        if k + 1 < hi and lowers[k] == self.comma and lowers[k + 1] in self.a_an | {self.the}:
            close = next((x for x in range(k + 2, min(hi, k + 12)) if punct[x] and lowers[x] not in self.name_joins),
                         None)
            if close is None or lowers[close] != self.comma:
                return 0, end
            k = close + 1
        if k + 1 < hi and lowers[k] == self.and_:
            n, e = self._joined_people(t, k + 1, hi, number_starts)
            if n:
                return n, e
        return 0, end

    def _passive_person(self, t, i: int, lo: int, number_starts) -> tuple[int, int]:
        """The subject of a passive role word: 'the wanted man was killed', 'a man was found handcuffed and
        killed' (one person); 'a young man from Jasim was shot dead', 'a member of our forces was slightly
        injured' (one, the person noun before its 'of/from' phrase); 'a commander of X and his driver were
        killed' (two), 'a notable and his two sons were killed' (three)."""
        lowers, lemmas = t["LOWER"], t["LEMMA"]
        k = i - 1
        while k >= lo and i - k <= 5 and (lowers[k] in self.passive_between or lowers[k] in self.passive_adverbs):
            k -= 1
        if k < lo or lowers[k] not in self.be_past:
            return 0, i
        aux = k
        if aux - 1 >= lo and lowers[aux - 1] in self.subject_pronouns and lowers[aux] == self.was:
            return 1, aux - 1  # "During the raid, ... and he was killed"
        if aux - 1 >= lo and lowers[aux - 1] == self.another and (aux - 2 < lo or lowers[aux - 2] == self.and_):
            return 1, aux - 1  # "a civilian was killed and another was wounded"
        count, start, j = 0, aux, aux - 1
        while j >= lo and aux - j <= 16:
            w = lowers[j]
            if w in self.subject_stops or w in self.walk_stops or (t["IS_PUNCT"][j] and w not in self.quote_like):
                break
            if j in number_starts:
                value, n_end = number_starts[j]
                if j - 1 >= lo and lowers[j - 1] in self.possessive_dets and self._person_follows(t, n_end - 1, aux):
                    count += value  # "and his two sons"
                    start = j - 1
                    j -= 2
                    continue
                break  # a number of its own: number_hits reads it
            if w in self.singular_dets and j + 1 < aux and lowers[j + 1] not in self.not_a_person_after_det \
                    and self._person_follows(t, j, aux):
                count += 1
                start = j
            j -= 1
        if count:
            return count, start
        if lowers[aux] == self.was and any(lowers[j] in self.person or lemmas[j] in self.person
                                           for j in range(max(lo, aux - 3), aux)):
            return 1, aux
        return 0, i

    def _walk_forward(self, t, j: int, hi: int, number_starts) -> tuple[int, int]:
        """More people joined to the first: 'killed a senior leader and his companion' (one more), 'a commander
        and his three bodyguards' (three more)."""
        lowers, punct = t["LOWER"], t["IS_PUNCT"]
        more, k, end = 0, j, j + 1
        while k < min(hi, j + 16):
            w = lowers[k]
            if w == self.as_ and lowers[k - 1] in self.naming:
                k += 1
                continue  # 'a prominent official known as "Abu Omar" and two of his aides'
            if (punct[k] and w not in self.quote_like) or w in self.forward_stops:
                break
            if w == self.and_ and k + 1 < hi:
                n, e = self._joined_people(t, k + 1, hi, number_starts)
                if n:
                    more += n
                    end = e
            k += 1
        return more, min(end, hi)

    def _joined_people(self, t, k: int, hi: int, number_starts) -> tuple[int, int]:
        """People after an 'and' that joins them to a counted one: 'his driver' (1), 'his two sons' (2)."""
        lowers = t["LOWER"]
        if lowers[k] in self.possessive_dets and k + 1 < hi and (k + 1) in number_starts:
            value, n_end = number_starts[k + 1]
            if self._person_follows(t, n_end - 1, hi):
                return value, n_end + 1
        if lowers[k] in self.singular_dets and self._person_follows(t, k, hi):
            return 1, k + 2
        if k in number_starts:  # "and two of his aides"
            value, n_end = number_starts[k]
            if n_end + 1 < hi and lowers[n_end] == self.of and lowers[n_end + 1] in self.possessive_dets \
                    and self._person_follows(t, n_end + 1, hi):
                return value, n_end + 3
            if self._person_follows(t, n_end - 1, min(hi, n_end + 2)):  # "and two civilians"
                return value, n_end + 1
        return 0, k

    def _definite_person(self, t, k: int, hi: int) -> bool:
        """'the driver', 'the young shepherd': one person, written in the singular (its own lemma), who is not
        a group ('the family', 'the crew')."""
        lowers, lemmas, punct = t["LOWER"], t["LEMMA"], t["IS_PUNCT"]
        for j in range(k, min(k + 2, hi)):
            if punct[j]:
                return False
            if lowers[j] in self.person:
                return lowers[j] == lemmas[j] and lowers[j] not in self.group_nouns
        return False

    def _clause_ends(self, t, k: int, hi: int) -> bool:
        lowers, punct = t["LOWER"], t["IS_PUNCT"]
        return k >= hi or (punct[k] and lowers[k] not in self.quote_like) or lowers[k] in self.forward_stops \
            or lowers[k] == self.and_

    def _person_follows(self, t, k: int, limit: int) -> bool:
        """A person noun after at most three other words after position k ('a senior ISIS leader', 'an SDF
        military council commander', not 'an end'); the pieces of a hyphenated word count as one ('a senior
        al-Qaeda-linked commander')."""
        lowers, lemmas, punct = t["LOWER"], t["LEMMA"], t["IS_PUNCT"]
        words, j = 0, k + 1
        while j < limit and words <= 3:
            if lowers[j] in self.person or lemmas[j] in self.person:
                return True
            if punct[j] and lowers[j] not in self.quote_like:
                return False
            if not (lowers[j] in self.quote_like or lowers[j] in self.possessive
                    or (j + 1 < limit and lowers[j + 1] in self.quote_like)):
                words += 1  # "a regime's 1st lieutenant": the possessive is no word of its own
            j += 1
        return False

    def _walk_back(self, t, i: int, lo: int, number_starts: set[int]) -> tuple[int, int]:
        lowers, like_num = t["LOWER"], t["LIKE_NUM"]
        count, k, start = 0, i - 1, i
        while k >= lo:
            w = lowers[k]
            if w in self.walk_stops or w in self.topic or k in number_starts or like_num[k]:
                break
            if w in self.singular_dets and k + 1 < i and lowers[k + 1] not in self.not_a_person_after_det \
                    and self._person_follows(t, k, i):
                count += 1
                start = k
            k -= 1
        return count, start

    # -- all together ------------------------------------------------------------------------------
    def _risen_to(self, doc: Doc, start: int, lo: int) -> bool:
        """'the toll has risen to seven dead (and 22 wounded)': a rising word and 'to' before the clause's first
        number, within a few words."""
        lowers = token_table(doc)["LOWER"]
        for k in range(start - 1, max(lo, start - 8) - 1, -1):
            if lowers[k] == self.to_ and k - 1 >= lo and lowers[k - 1] in self.risen_words:
                return True
        return self._put_at(token_table(doc), start, lo) is not None

    def read(self, doc: Doc, ranges: list[tuple[int, int]], numbers: list[Span],
             want: tuple[str, ...], elliptic: bool = False) -> dict[str, CountHit]:
        """The first count of each wanted role over the ranges (numbers first, then singular people)."""
        found: dict[str, CountHit] = {}
        starts = {n.start: (n.number.value, n.end) for n in numbers}  # start -> (value, end)
        for lo, hi in ranges:
            for h in self.number_hits(doc, lo, hi, numbers, want, elliptic):
                if h.role not in found or (h.start > found[h.role].start and self._risen_to(doc, h.start, lo)):
                    found[h.role] = h
        missing = tuple(r for r in want if r not in found and r in ROLES)
        if missing:
            for lo, hi in ranges:
                for h in self.singular_hits(doc, lo, hi, starts, missing):
                    found.setdefault(h.role, h)
        return found
