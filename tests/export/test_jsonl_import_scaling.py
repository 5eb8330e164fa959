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
