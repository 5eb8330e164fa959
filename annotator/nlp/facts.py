"""Stated totals: trucks, batches and their dates, joint operations, arrested, killed (doc._.facts).

A report states its period's totals in a sentence or two ("200 trucks ... crossed into Syria ... in five
batches on the 23rd of August and the 3rd, 5th, 6th and 8th of September", "six joint security
operations ... arresting six members", "these operations left three ISIS members dead"). Totals in the
body win over the headline. The batch sentence, and a following sentence that enumerates the batches
("The first batch entered on December 23, the second on January 4, ..."), are also recorded in
doc._.batches: the event assembler turns each batch date into a convoy.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import extensions  # noqa: F401
from .config import load_json
from .counts import CountReader
from .docutil import BatchedComponent, Found, Sentences, found_by, token_table
from .numbers import number_mentions
from .patterns import GappedMatcher

FACT_ORDER = ("trucks", "batches", "batch_dates", "joint_operations", "arrested", "killed")


@dataclass(slots=True)
class FactCandidate:
    kind: str
    value: object  # int, or list of ISO dates for batch_dates
    qualifier: str
    sentence: Span  # the evidence
    number: object | None  # NumberMention: the words stating the value (None for batch_dates)
    rule: str
    confidence: float
    in_heading: bool = False


@dataclass(slots=True)
class BatchStatement:
    """A sentence stating batches; dates are (date Found, DateValue, clause token range) for each batch."""
    sentence: Span
    dates: list[tuple[Found, object, tuple[int, int]]] = field(default_factory=list)
    clause_sentence: Span | None = None  # the enumerating sentence, when the dates are there


def in_heading(doc: Doc, token: int) -> bool:
    blocks = doc._.blocks or []
    k = bisect.bisect_right([b.start for b in blocks], token) - 1
    return k >= 0 and blocks[k].kind == "heading"


class FactRecognizer(BatchedComponent):
    def __init__(self, nlp: Language, name: str, config_path: str = "", counts_path: str = ""):
        cfg = load_json(config_path, "facts.json")
        self.cfg = cfg
        self.counts = CountReader(load_json(counts_path, "counts.json"), nlp.vocab)
        self.matcher = GappedMatcher(nlp.vocab)
        num = {"LIKE_NUM": True}
        self.matcher.add("BATCHES", [num, {"LEMMA": {"IN": cfg["batches"]["nouns"]}}])
        self.matcher.add("TRUCKS", [num, {"LEMMA": {"IN": cfg["trucks"]["nouns"]}}])
        jo = cfg["joint_operations"]
        self.matcher.add("JOINT_OPS", [num, {"LOWER": {"IN": jo["modifiers"]}},
                                       {"LOWER": {"IN": jo["modifiers"]}, "OP": "?"},
                                       {"LEMMA": {"IN": jo["nouns"]}}])
        # "SOHR did not document any joint security operation", "no joint operations were recorded": a total of none
        self.matcher.add("JOINT_NONE", [{"LOWER": {"IN": jo.get("none_words", [])}},
                                        {"LOWER": {"IN": jo["modifiers"]}},
                                        {"LOWER": {"IN": jo["modifiers"]}, "OP": "?"},
                                        {"LEMMA": {"IN": jo["nouns"]}}])
        self.negation_ids = frozenset(nlp.vocab.strings.add(w) for w in jo.get("negations", ()))
        be = cfg["batch_enumeration"]
        self.matcher.add("BATCH_ENUM", [{"LOWER": {"IN": be["ordinals"]}}, {"LEMMA": {"IN": be["nouns"]}}])
        self.matcher.compile()
        self.truck_context = set(cfg["trucks"]["context_lemmas"])
        self.killed_window = int(cfg["killed_window_sentences"])
        self._any_id = nlp.vocab.strings.add("any")
        self.correction_ids = np.array([nlp.vocab.strings.add(w) for w in cfg.get("correction_cues", ())],
                                       dtype=np.uint64)

    def __call__(self, doc: Doc) -> Doc:
        doc._.facts, doc._.batches = [], []
        matches = self.matcher(doc)
        if not matches:
            return doc
        sents = Sentences(doc)
        starts = sents.starts
        sent_of = lambda tok: bisect.bisect_right(starts, tok) - 1  # noqa: E731
        numbers = number_mentions(doc)
        number_at = {n.start: n for n in numbers}
        for n in numbers:  # a qualifier starts the span: index the number word too
            for k in range(n.start, n.end):
                number_at.setdefault(k, n)
        dates = found_by(doc, "dates")
        date_sents: dict[int, list[Found]] = {}
        loose_sents: set[int] = set()
        for d in dates:
            si = sent_of(d.start)
            if d.value.is_day:
                date_sents.setdefault(si, []).append(d)
            elif d.value.kind == "loose":
                loose_sents.add(si)

        by_label: dict[str, list[tuple[int, int, int]]] = {}
        corrected = self._correction_blocks(doc)
        for key, s, e in matches:
            if not any(b.start <= s < b.end for b in corrected):
                by_label.setdefault(key, []).append((s, e, sent_of(s)))

        facts: list[FactCandidate] = []
        # batches, trucks, batch dates
        # a cardinal before "batches" ("in five batches"); "the first batch" enumerates, it states no total
        batch_sents = sorted({si for s, _, si in by_label.get("BATCHES", []) if s in number_at})
        for si in batch_sents:
            sent = sents[si]
            head = in_heading(doc, sent.start)
            for s, e, k in by_label.get("BATCHES", []):
                if k == si and s in number_at:
                    n = number_at[s]
                    facts.append(FactCandidate("batches", n.number.value, n.number.qualifier, sent, n,
                                               "batches:N-batches", 0.85, head))
                    break
            for s, e, k in by_label.get("TRUCKS", []):
                if k == si and s in number_at:
                    n = number_at[s]
                    facts.append(FactCandidate("trucks", n.number.value, n.number.qualifier, sent, n,
                                               "trucks:with-batches", 0.85, head))
                    break
            statement = BatchStatement(sent)
            day_dates = date_sents.get(si, [])
            if day_dates:
                # "60 trucks in two batches: 40 on March 3 and 20 on March 7": each batch its own clause, so
                # that a batch reads its own count, never the total's or the first batch's
                statement.dates = self._enumerated(doc, sent, day_dates)
            else:
                for nxt in range(si + 1, min(si + 3, len(sents))):
                    enum = [s for s, _, k in by_label.get("BATCH_ENUM", []) if k == nxt]
                    # "The first batch entered on December 23, the second on ...": the enumeration comes first;
                    # "April 2: SDF raided ..., while the first batch entered" is an item that tells one batch
                    first = min(date_sents[nxt], key=lambda d: d.start) if date_sents.get(nxt) else None
                    if enum and first is not None and (min(enum) < first.start or min(enum) - first.end <= 3):
                        statement.clause_sentence = sents[nxt]
                        statement.dates = self._enumerated(doc, sents[nxt], date_sents[nxt])
                        break
            if statement.dates:
                iso = [dv.iso for _, dv, _ in statement.dates if dv.iso]
                ev_sent = statement.clause_sentence or sent
                facts.append(FactCandidate("batch_dates", iso, "exact", ev_sent, None, "batch_dates:listed",
                                           0.8, head))
            if not head:
                doc._.batches.append(statement)
        # trucks stated for the period without batches ("in the past month, 250 trucks entered")
        if not any(f.kind == "trucks" for f in facts):
            for s, e, si in by_label.get("TRUCKS", []):
                sent = sents[si]
                if si in date_sents or si not in loose_sents or s not in number_at:
                    continue
                if not any(t.lemma_.lower() in self.truck_context for t in sent):
                    continue
                n = number_at[s]
                facts.append(FactCandidate("trucks", n.number.value, n.number.qualifier, sent, n,
                                           "trucks:period", 0.7, in_heading(doc, sent.start)))
        # joint operations, and what they achieved
        for s, e, si in by_label.get("JOINT_OPS", []):
            sent = sents[si]
            if si in date_sents or s not in number_at:
                continue
            n = number_at[s]
            head = in_heading(doc, sent.start)
            facts.append(FactCandidate("joint_operations", n.number.value, n.number.qualifier, sent, n,
                                       "joint_operations:N-operations", 0.85, head))
            sent_numbers = [x for x in numbers if sent.start <= x.start and x.end <= sent.end and x is not n]
            found = self.counts.read(doc, [(sent.start, sent.end)], sent_numbers, ("arrested", "killed"))
            if "arrested" in found:
                facts.append(self._from_hit(doc, "arrested", found["arrested"], sent, number_at, head))
            for kind in ("arrested", "killed"):
                if kind in found:
                    facts.append(self._from_hit(doc, kind, found[kind], sent, number_at, head))
                    continue
                # "These operations left three ISIS members dead": the results may follow the count
                for nxt in range(si + 1, min(si + 1 + self.killed_window, len(sents))):
                    later = sents[nxt]
                    if in_heading(doc, later.start) != head:
                        break
                    first_day = min((d.start for d in date_sents.get(nxt, [])), default=later.end)
                    nums = [x for x in numbers if later.start <= x.start and x.end <= first_day]
                    hit = self.counts.read(doc, [(later.start, first_day)], nums, (kind,)).get(kind)
                    if hit is not None and hit.start in number_at:
                        facts.append(self._from_hit(doc, kind, hit, later, number_at, head))
                        break
        if not any(f.kind == "joint_operations" for f in facts):
            self._none_stated(doc, by_label.get("JOINT_NONE", []), sents, date_sents, facts)
        doc._.facts = facts
        return doc

    def _none_stated(self, doc: Doc, found, sents, date_sents, facts: list[FactCandidate]) -> None:
        """'SOHR activists did not document any joint security operation by the Coalition and SDF during the month':
        joint_operations 0. 'any' needs a negation before it in its sentence ('no' is one itself); a sentence with
        a day of its own speaks of that day, not the period."""
        lowers = token_table(doc)["LOWER"]
        for s, e, si in found:
            sent = sents[si]
            if si in date_sents:
                continue
            if lowers[s] == self._any_id and self.negation_ids.isdisjoint(lowers[sent.start:s]):
                continue
            facts.append(FactCandidate("joint_operations", 0, "exact", sent, None, "joint_operations:none", 0.7,
                                       in_heading(doc, sent.start)))
            return

    def _correction_blocks(self, doc: Doc) -> list:
        """Paragraphs that correct an earlier report ("Correction: In its report on the 126th month, SOHR stated
        that 190 trucks had entered ... The correct figure is 170"): their totals are another period's."""
        lowers = token_table(doc)["LOWER"]
        hits = np.flatnonzero(np.isin(lowers, self.correction_ids))
        if not len(hits):
            return []
        return [b for b in doc._.blocks or [] if ((hits >= b.start) & (hits < b.end)).any()]

    @staticmethod
    def _from_hit(doc: Doc, kind: str, hit, sent: Span, number_at: dict, head: bool) -> FactCandidate:
        n = number_at.get(hit.start)
        return FactCandidate(kind, hit.value, hit.qualifier, sent, n, f"{kind}:joint-operations", 0.8, head)

    @staticmethod
    def _enumerated(doc: Doc, sent: Span, dates: list[Found]):
        """Each batch's clause in 'The first batch entered on X, the second on Y, ...'."""
        out = []
        begin = sent.start
        for d in sorted(dates, key=lambda x: x.start):
            s = begin
            while s < d.start and (doc[s].is_punct or doc[s].is_space or doc[s].lower_ in ("and", "while", "whereas")):
                s += 1
            out.append((d, d.value, (s, d.end)))
            begin = d.end
        return out


def chosen_facts(facts: list[FactCandidate]) -> dict[str, FactCandidate]:
    """One candidate per kind: the body's first, else the headline's."""
    out: dict[str, FactCandidate] = {}
    for f in sorted(facts, key=lambda f: (f.in_heading, f.sentence.start)):
        out.setdefault(f.kind, f)
    return out


@Language.factory("annotator_facts", assigns=["doc._.facts", "doc._.batches"],
                  default_config={"config_path": "", "counts_path": ""})
def make_facts(nlp: Language, name: str, config_path: str, counts_path: str) -> FactRecognizer:
    return FactRecognizer(nlp, name, config_path, counts_path)
