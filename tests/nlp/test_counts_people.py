"""Counts of people named without a number, and numbers that belong to another clause (issue 8): sentences of our
own in the register of monitoring reports and wires."""
import pytest

from annotator.nlp.numbers import number_mentions

from .test_counts import nlp, reader  # noqa: F401 (the same pipeline and reader fixtures)


def counts(nlp, reader, text):
    doc = nlp(text)
    found = reader.read(doc, [(0, len(doc))], number_mentions(doc), ("killed", "injured", "arrested"))
    return {k: h.value for k, h in found.items()}


@pytest.mark.parametrize("text, expected", [
    # the subject of a passive, walked back over its "of"/"from" phrase
    ("On May 3, a captain of the Republican Guard and his bodyguard were killed when a roadside bomb hit their jeep.",
     {"killed": 2}),
    ("A teenager from Tal Abyad was shot dead at a checkpoint on Sunday.", {"killed": 1}),
    ("A member of our forces was injured in the attack.", {"injured": 1}),
    ("A Turkish soldier was slightly wounded when a shell landed near the post.", {"injured": 1}),
    ("A wanted smuggler and his cousin were killed after they fired at the patrol.", {"killed": 2}),
    ("A tribal elder and his two sons were killed in the ambush.", {"killed": 3}),
    ("They raided the farm, killing two suspects, while a member of the raiding force was wounded.",
     {"killed": 2, "injured": 1}),
    # "another" that stands for a person named just before
    ("Gunmen opened fire on a farmer in the field, killing a shepherd and injuring another.",
     {"killed": 1, "injured": 1}),
    ("The drone hit a van, killing two fighters and wounding another.", {"killed": 2, "injured": 1}),
    # people joined to the first by "and"
    ("Militants assassinated a village mukhtar and his two nephews near the mosque.", {"killed": 3}),
    ("The strike killed a commander of the Hamza Division and his three bodyguards.", {"killed": 4}),
    ("The force arrested a man and his two sons in the village.", {"arrested": 3}),
    ("A drone hit a car near the town on Monday, killing a commander of the Kurdish-led internal security forces "
     "and his driver, officials said.", {"killed": 2}),
    ('The unit carried out a raid, arresting a senior ISIS financier known as "Abu Bakr" and three of his aides.',
     {"arrested": 4}),
    ('A member of the Internal Security Forces "Asayish" and a civilian were wounded when gunmen opened fire.',
     {"injured": 2}),
    # "the" and one person, written in the singular
    ("A landmine exploded under a tractor near the village, killing the driver and wounding two farm workers.",
     {"killed": 1, "injured": 2}),
    ("Gunmen shot at the shop, killing the young owner's brother.", {"killed": 1}),
    # a number of people present, and the number the attack killed
    ("Insurgents stormed an outpost manned by 15 conscripts and killed six of them.", {"killed": 6}),
    ("Gunmen attacked a post guarded by nine policemen; the attack killed three of them.", {"killed": 3}),
])
def test_people_counted(nlp, reader, text, expected):
    assert counts(nlp, reader, text) == expected


@pytest.mark.parametrize("text", [
    "The car was hit by a drone and destroyed.",
    "Residents protested against the killing of a teacher and his son.",
    "The shelling killed the displaced in the camp.",
    "The clashes that killed the fighters went on for days.",
])
def test_no_people_no_count(nlp, reader, text):
    assert counts(nlp, reader, text) == {}
