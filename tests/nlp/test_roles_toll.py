"""The target rule of docs/annotation.md (issue 8), on texts of our own: an event's targets are what it hit or seized
and the people its own sentence says it killed, hurt or took; a later sentence that tells only the toll adds counts,
not targets; a victim told as another's kin ('his brother') is not another target."""
import pytest

from annotator.nlp import scoring
from annotator.nlp.jsonout import event_json


def _event(extractor, text, published="2024-03-30"):
    evs = [event_json(e) for e in extractor.extract(text, published=published).events if e.date]
    assert len(evs) == 1, [(e["type"], e["date"], e["evidence"][:50]) for e in evs]
    return evs[0]


def _same(gold, pred):
    return len(gold) == len(pred) and scoring._roles_ok(gold, pred)


@pytest.mark.parametrize("text, targets, counts", [
    # a toll told in a later sentence: counts, no target
    ("On March 3, a Turkish drone hit a checkpoint of the Asayish near Derbasiyah. Two guards were killed and a "
     "third guard was wounded, local sources said.", ["checkpoint of the Asayish"], {"killed": 2, "injured": 1}),
    ("On March 5, SDF forces raided a house in Al-Tayyana town, arresting two ISIS suspects. A third suspect was "
     "killed after he opened fire on the force.", ["two ISIS suspects"], {"killed": 1, "arrested": 2}),
    # a later sentence that tells whom the raid took names its targets
    ("On March 8, SDF and Coalition forces carried out an airdrop in Al-Jurdi village. The operation led to the "
     "arrest of three young men accused of smuggling weapons.", ["three young men"], {"arrested": 3}),
])
def test_a_later_sentence_adds_targets_only_when_it_tells_what_was_hit_or_seized(extractor, text, targets, counts):
    ev = _event(extractor, text)
    assert _same(targets, ev["targets"]), ev["targets"]
    assert {k: ev[k] for k in counts} == counts


@pytest.mark.parametrize("text, targets", [
    # the killed of the event's own sentence, beside the vehicle that carried them
    ("On March 11, a roadside bomb hit a pickup carrying Asayish members near Tal Hamis, killing two members.",
     ["pickup carrying Asayish members", "two members"]),
    # kin told after the first victim: not another target
    ("On March 14, a farmer was killed and his son was wounded in regime shelling on the town of Kafr Nabl.",
     ["farmer"]),
    ("On March 17, a nurse was injured and her two daughters were killed by a drone strike in Al-Bab.",
     ["nurse"]),
])
def test_the_events_own_sentence_names_the_victims(extractor, text, targets):
    ev = _event(extractor, text)
    assert _same(targets, ev["targets"]), ev["targets"]
