"""The place of an event whose own words name none: a reference point alone ("6 km east of X") puts it near X;
a sentence with no place at all takes the place the sentence before it (same paragraph) set the scene in. And a
name keeps the article the text writes, capitalised or not. Texts are our own."""


def _events(run, text):
    return [e for e in run(text).events if e.date]


def _only(run, text):
    events = _events(run, text)
    assert len(events) == 1, [(e.type, e.location) for e in events]
    return events[0]


def test_a_reference_point_alone_places_the_event_near_it(run):
    ev = _only(run, "On March 4, a landmine exploded 6 km east of Al-Bab, killing a shepherd.")
    assert (ev.location, ev.location_name, ev.location_precision) == ("Al-Bab", "Al-Bab", "near")


def test_a_reference_point_gives_way_to_a_place_of_the_event(run):
    ev = _only(run, "On March 4, a landmine exploded in Tal Tamr, 30 km north of Al-Hasakah, killing a shepherd.")
    assert ev.location == "Tal Tamr"


def test_a_river_or_border_as_reference_places_nothing(run):
    ev = _only(run, "On March 4, a landmine exploded 2 km south of the Turkish border, killing a shepherd.")
    assert ev.location is None


def test_a_sentence_without_a_place_takes_the_scene_of_the_one_before(run):
    text = ("On March 7, masked men stormed a bakery in Al-Mayadeen and beat its owner. Hours later, an explosive "
            "device went off outside his house, injuring his son.")
    events = _events(run, text)
    assert events and all(e.location == "Al-Mayadeen" for e in events), [(e.type, e.location) for e in events]


def test_the_scene_is_never_taken_from_another_paragraph(run):
    text = ("On March 7, masked men stormed a bakery in Al-Mayadeen and beat its owner.\n\n"
            "On March 8, an explosive device went off, injuring a child.")
    bomb = [e for e in _events(run, text) if e.type == "ied_explosion"]
    assert bomb and bomb[0].location is None


def test_the_scene_is_not_where_fighters_came_from(run):
    text = ("On March 9, a faction brought fighters from Afrin and Azaz. The next day, an explosive device "
            "went off, injuring two of them.")
    bomb = [e for e in _events(run, text) if e.type == "ied_explosion"]
    assert bomb and bomb[0].location is None


def test_a_sentence_with_its_own_place_keeps_it(run):
    text = ("On March 7, masked men stormed a bakery in Al-Mayadeen and beat its owner. On March 8, an explosive "
            "device went off in Al-Quriyah, injuring a child.")
    bomb = [e for e in _events(run, text) if e.type == "ied_explosion"]
    assert bomb and bomb[0].location == "Al-Quriyah"


def test_the_location_keeps_the_article_as_written(run):
    for text, written in [("On March 2, warplanes struck a depot in As-Safira, killing 3 people.", "As-Safira"),
                          ("On March 2, warplanes struck a depot near Al Sukhnah, killing 3 people.", "Al Sukhnah")]:
        ev = _only(run, text)
        assert ev.location == written and ev.location_name is not None


def test_between_an_unknown_and_a_known_place_gives_the_known_one(run):
    ev = _only(run, "On March 5, two factions clashed in the area between Qarn Ghazal and Sarmin, killing a fighter.")
    assert (ev.location, ev.location_name) == ("Sarmin", "Sarmin")
    # two known ends: the first, as before
    ev = _only(run, "On March 5, two factions clashed in the area between Sarmin and Al-Bab, killing a fighter.")
    assert ev.location == "Sarmin"


def test_the_scene_is_the_nearest_sentence_before_that_names_where_things_happened(run):
    text = ("On March 9, two factions clashed in the town of Al-Quriyah. Both sides brought fighters from Afrin. "
            "Hours later, an explosive device went off near a checkpoint, injuring two fighters.")
    bomb = [e for e in _events(run, text) if e.type == "ied_explosion"]
    assert bomb and bomb[0].location == "Al-Quriyah", [(e.type, e.location) for e in _events(run, text)]


def test_a_dateline_place_never_sets_the_scene(run):
    text = "AL-BAB, Syria — A car bomb exploded on Thursday, killing 5 people. On Friday, gunmen opened fire on " \
           "a checkpoint, killing 2 soldiers."
    events = [e for e in run(text, published="2024-03-16").events if e.date]
    assert events and all(e.location is None for e in events), [(e.type, e.location) for e in events]


def test_a_convoy_from_abroad_is_placed_at_its_syrian_destination(run):
    ev = _only(run, "On March 3, a convoy of 30 trucks entered Syria from Kurdistan Region of Iraq heading to "
                    "its bases in Al-Shaddadi.")
    assert (ev.type, ev.location, ev.location_name) == ("convoy", "Al-Shaddadi", "Al-Shaddadi")
    # a named crossing still comes first; with neither, the route as written
    ev = _only(run, "On March 3, a convoy of 30 trucks entered Syria from Kurdistan Region of Iraq through "
                    "Al-Waleed crossing heading to its bases in Al-Shaddadi.")
    assert ev.location == "Al-Waleed"
    ev = _only(run, "On March 3, a convoy of 30 trucks entered Syria from Kurdistan Region of Iraq.")
    assert ev.location == "Kurdistan Region of Iraq" and ev.location_name is None


def test_a_birthplace_never_sets_the_scene_or_the_place(run):
    # biography is not where things happened: "born in X" / "a native of X" are origins, like "from X"
    text = "The commander was a native of Deir ez-Zor. On March 9, an explosive device killed him."
    assert [e.location for e in _events(run, text)] == [None]
    text = "On March 9, gunmen shot dead a teacher who was born in Qamishli, in the market of Amuda."
    assert [e.location for e in _events(run, text)] == ["Amuda"]
