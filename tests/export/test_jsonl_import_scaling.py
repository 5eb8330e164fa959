"""Restoring a JSONL line's decisions pairs each incoming event with a stored one through a key index: the same
pairing as the former scan of every stored event per incoming one, with work that grows linearly (counted, not
timed: reads of the stored events' keys and SQL statements)."""
import random

from annotator.domain import DocumentIn, Event, Fact
from annotator.export.jsonl_import import _event_key, _fact_key, pair_stored, restore_decisions
from annotator.store import Store

TYPES = ("convoy", "airstrike", "security_operation")


def _old_pairing(stored, targets, same_kind):
    """The former matcher, kept here as the reference: first unused stored item of the same kind and offsets."""
    used, out = set(), []
    for t in targets:
        match = next((e for e in stored if e.id not in used and same_kind(e, t)
                      and (e.start, e.end) == (t.start, t.end)), None)
        if match is not None:
            used.add(match.id)
        out.append(match)
    return out


def _mixed_events(rng, n):
    """Repeated spans, several types on one span, and spans nobody stored."""
    spans = [(s, s + rng.choice((4, 6))) for s in range(0, 24, 3)]
    return [Event(type=rng.choice(TYPES), start=a, end=b, evidence="x", id=i + 1)
            for i, (a, b) in enumerate(rng.choice(spans) for _ in range(n))]


def test_pairing_is_the_former_one_on_a_mixed_case():
    rng = random.Random(9)
    paired = unpaired = 0
    for _ in range(30):
        stored = _mixed_events(rng, rng.randint(0, 40))
        targets = [Event(type=e.type, start=e.start, end=e.end, evidence="y") for e in _mixed_events(rng, 40)]
        new = pair_stored(stored, targets, _event_key)
        old = _old_pairing(stored, targets, lambda a, b: a.type == b.type)
        assert [e and e.id for e in new] == [e and e.id for e in old]
        paired += sum(e is not None for e in new)
        unpaired += sum(e is None for e in new)
    assert paired > 100 and unpaired > 100  # the case mixes both


def test_fact_pairing_is_the_former_one():
    rng = random.Random(3)
    kinds = ("trucks", "batches", "killed")
    stored = [Fact(kind=rng.choice(kinds), value=1, start=s, end=s + 2, evidence="x", id=i + 1)
              for i, s in enumerate(rng.choice((0, 4, 8)) for _ in range(30))]
    targets = [Fact(kind=rng.choice(kinds), value=2, start=s, end=s + 2, evidence="y")
               for s in (rng.choice((0, 4, 8, 12)) for _ in range(30))]
    new = pair_stored(stored, targets, _fact_key)
    old = _old_pairing(stored, targets, lambda a, b: a.kind == b.kind)
    assert [f and f.id for f in new] == [f and f.id for f in old]


class _Counted(Event):
    """A stored event that counts reads of the fields the matcher looks at."""
    reads = 0

    def __getattribute__(self, name):
        if name in ("id", "type", "start", "end"):
            _Counted.reads += 1
        return super().__getattribute__(name)


def _work_of_restore(tmp_path, n):
    """Key reads and SQL statements of restoring a line with n events onto n stored candidates."""
    sentence = "On 3 May a column of 12 trucks crossed at the northern gate. "
    text = sentence * n
    store = Store(tmp_path / f"r{n}.db")
    doc_id, _ = store.add_document(DocumentIn(text=text, title="Fictional", source="f.jsonl", source_kind="jsonl",
                                              key=f"f{n}"), f"hash{n}", reviewer="t")
    for i in range(n):
        start = i * len(sentence)
        store.add_event(doc_id, Event(type="convoy", start=start, end=start + 30,
                                      evidence=text[start:start + 30], origin="rules", status="pending"),
                        reviewer="t")
    events = []
    for i in range(n):  # most accepted as they stand, some retyped (no stored match), some edited
        start = i * len(sentence)
        kind = "airstrike" if i % 5 == 0 else "convoy"
        events.append({"type": kind, "start": start, "end": start + 30, "status": "accepted",
                       "reviewer": "ana", "reviewed_at": "2026-05-04T10:00:00", "origin": "rules",
                       "note": "checked" if i % 3 == 0 else None})
    line = {"text": text, "events": events, "_annotator": {"status_filter": "all"}}

    real_events = store.events

    def counted_events(document_id=None, **kw):
        found = real_events(document_id, **kw)
        if document_id is not None and not kw:
            return [_Counted(**{k: getattr(e, k) for k in e.__dataclass_fields__}) for e in found]
        return found

    store.events = counted_events
    statements = []
    store.db.conn.set_trace_callback(statements.append)
    _Counted.reads = 0
    stats = restore_decisions(store, doc_id, line, reviewer="importer")
    store.db.conn.set_trace_callback(None)
    assert stats["added"] == n // 5 and stats["removed"] == n // 5
    assert stats["updated"] + stats["unchanged"] == n - n // 5
    return _Counted.reads, len(statements)


def test_work_grows_linearly_with_the_events_of_a_line(tmp_path):
    small_reads, small_sql = _work_of_restore(tmp_path, 40)
    big_reads, big_sql = _work_of_restore(tmp_path, 160)
    # Four times the events: four times the work when linear, sixteen when every pair is compared.
    assert big_reads <= 5 * small_reads, (small_reads, big_reads)
    assert big_sql <= 5 * small_sql, (small_sql, big_sql)


def _old_prodigy_match(stored, used, label, start, end):
    """The former Prodigy matcher, the reference: every candidate scanned for every span."""
    from annotator.export.spans import trigger_span

    same = [e for e in stored if e.id not in used and e.type == label]
    for test in (lambda e: trigger_span(e) == (start, end),
                 lambda e: start <= trigger_span(e)[0] and trigger_span(e)[1] <= end,
                 lambda e: trigger_span(e)[0] <= start and end <= trigger_span(e)[1],
                 lambda e: e.start <= start and end <= e.end):
        hit = next((e for e in same if test(e)), None)
        if hit is not None:
            return hit
    return None


def test_prodigy_matching_is_the_former_one_on_a_mixed_case():
    from annotator.domain import Argument
    from annotator.export.jsonl_import import ProdigyCandidates
    from annotator.export.spans import trigger_span

    rng = random.Random(5)
    kinds = {"exact": 0, "loose": 0, "none": 0}
    for _ in range(30):
        stored = []
        for i in range(rng.randint(0, 30)):
            a = rng.randrange(0, 30)
            b = a + rng.randint(3, 12)
            args = [] if rng.random() < 0.3 else [Argument("trigger", a + 1, a + rng.randint(2, 3), "t")]
            stored.append(Event(type=rng.choice(TYPES[:2]), start=a, end=b, evidence="x", arguments=args, id=i + 1))
        candidates, used_new, used_old = ProdigyCandidates(stored), set(), set()
        for _ in range(30):
            label = rng.choice(TYPES[:2])
            s = rng.randrange(0, 34)
            e = s + rng.randint(1, 4)
            if stored and rng.random() < 0.4:  # a span our own export wrote: a candidate's trigger
                pick = rng.choice(stored)
                label, (s, e) = pick.type, trigger_span(pick)
            new = candidates.match(used_new, label, s, e)
            old = _old_prodigy_match(stored, used_old, label, s, e)
            assert (new and new.id) == (old and old.id)
            if old is None:
                kinds["none"] += 1
            else:
                kinds["exact" if trigger_span(old) == (s, e) else "loose"] += 1
                used_new.add(new.id)
                used_old.add(old.id)
    assert min(kinds.values()) > 20, kinds  # the case holds exact, looser and unmatched spans
