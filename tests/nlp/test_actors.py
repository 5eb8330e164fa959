"""The actor table: aliases, ACLED codes, corpus coverage and lookups of short phrases."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.nlp.actors import ACLED_TYPES, KINDS, ActorTable, actor_key


@pytest.fixture(scope="module")
def actors() -> ActorTable:
    return ActorTable.load()


def test_every_actor_is_well_formed(actors):
    assert len(actors) >= 25
    for actor in actors:
        assert actor.acled_type in ACLED_TYPES and actor.kind in KINDS and actor.acled_actor
    # The groups DESIGN.md names are all there.
    for name in ("International Coalition", "US forces", "SDF", "Asayish", "Counter-Terrorism Units", "ISIS",
                 "Iranian-backed militias", "Regime forces", "Russian forces", "Turkish forces", "Civilians"):
        assert actors.get(name) is not None, name


@pytest.mark.corpus
def test_every_gold_actor_of_the_corpus_resolves(actors, corpus_dir):
    names = {a for f in sorted((corpus_dir / "gold").glob("*.json"))
             for e in json.loads(f.read_text(encoding="utf-8"))["events"] for a in e["actors"]}
    assert names, "the gold files name no actor"
    assert sorted(a for a in names if actors.lookup(a) is None) == []


@pytest.mark.parametrize("variants", [
    ["International Coalition", "the International Coalition Forces", "Coalition forces", "US-led Coalition",
     "International Coalition helicopters", "the Coalition’s drone", "Coalition warplanes"],
    ["US forces", "US", "U.S. troops", "American forces", "US Central Command", "CENTCOM", "US drones"],
    ["SDF", "Syrian Democratic Forces", "Syria Democratic Forces", "the SDF", "SDF fighters"],
    ["Asayish", "Al-Asayesh", "Internal Security Forces", "Internal Security Forces “Asayish”",
     "Rapid Response Forces"],
    ["Counter-Terrorism Units", "Counter-terrorism units", "anti-terrorism units", "YAT"],
    ["ISIS", "Islamic State", "IS", "ISIL", "Daesh", "ISIS cells", "two ISIS members", "ISIS sleeper cells",
     "Islamic State militants"],
    ["Iranian-backed militias", "Iranian-backed militiamen", "Iranian militias", "Iran-backed militia",
     "positions of Iranian-backed militias"],
    ["Hezbollah", "Lebanese Hezbollah", "Hezbollah fighters"],
    ["Liwaa Fatemiyoun", "Liwa Fatemiyoun", "Fatemiyoun", "Afghan militia"],
    ["Kata'ib Hezbollah", "Kataib Hezbollah", "Kata’ib Hezbollah"],
    ["Regime forces", "regime forces", "Syrian army", "regime soldiers", "Syrian Arab Army", "SAA"],
    ["National Defence Forces", "NDF", "National Defense Forces", "NDF militiamen"],
    ["Russian forces", "Russian aircraft", "Russian warplanes", "Russians"],
    ["Turkish forces", "Turkish drone", "Turkish army", "Turkish drones"],
    ["Syrian National Army", "SNA", "Turkish-backed factions"],
    ["Syrian Free Army", "Free Syria Army", "Maghawir al-Thawra", "Jaysh Maghawir Al-Thawra"],
    ["Civilians", "civilians", "residents", "shepherds", "truffle hunters", "a shepherd"],
])
def test_variants_resolve_to_one_actor(actors, variants):
    found = {v: actors.lookup(v) for v in variants}
    assert None not in found.values(), [v for v, a in found.items() if a is None]
    assert len({a.name for a in found.values()}) == 1, {v: a.name for v, a in found.items()}


def test_short_acronyms_only_match_in_capitals(actors):
    assert actors.lookup("US").name == "US forces"
    assert actors.lookup("IS").name == "ISIS"
    assert actors.lookup("us") is None and actors.lookup("is") is None
    assert actors.is_case_sensitive("IS") and not actors.is_case_sensitive("ISIS forces")


@pytest.mark.parametrize("text", ["", "rocket launcher", "military buses", "tunnels", "SDF-held areas",
                                  "Qaryat al-Nisyan"])
def test_objects_and_places_are_not_actors(actors, text):
    assert actors.lookup(text) is None


def test_mentions_finds_actors_inside_longer_phrases(actors):
    text = "a joint military base of the “International Coalition” and Counter-terrorism units"
    found = [(a.name, text[s:e]) for a, s, e in actors.mentions(text)]
    assert found == [("International Coalition", "International Coalition"),
                     ("Counter-Terrorism Units", "Counter-terrorism units")]
    sentence = "SDF arrested four suspects in a raid backed by Coalition helicopters, while US forces watched."
    assert [a.name for a, _, _ in actors.mentions(sentence)] == ["SDF", "International Coalition", "US forces"]
    assert actors.mentions("thus it is not us") == []


def test_no_alias_names_two_actors(actors):
    owners: dict[str, set[str]] = {}
    for actor in actors:
        for form in actor.surface_forms:
            key = form.replace(".", "") if actors.is_case_sensitive(form) else actor_key(form)
            owners.setdefault(key, set()).add(actor.name)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_surface_forms_cover_every_alias(actors):
    forms = set(actors.surface_forms())
    assert all(set(a.surface_forms) <= forms for a in actors)
    assert actors.names() == sorted(actors.names())


GOOD = {"name": "Test Brigade", "aliases": ["Test brigades"], "acled_type": 3, "acled_actor": "Test Brigade",
        "kind": "militia"}


@pytest.mark.parametrize("bad, message, line", [
    ({**GOOD, "acled_type": 9}, "acled_type", 3),
    ({**GOOD, "acled_type": "3"}, "acled_type", 3),
    ({**GOOD, "kind": "pirates"}, "unknown kind", 3),
    ({k: v for k, v in GOOD.items() if k != "aliases"}, "missing aliases", 3),
    ({**GOOD, "name": "Other", "aliases": [""]}, "aliases", 3),
    (GOOD, "duplicate name", 3),
])
def test_bad_files_name_the_file_and_line(tmp_path: Path, bad, message, line):
    path = tmp_path / "actors.json"
    path.write_text("[\n" + json.dumps(GOOD) + ",\n" + json.dumps(bad) + "\n]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message) as err:
        ActorTable.load(path)
    assert str(path) in str(err.value) and f"line {line}" in str(err.value)


def test_invalid_json_names_the_line(tmp_path: Path):
    path = tmp_path / "actors.json"
    path.write_text("[\n" + json.dumps(GOOD) + ",\n{oops}\n]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 3: not valid JSON"):
        ActorTable.load(path)


@pytest.mark.parametrize("variants", [
    ["Opposition factions", "opposition rebels", "rebel factions", "rebels", "opposition fighters"],
    ["Ahrar al-Sham", "Ahrar al Sham"],
    ["Levant Front", "al-Jabha al-Shamiya"],
    ["Sham Legion", "Faylaq al-Sham", "Al Sham Corps"],
    ["Unidentified gunmen", "an unknown armed group", "unidentified assailants"],
    ["Syrian National Army", "Jaysh al-Watani", "JWS"],
])
def test_factions_other_outlets_name_resolve(actors, variants):
    found = {v: actors.lookup(v) for v in variants}
    assert None not in found.values() and len({a.name for a in found.values()}) == 1, found
