"""Training examples from reviewed reports: one per sentence, labelled with the event types reviewers accepted
there, and the bad inputs that stop a training run (one-line messages, never a traceback).

A report counts as reviewed when at least one of its events was accepted or rejected. In such a report every
sentence is an example: a type is positive where an accepted event of that type is anchored (its trigger, else
the start of its evidence), negative elsewhere, and missing (left out of the loss) where only a pending
candidate of that type stands, since nobody has decided it. Rejected candidates are the hard negatives: their
sentences are given twice, so the reviewer's "no" weighs as much as the many easy sentences without a trigger.
"""
from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field

from ..domain import EVENT_TYPES, Event, Period
from ..store import Store, StoredDocument


class TrainingError(Exception):
    """A training run cannot start; the message is one line and names the reason."""


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    cats: dict[str, float] = field(default_factory=dict)  # type -> 1.0 / 0.0; absent = not decided
    hard_negative: bool = False


@dataclass
class ReviewedReport:
    id: int
    key: str
    text: str
    published: str | None
    period: Period | None
    accepted: list[Event]
    rejected: list[Event]
    pending: list[Event]
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def decisions(self) -> int:
        return len(self.accepted) + len(self.rejected)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences the rules pipeline sees (its blocks and sentencizer), so training and
    proposing cut a report the same way."""
    from ..nlp.docutil import set_text
    from ..nlp.service import get_extractor

    nlp = get_extractor().nlp
    doc = nlp.make_doc(text)
    set_text(doc, text)
    for name in ("blocks", "sentencizer"):
        doc = nlp.get_pipe(name)(doc)
    return [(s.start_char, s.end_char) for s in doc.sents]


def anchor(ev: Event) -> int:
    """Where an event is anchored: its first trigger inside the evidence, else the evidence start."""
    for a in ev.arguments:
        if a.role == "trigger" and ev.start <= a.start < ev.end:
            return a.start
    return ev.start


def label_sentences(report: ReviewedReport, bounds: list[tuple[int, int]]) -> list[Sentence]:
    sents = [Sentence(s, e, report.text[s:e], {t: 0.0 for t in EVENT_TYPES}) for s, e in bounds
             if report.text[s:e].strip()]
    starts = [s.start for s in sents]

    def at(pos: int) -> Sentence | None:
        i = bisect.bisect_right(starts, pos) - 1
        return sents[i] if i >= 0 else None

    for ev in report.pending:
        s = at(anchor(ev))
        if s is not None and s.cats.get(ev.type) == 0.0:
            del s.cats[ev.type]  # undecided: neither a positive nor a negative
    for ev in report.rejected:
        s = at(anchor(ev))
        if s is not None:
            s.hard_negative = True
    for ev in report.accepted:
        s = at(anchor(ev))
        if s is not None and ev.type in EVENT_TYPES:
            s.cats[ev.type] = 1.0
    return sents


def _check_text(doc: StoredDocument, text: str, events: list[Event]) -> None:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != doc.content_hash:
        raise TrainingError(f"report {doc.key} (id {doc.id}): its text changed since review (content hash differs)")
    for ev in events:
        if text[ev.start:ev.end] != ev.evidence:
            raise TrainingError(f"report {doc.key} (id {doc.id}): its text changed since review (event {ev.id}'s "
                                f"evidence no longer matches the text at {ev.start}..{ev.end})")


def reviewed_reports(store: Store, document_ids: list[int] | None = None, *,
                     skipped: list[str] | None = None) -> list[ReviewedReport]:
    """The reviewed reports, with their sentences labelled. A report whose text no longer matches its decisions
    is left out with a line in `skipped` (or raises TrainingError when `skipped` is None)."""
    docs = store.documents(ids=document_ids) if document_ids is not None else store.documents()
    out = []
    for d in docs:
        events = store.events(d.id)
        accepted = [e for e in events if e.status == "accepted"]
        rejected = [e for e in events if e.status == "rejected"]
        if not accepted and not rejected:
            continue
        text = store.document_text(d.id)
        try:
            _check_text(d, text, accepted + rejected)
        except TrainingError as exc:
            if skipped is None:
                raise
            skipped.append(f"{exc}: left out")
            continue
        period = Period(d.period_start, d.period_end) if d.period_start and d.period_end else None
        r = ReviewedReport(d.id, d.key, text, d.published, period, accepted, rejected,
                           [e for e in events if e.status == "pending"])
        r.sentences = label_sentences(r, sentence_bounds(text))
        out.append(r)
    return out


def check_trainable(reports: list[ReviewedReport]) -> list[str]:
    """The labels the reports teach; TrainingError when they cannot train a model."""
    if not reports:
        raise TrainingError("no reviewed report: accept or reject some candidates first")
    labels = sorted({t for r in reports for s in r.sentences for t, v in s.cats.items() if v == 1.0})
    if not labels:
        raise TrainingError("no accepted event in the reviewed reports: nothing to learn")
    if len(labels) < 2:
        raise TrainingError(f"only one event type is accepted ({labels[0]}): a type model needs at least two")
    return labels


def split_reports(reports: list[ReviewedReport], eval_share: float = 0.2) -> tuple[list, list]:
    """(train, eval) by report, never one report on both sides: a fixed share chosen by a hash of the key, so
    the split is the same on every run; at least one report on each side when there are two or more."""
    if len(reports) < 2:
        return list(reports), []
    ranked = sorted(reports, key=lambda r: hashlib.sha1(r.key.encode("utf-8")).hexdigest())
    n_eval = min(len(reports) - 1, max(1, round(len(reports) * eval_share)))
    held = {r.id for r in ranked[:n_eval]}
    return [r for r in reports if r.id not in held], [r for r in reports if r.id in held]
