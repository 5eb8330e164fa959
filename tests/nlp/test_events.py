"""Candidate events on texts of our own: one per happening, with date, place, counts and direction."""
import pytest


def events(run, text, **kw):
    return run(text, **kw).events


def one(run, text, **kw):
    evs = events(run, text, **kw)
    assert len(evs) == 1, [(e.type, e.date, e.evidence[:60]) for e in evs]
    return evs[0]


def test_convoy_entering_via_a_crossing(run):
    e = one(run, "On March 4, a convoy of 35 trucks entered via Semalka crossing.")
    assert (e.type, e.date, e.location, e.count("trucks"), e.direction) == \
        ("convoy", "2024-03-04", "Semalka", 35, "entering")


def test_two_drones_targeting_a_base(run):
    e = one(run, "On March 5, two drones targeted the Conoco base.")
    assert (e.type, e.date, e.location) == ("drone_strike", "2024-03-05", "Conoco")


def test_raid_backed_by_helicopters_is_one_security_operation(run):
    e = one(run, "On March 6, SDF arrested four suspects in a raid backed by Coalition helicopters in Al-Busayrah.")
    assert (e.type, e.count("arrested"), e.location) == ("security_operation", 4, "Al-Busayrah")
    assert "SDF" in e.actors_canonical


def test_rocket_near_a_base(run):
    e = one(run, "On March 7, a rocket fell near the Green Village base.")
    assert (e.type, e.location, e.location_name) == ("rocket_attack", "Green Village", "Green Village")


@pytest.mark.parametrize("text, event_type", [
    ("On March 9, a Turkish drone struck a car near Qamishli, killing two SDF fighters.", "drone_strike"),
    ("On March 10, gunmen shot dead a member of the Asayish in Hajin.", "attack_other"),
    ("An IED exploded on March 11 at a checkpoint in Al-Shuhayl, injuring three SDF members.", "ied_explosion"),
    ("Clashes erupted on March 12 between SDF and tribal fighters in Dhiban, leaving four dead.", "armed_clash"),
    ("On March 13, regime forces shelled the outskirts of Al-Bukamal.", "shelling"),
    ("Dozens of residents protested on March 14 in Raqqa against fuel prices.", "protest"),
    ("The Coalition established a new military base near Al-Hasakah on March 15.", "base_established"),
    ("US forces conducted a patrol on March 16 in the countryside of Al-Malikiyah.", "patrol"),
    ("On March 17, Coalition forces and SDF carried out live-fire drills at Rmilan base.", "military_exercise"),
    ("Coalition warplanes carried out an airstrike on March 18 on ISIS hideouts, killing 12 militants.", "airstrike"),
    ("On March 19, SDF detained two men accused of smuggling in Al-Shaddadi.", "arrest"),
])
def test_every_event_type_has_a_trigger(run, text, event_type):
    assert one(run, text).type == event_type


def test_counts_with_qualifiers(run):
    e = one(run, "Coalition warplanes struck ISIS hideouts on March 18, killing nearly 12 militants.")
    assert e.counts["killed"].value == 12 and e.counts["killed"].qualifier == "approx"


def test_convoy_directions(run):
    leaving = one(run, "On March 19, a convoy of 40 trucks left Syria through Al-Waleed crossing towards Iraq.")
    internal = one(run, "On March 20, a convoy of 15 vehicles moved from Al-Shaddadi base to Tal Baydar base.")
    assert (leaving.direction, leaving.location, leaving.count("trucks")) == ("leaving", "Al-Waleed", 40)
    assert (internal.direction, internal.location) == ("internal", "Tal Baydar")


def test_negated_and_hedged_events_are_not_proposed(run):
    assert events(run, "Militias did not fire any rockets on March 21, local sources said.") == []
    assert events(run, "No rockets were fired at the base on March 21.") == []
    assert events(run, "Security forces may have arrested several suspects on March 22.") == []


def test_an_aim_is_not_an_event(run):
    e = one(run, "On March 23, SDF launched a security operation in Al-Sabha to arrest an ISIS emir.")
    assert e.type == "security_operation" and e.count("arrested") is None


def test_an_event_without_a_day_is_proposed_undated(run):
    e = one(run, "In early March, young men threw stones at a Coalition patrol in Jadid Bakara.")
    assert (e.type, e.date, e.location) == ("protest", None, "Jadid Bakara")


