"""Targets name each victim once, and only the other side's (roles.RoleReader._victims, issue 8); a vehicle that
ran over a mine states the blast. Texts of our own."""
import pytest

from annotator.nlp import scoring
from annotator.nlp.jsonout import event_json


def _events(extractor, text, published="2024-06-30"):
    return [event_json(e) for e in extractor.extract(text, published=published).events if e.date]


@pytest.mark.parametrize("text, targets", [
    # the first of "X and his driver", not the relative
    ("On June 4, a captain of the Republican Guard and his driver were killed when their car ran over a landmine "
     "in the desert of Al-Rusafa.", ["captain of the Republican Guard"]),
    ("On June 9, SDF launched a raid in Al-Kasra town, where a wanted ISIS emir and his cousin were killed.",
     ["ISIS emir"]),
    # "of them" repeats the victims named before
    ("On June 12, gunmen attacked a post manned by 14 policemen in Al-Sawa village, killing five of them.",
     ["post manned by 14 policemen"]),
    # the people the sentence says it killed are targets beside what it hit, even when the vehicle carried them
    # (docs/annotation.md)
    ("On June 15, a drone struck a bus carrying regime soldiers near Al-Sukhnah, killing four soldiers.",
     ["bus carrying regime soldiers", "four soldiers"]),
    # the raiding side's own wounded and the speaker's own people are not the target
    ("On June 18, SDF and Coalition forces raided a house in Al-Zir village, arresting two ISIS members, while a "
     "member of the raiding force was wounded.", ["two ISIS members"]),
    ("On June 21, ISIS cells attacked a post in Al-Hariji village, and a member of our forces was injured.",
     ["post"]),
    # two people hurt, both named
    ("On June 24, a member of the Internal Security Forces and a civilian were wounded when gunmen opened fire in "
     "Al-Tayana town.", ["member of the Internal Security Forces", "civilian"]),
])
def test_targets(extractor, text, targets):
    evs = _events(extractor, text)
    assert len(evs) == 1, evs
    # as the scorer compares them: each phrase contained in one of the other side's, and no phrase left over
    assert len(evs[0]["targets"]) == len(targets) and scoring._roles_ok(targets, evs[0]["targets"]), evs[0]["targets"]


def test_a_car_that_ran_over_a_mine_states_the_blast(extractor):
    evs = _events(extractor, "On June 4, two shepherds were killed when their pickup ran over a landmine near "
                             "Al-Kawm village.")
    assert [(e["type"], e["date"], e["killed"]) for e in evs] == [("ied_explosion", "2024-06-04", 2)]
    # "over" still makes a topic of a protest: no event for the arrest it was about
    evs = _events(extractor, "On June 5, residents of Al-Kawm protested over the arrest of a teacher.")
    assert [e["type"] for e in evs] == ["protest"]
