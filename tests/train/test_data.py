"""Training examples from reviewed reports, the split by report, and the inputs that stop a training run."""
import pytest

from annotator.domain import Argument, Event
from annotator.store import Store
from annotator.train.data import (ReviewedReport, TrainingError, check_trainable, label_sentences, reviewed_reports,
                                  split_reports)

TEXT = "A convoy of 20 trucks entered on May 3. Drones struck a car near Hajin. Nothing else happened."


def _ev(type_, start, end, status, trigger=None):
    ev = Event(type=type_, start=start, end=end, evidence=TEXT[start:end], status=status)
    if trigger:
        ev.arguments = [Argument("trigger", trigger[0], trigger[1], TEXT[trigger[0]:trigger[1]])]
    return ev


def test_sentences_take_accepted_types_pending_is_missing_rejected_is_hard_negative():
    s1, s2 = TEXT.index("Drones"), TEXT.index("Nothing")
    report = ReviewedReport(1, "r", TEXT, None, None,
                            accepted=[_ev("convoy", 0, s1 - 1, "accepted", trigger=(2, 8))],
                            rejected=[_ev("airstrike", s1, s2 - 1, "rejected")],
                            pending=[_ev("drone_strike", s1, s2 - 1, "pending")])
    sents = label_sentences(report, [(0, s1), (s1, s2), (s2, len(TEXT))])
    assert sents[0].cats["convoy"] == 1.0 and sents[0].cats["airstrike"] == 0.0
    assert "drone_strike" not in sents[1].cats and sents[1].cats["airstrike"] == 0.0 and sents[1].hard_negative
    assert not any(sents[2].cats.values()) and not sents[2].hard_negative


def test_reviewed_reports_from_the_store(reviewed_db):
    with Store(reviewed_db) as store:
        reports = reviewed_reports(store)
        assert len(reports) == len(store.documents())
        accepted = sum(len(store.events(d.id, status="accepted")) for d in store.documents())
    positives = sum(v == 1.0 for r in reports for s in r.sentences for v in s.cats.values())
    assert 0 < positives <= accepted
    assert any(s.hard_negative for r in reports for s in r.sentences)
    assert len(check_trainable(reports)) >= 2


def test_split_is_by_report_and_stable(reviewed_db):
    with Store(reviewed_db) as store:
        reports = reviewed_reports(store)
    train, held = split_reports(reports)
    assert train and held and not {r.id for r in train} & {r.id for r in held}
    assert len(train) + len(held) == len(reports)
    assert {r.id for r in split_reports(list(reversed(reports)))[1]} == {r.id for r in held}


def test_no_reviewed_report_is_a_one_line_error(store):
    with pytest.raises(TrainingError, match="no reviewed report"):
        check_trainable(reviewed_reports(store))


def test_one_label_only_is_a_one_line_error():
    report = ReviewedReport(1, "r", TEXT, None, None, [_ev("convoy", 0, 10, "accepted")], [], [])
    report.sentences = label_sentences(report, [(0, len(TEXT))])
    with pytest.raises(TrainingError, match="only one event type"):
        check_trainable([report])


def test_a_report_whose_text_changed_since_review_is_left_out(reviewed_db):
    with Store(reviewed_db) as store:
        doc = store.documents()[0]
        store.db.execute("UPDATE documents SET text = ? WHERE id = ?", ["X" + store.document_text(doc.id), doc.id])
        store.db.conn.commit()
        skipped = []
        reports = reviewed_reports(store, skipped=skipped)
        assert doc.id not in {r.id for r in reports} and len(reports) == len(store.documents()) - 1
        assert len(skipped) == 1 and doc.key in skipped[0] and "changed since review" in skipped[0]
        assert "\n" not in skipped[0]
        with pytest.raises(TrainingError, match="changed since review"):
            reviewed_reports(store)