def test_a_summary_of_the_past_month_is_no_event(run):
    assert events(run, "Coalition forces conducted several patrols during the past month.") == []


def test_out_of_period_events_are_flagged(run):
    e = one(run, "Coalition jets bombed the camp in Al-Baghuz on March 21, 2019, killing dozens.")
    assert e.date == "2019-03-21" and e.in_period is False


RAID = ("On March 2, SDF and Coalition forces launched a security operation in Al-Susah village to capture a "
        "cell leader. When he tried to flee, a Coalition drone opened fire on him, killing him immediately. "
        "Clashes broke out with his guards, leaving one of them and his cousin dead.")


def test_a_raid_absorbs_its_strike_and_clash(run):
    e = one(run, RAID)
    assert e.type == "security_operation" and e.location == "Al-Susah"
    assert e.count("killed") == 1  # the first stated count; counts are not summed
    assert "killing him" in e.evidence


BULLETS = ("Monitors documented three airstrikes by the Coalition in the first days of March. Here are the "
           "details of these strikes:\n\n"
           "  • March 3: Four militiamen were killed in an attack by the Coalition on a weapons depot near "
           "Al-Mayadeen city.\n\n"
           "  • March 3: A Coalition drone struck a vehicle in Al-Quriyah town, injuring two people.\n\n"
           "  • March 4: Coalition helicopters opened fire on militia positions in Al-Bukamal. The attack also "
           "destroyed two trucks.\n")


def test_one_event_per_bullet_typed_by_the_list_introduction(run):
    evs = events(run, BULLETS)
    assert [(e.type, e.date) for e in evs] == [("airstrike", "2024-03-03"), ("drone_strike", "2024-03-03"),
                                               ("airstrike", "2024-03-04")]
    assert evs[0].count("killed") == 4 and evs[1].count("injured") == 2
    assert "list-intro" in evs[0].rule


BATCHES = ("This month, 150 trucks crossed into Syria from the Kurdistan Region of Iraq in three batches on the "
           "4th, 11th and 19th of March. Details follow:\n\n"
           "  • March 4: A convoy of 60 trucks entered through Semalka crossing, in addition to another convoy "
           "of 30 trucks carrying fuel. Similarly, a convoy of 25 empty trucks left Syria towards Iraq.\n\n"
           "  • March 19: The Coalition brought in 40 trucks through Al-Waleed crossing.\n")


def test_itemised_convoys_replace_their_batch_dates(run):
    evs = [e for e in events(run, BATCHES) if e.type == "convoy"]
    by_date = {}
    for e in evs:
        by_date.setdefault(e.date, []).append(e)
    assert sorted(by_date) == ["2024-03-04", "2024-03-11", "2024-03-19"]
    assert [(e.count("trucks"), e.direction) for e in by_date["2024-03-04"]] == \
        [(60, "entering"), (30, "entering"), (25, "leaving")]
    batch_only = by_date["2024-03-11"][0]
    assert batch_only.rule == "convoy:batch-date" and batch_only.location == "Kurdistan Region of Iraq"
    assert batch_only.count("trucks") is None and batch_only.direction == "entering"


def test_every_listed_batch_date_is_a_convoy(run):
    text = ("In the past month, 200 trucks entered Syria via the Kurdistan Region of Iraq in four batches. "
            "The first batch entered on March 2, the second on the 9th, the third on the 15th of the month, "
            "and the last on the 27th of the same month.")
    evs = events(run, text)
    assert [e.date for e in evs] == ["2024-03-02", "2024-03-09", "2024-03-15", "2024-03-27"]
    assert all(e.type == "convoy" and e.direction == "entering" for e in evs)
    assert evs[1].evidence == "the second on the 9th"


def test_counts_in_the_next_paragraph_join_the_attack(run):
    text = ("On March 22, a Turkish drone hit a checkpoint of the Asayish in Tal Tamr.\n\n"
            "According to initial reports, the attack left three members dead and two others wounded.")
    e = one(run, text)
    assert (e.type, e.count("killed"), e.count("injured")) == ("drone_strike", 3, 2)


