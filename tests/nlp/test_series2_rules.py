"""Rules found on the third batch of the series set (issue 8, generalisation), each tested on sentences of our own
that are not in the set: a response told in a paragraph of its own, a day after 'since', a convoy that left on the
day a batch entered, a protest's crowd against the forces it protests about."""


def _events(run, text, **kw):
    return run(text, **kw).events


def _names(found):
    return list(found)


# -- a response in a paragraph of its own takes the day of what it answers --------------------------------------
def test_response_paragraph_takes_the_day_of_the_attack(run):
    text = ("On March 12, militiamen fired two missiles at the US base in Al-Tanf.\n\n"
            "In retaliation, American helicopters struck the firing positions.")
    evs = _events(run, text)
    assert [(e.type, e.date) for e in evs] == [("rocket_attack", "2024-03-12"), ("airstrike", "2024-03-12")]


def test_response_after_a_loose_period_stays_undated(run):
    text = ("In the second half of March, ground fire between the two sides intensified.\n\n"
            "In response, the SDF shelled positions of the militias near Diban.")
    evs = [e for e in _events(run, text) if e.type == "shelling"]
    assert evs and all(e.date is None for e in evs)


# -- a day after 'since' starts a span, it dates nothing ------------------------------------------------------------
def test_since_day_opens_a_tally_not_an_event(run):
    text = ("Since March 3, monitors have recorded raids, bombings and assassinations by the cells in the "
            "eastern countryside.\n\nOn March 9, gunmen shot dead a shepherd near Al-Sour.")
    evs = [e for e in _events(run, text) if e.date is not None]
    assert [(e.type, e.date) for e in evs] == [("attack_other", "2024-03-09")]


def test_a_day_not_after_since_still_dates_its_event(run):
    evs = _events(run, "On March 3, a car bomb went off in Azaz, killing two civilians.")
    assert [(e.type, e.date) for e in evs] == [("ied_explosion", "2024-03-03")]


# -- a convoy that left does not itemise the batch that entered that day -----------------------------------------
def test_leaving_convoy_does_not_hide_an_entering_batch(run):
    text = ("This month, the Coalition brought 90 trucks from Iraqi Kurdistan in two batches: 55 trucks on March 6 "
            "and 35 trucks on March 20.\n\n"
            "On March 20, a convoy of 15 empty trucks left Syria through Al-Waleed crossing.")
    convoys = sorted(((e.date, (e.counts["trucks"].value if "trucks" in e.counts else None), e.direction) for e in _events(run, text)
                      if e.type == "convoy"), key=str)
    assert ("2024-03-20", 35, "entering") in convoys
    assert ("2024-03-20", 15, "leaving") in convoys
    assert ("2024-03-06", 55, "entering") in convoys


# -- a protest's crowd, not the forces it protests about ----------------------------------------------------------
def test_protest_crowd_before_the_trigger_is_the_actor(run):
    ev = next(e for e in _events(run, "On March 14, residents of Al-Sur village protested against the raids "
                                      "conducted by SDF and the Coalition in their village.") if e.type == "protest")
    assert _names(ev.actors) == ["residents"]


def test_protest_named_actor_before_the_trigger_stays(run):
    ev = next(e for e in _events(run, "On March 14, SDF supporters demonstrated in Qamishli against Turkish "
                                      "strikes.") if e.type == "protest")
    assert "SDF" in " ".join(_names(ev.actors))


# -- the houses of an arrest the Coalition took part in are where the men were, not targets ----------------------
def test_arrest_in_stormed_homes_names_the_men_not_the_homes(run):
    ev = next(e for e in _events(run, "On March 16, SDF and Coalition forces stormed two homes in Al-Sour village, "
                                      "detaining four young men.") if e.date == "2024-03-16")
    assert ev.type == "security_operation"
    assert ev.targets == ["four young men"]


# -- rockets fired 'from <a long place phrase> towards' a base: the base is the target --------------------------
def test_rockets_fired_from_a_long_place_towards_a_base_hit_the_base(run):
    ev = next(e for e in _events(run, "On March 18, unidentified persons fired two rockets from farmland east of "
                                      "Al-Tayyana village towards the US base at Al-Omar field.")
              if e.type == "rocket_attack")
    assert any("base" in t for t in ev.targets), ev.targets


