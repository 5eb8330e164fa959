"""Kinds of misses the series regression set showed (issue 8), each checked on a text of our own."""
from annotator.nlp.jsonout import event_json


def _events(extractor, text, published="2025-07-30"):
    return [event_json(e) for e in extractor.extract(text, published=published).events]


def test_a_response_told_in_a_sentence_of_its_own_is_an_event_of_its_own(extractor):
    evs = _events(extractor, "On July 9, gunmen fired three rockets at the SDF base in Al-Tanak field. The SDF "
                             "responded by shelling the launch point near Al-Jurdi village.")
    assert [(e["type"], e["actors"], e["targets"]) for e in evs] == [
        ("rocket_attack", ["gunmen"], ["SDF base in Al-Tanak field"]),
        ("shelling", ["SDF"], ["launch point"])]
    assert evs[1]["date"] == "2025-07-09"


def test_in_response_to_the_attack_names_the_first_event_not_a_second(extractor):
    evs = _events(extractor, "On July 9, gunmen attacked an SDF checkpoint in Al-Busayrah. In response to the "
                             "attack, the SDF raided the village of Al-Zir and arrested four men.")
    assert [e["type"] for e in evs] == ["attack_other", "security_operation"]


def test_a_shell_that_fell_is_shelling(extractor):
    evs = _events(extractor, "On July 11, two mortar shells launched by regime forces landed on a school in "
                             "Al-Bara village, wounding a teacher.")
    assert [(e["type"], e["actors"], e["injured"]) for e in evs] == [("shelling", ["regime forces"], 1)]