def test_another_convoy_in_the_next_paragraph_takes_its_date(run):
    text = ("On March 9, a convoy of six Coalition vehicles entered Manbij.\n\n"
            "Another convoy also entered Kobani in the eastern countryside of Aleppo.")
    evs = events(run, text)
    assert [(e.type, e.date, e.location) for e in evs] == [("convoy", "2024-03-09", "Manbij"),
                                                          ("convoy", "2024-03-09", "Kobani")]
    assert "context-date" in evs[1].rule and evs[1].confidence < evs[0].confidence


def test_a_date_does_not_carry_over_to_an_unrelated_paragraph(run):
    text = ("On March 17, four rockets were fired at the Coalition base in Al-Omar oil field.\n\n"
            "Militias put their fighters on alert after the attack.\n\n"
            "Meanwhile, US forces established a new post in Al-Raqqah city.")
    evs = events(run, text)
    assert [(e.type, e.date) for e in evs] == [("rocket_attack", "2024-03-17"), ("base_established", None)]


def test_a_vague_period_stops_a_date_from_carrying_over(run):
    text = ("On March 5, Coalition forces held drills near Conoco gas field.\n\n"
            "Over the last four weeks, the SDF carried out seven raids with the Coalition.\n\n"
            "Moreover, a Coalition airstrike killed three cell members in the desert near Conoco.")
    assert [(e.type, e.date) for e in events(run, text)] == [("military_exercise", "2024-03-05"), ("airstrike", None)]


def test_evidence_offsets_point_into_the_text(run):
    text = "Intro line without a date\n\nOn March 4, a convoy of 35 trucks entered via Semalka crossing."
    e = one(run, text)
    assert text[e.start:e.end] == e.evidence
    for arg in e.arguments:
        assert text[arg.start:arg.end] == arg.text
    roles = {a.role for a in e.arguments}
    assert {"trigger", "date", "location", "trucks"} <= roles


def test_an_event_over_listed_days_spans_them(run):
    e = one(run, "On March 8 and 9, Coalition forces held joint drills with the SDF near Al-Omar oil field.")
    assert (e.date, e.end_date) == ("2024-03-08", "2024-03-09")


def test_batches_without_a_route_still_enter(run):
    evs = events(run, "Monitors counted 140 trucks in two batches, which arrived on March 2 and March 9.")
    assert [(e.date, e.direction) for e in evs] == [("2024-03-02", "entering"), ("2024-03-09", "entering")]


def test_a_protest_against_arrests_is_a_protest(run):
    e = one(run, "On March 9, dozens of people protested in Hajin against the arrest of a teacher in a raid.")
    assert e.type == "protest" and e.count("arrested") is None


def test_the_raid_wins_over_other_mentions_in_its_sentence(run):
    e = one(run, "On March 10, SDF units backed by Coalition helicopters raided the village of Umm Zahrah, arresting "
                 "two men accused of planting explosive devices on a road used by SDF patrols.")
    assert (e.type, e.count("arrested"), e.location) == ("security_operation", 2, "Umm Zahrah")


def test_wounded_in_a_drill_is_not_a_strike(run):
    e = one(run, "On March 11, Coalition forces held exercises at Rmilan base, training on the evacuation of the "
                 "wounded by helicopter.")
    assert e.type == "military_exercise"


def test_a_second_lot_of_trucks_in_the_same_bullet(run):
    text = ("  • March 12: A convoy of 25 trucks entered through Al-Waleed crossing and headed to Al-Omar oil field. "
            "On the same day, 40 empty trucks left Syria through Semalka crossing.\n")
    evs = events(run, text)
    assert [(e.date, e.count("trucks"), e.direction, e.location) for e in evs] == \
        [("2024-03-12", 25, "entering", "Al-Waleed"), ("2024-03-12", 40, "leaving", "Semalka")]


def test_vehicles_moved_between_bases_are_an_internal_convoy(run):
    e = one(run, "On March 13, the Coalition moved ten armoured vehicles from Tal Baydar base to Green Village.")
    assert (e.type, e.direction, e.location, e.count("trucks")) == ("convoy", "internal", "Green Village", 10)


def test_the_reports_own_period_dates_no_event(run):
    assert events(run, "In the past month, from March 1 to date, ISIS cells carried out at least 20 attacks.") == []


def test_setting_off_from_a_base_establishes_nothing(run):
    e = one(run, "On March 14, a patrol set off from the US base in Tal Baydar and toured nearby villages.")
    assert e.type == "patrol"