# -- a direct-fire weapon of an attack or ambush is its weapon, not another event type -----------------------------
def test_ambush_with_machine_guns_and_rpgs_is_an_attack(run):
    evs = [e for e in _events(run, "On March 19, ISIS members ambushed an army supply truck on the Palmyra road "
                                   "using light weapons and RPGs, killing two soldiers.") if e.date]
    assert [e.type for e in evs] == ["attack_other"]


def test_assault_with_hand_grenades_is_an_attack(run):
    evs = [e for e in _events(run, "On March 20, cell members attacked a checkpoint in Al-Dashisha with rifles and "
                                   "hand grenades, wounding a guard.") if e.date]
    assert [e.type for e in evs] == ["attack_other"]


def test_a_grenade_thrown_or_an_rpg_fired_without_an_attack_verb_keeps_its_type(run):
    assert [e.type for e in _events(run, "On March 21, a man threw a grenade at a clinic in Al-Bab.")] == ["ied_explosion"]
    assert [e.type for e in _events(run, "On March 21, gunmen targeted an SDF post in Al-Sur with a grenade.")] \
        == ["ied_explosion"]
    assert [e.type for e in _events(run, "On March 21, fighters fired an RPG at a police post in Azaz.")] \
        == ["rocket_attack"]


# -- rules found on the fourth report (coalition-137), each on sentences of our own ---------------------------------
def test_counted_days_and_the_weekday_they_fall_on_agree(run):
    text = ("On March 4, SDF forces raided a farm in Al-Sour.\n\n"
            "Two days later, on Wednesday, SDF units stormed a house in Al-Zir village and arrested three men.")
    evs = _events(run, text, period=("2024-02-23", "2024-03-22"), published="2024-03-23")
    assert [e.date for e in evs] == ["2024-03-04", "2024-03-06"]


def test_a_weekday_alone_still_counts_back_from_publication(run):
    evs = _events(run, "On Wednesday, gunmen shot dead a teacher in Al-Sour.", published="2024-03-23")
    assert [e.date for e in evs] == ["2024-03-20"]


def test_the_first_of_the_months_convoys_takes_the_totals_sender(run):
    text = ("Nearly 90 trucks of the International Coalition crossed into Syria this month in two batches, on March 3 "
            "and March 17.\n\n"
            "On March 3, the first of the month's convoys, 50 trucks strong, passed through Al-Waleed crossing.")
    ev = next(e for e in _events(run, text) if e.type == "convoy" and e.date == "2024-03-03")
    assert ev.actors == ["International Coalition"]


def test_a_possessive_before_the_count_keeps_it(run):
    ev = next(iter(_events(run, "On March 8, a drone struck a pickup near Sarmada, killing its three occupants.")))
    assert ev.counts["killed"].value == 3


def test_people_who_rallied_in_a_town_protest(run):
    evs = _events(run, "On March 9, dozens of students rallied in Qamishli, denouncing the closure of their school.")
    assert [e.type for e in evs] == ["protest"]


def test_setting_up_a_position_establishes_a_base(run):
    evs = _events(run, "On March 10, US forces set up a new observation position on a hill near Al-Sour.")
    assert [e.type for e in evs] == ["base_established"]


def test_surrounding_a_hideout_is_a_raid(run):
    evs = _events(run, "On March 11, SDF units backed by Coalition helicopters surrounded a hideout near Al-Zir, "
                       "killing a wanted man.")
    assert [e.type for e in evs] == ["security_operation"]


def test_a_force_backed_by_another_acts_with_it(run):
    ev = next(iter(_events(run, "On March 11, SDF units backed by Coalition helicopters stormed a house in Al-Zir, "
                                "arresting two men.")))
    assert "SDF units" in ev.actors and any("Coalition" in a for a in ev.actors)
    # a compound without 'by' still describes someone else: 'Turkey backed factions' are not Turkey
    shelling = next(iter(_events(run, "On March 11, Turkey backed factions shelled Tal Tamr.")))
    assert "Turkey" not in shelling.actors
