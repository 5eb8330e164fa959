"""Two short fictional reports, stored with candidates and review decisions, for summary and export tests.

The texts are written for these tests (fictional, in the style of the monthly reports). Coordinates are rough
positions of real places, good enough for a map export. Report 120 states more trucks and batches than it
itemises, has a raid whose sentence runs over a line break, a pending rocket attack (so its summary is
unverified), a rejected duplicate candidate, and a pending stated total.
"""
from __future__ import annotations

from types import SimpleNamespace

from annotator.domain import Argument, Count, DocumentIn, Event, Fact, Period

REVIEWER = "sample-reviewer"

TEXT_120 = """120th month of Coalition operations in Syria | Three convoys and a raid near Al-Busayrah

Summary: 150 trucks entered Syria in three batches this month. The Coalition and the SDF carried out four joint security operations, arresting seven members of ISIS cells and killing two.

- August 25: a convoy of 40 trucks carrying fuel and cement entered Syria through Al-Waleed crossing, heading to Al-Shadady base.
- September 2: another convoy of 60 trucks entered Syria through Al-Waleed crossing.
- September 9: a convoy of 30 trucks left Syria towards Kurdistan Region of Iraq after unloading.

On September 4, SDF forces backed by Coalition helicopters raided the village of Al-Busayrah
in the eastern countryside of Deir Ezzor, arresting five suspected ISIS members.
On September 12, a Coalition drone struck a motorcycle near Al-Shuhayl, killing two ISIS members.
On September 15, unidentified gunmen fired rockets at the Coalition base in Al-Omar oil field; no casualties were reported.
"""

TEXT_121 = """121st month of Coalition operations in Syria | Strikes on militia depots

On September 25, a Coalition airstrike hit a weapons depot of Iranian-backed militias near Al-Mayadeen, killing three militiamen.
US forces also patrolled oil fields in the countryside of Al-Hasakah during the month.
"""


def _span(text: str, phrase: str, after: str | None = None) -> tuple[int, int]:
    base = text.index(after) if after else 0
    start = text.index(phrase, base)
    return start, start + len(phrase)


def _arg(text: str, role: str, phrase: str, within: tuple[int, int], value: str | None = None) -> Argument:
    start = text.index(phrase, within[0], within[1])
    return Argument(role, start, start + len(phrase), phrase, value or phrase)


def _event(text: str, type_: str, evidence: str, **kw) -> Event:
    start, end = _span(text, evidence)
    args = [_arg(text, role, phrase, (start, end)) for role, phrase in kw.pop("args", [])]
    return Event(type=type_, start=start, end=end, evidence=text[start:end], arguments=args, origin="rules",
                 rule="sample", confidence=0.8, date_precision="day" if kw.get("date") else None, **kw)


def _fact(text: str, kind: str, value, phrase: str) -> Fact:
    start, end = _span(text, phrase)
    return Fact(kind=kind, value=value, start=start, end=end, evidence=phrase, origin="rules", rule="sample")


def extraction_120(text: str = TEXT_120) -> SimpleNamespace:
    events = [
        _event(text, "convoy", "- August 25: a convoy of 40 trucks carrying fuel and cement entered Syria through "
               "Al-Waleed crossing, heading to Al-Shadady base.", date="2024-08-25", direction="entering",
               counts={"trucks": Count(40)}, location="Al-Waleed", location_name="Al-Waleed crossing",
               admin1="Al-Hasakah", lat=36.63, lon=42.09, location_precision="crossing",
               actors=["Coalition"], actors_canonical=["International Coalition"],
               args=[("trigger", "convoy"), ("trucks", "40"), ("location", "Al-Waleed")]),
        _event(text, "convoy", "- September 2: another convoy of 60 trucks entered Syria through Al-Waleed crossing.",
               date="2024-09-02", direction="entering", counts={"trucks": Count(60)}, location="Al-Waleed",
               location_name="Al-Waleed crossing", admin1="Al-Hasakah", lat=36.63, lon=42.09,
               location_precision="crossing", args=[("trucks", "60")]),
        _event(text, "convoy", "- September 9: a convoy of 30 trucks left Syria towards Kurdistan Region of Iraq "
               "after unloading.", date="2024-09-09", direction="leaving", counts={"trucks": Count(30)},
               location="Kurdistan Region of Iraq", location_precision="region"),
        _event(text, "security_operation", "On September 4, SDF forces backed by Coalition helicopters raided the "
               "village of Al-Busayrah\nin the eastern countryside of Deir Ezzor, arresting five suspected ISIS "
               "members.", date="2024-09-04", counts={"arrested": Count(5)}, location="Al-Busayrah",
               location_name="Al-Busayrah", admin1="Deir Ezzor", lat=35.16, lon=40.43, location_precision="town",
               actors=["SDF forces", "Coalition helicopters"], actors_canonical=["SDF", "International Coalition"],
               targets=["suspected ISIS members"],
               args=[("actor", "SDF forces"), ("actor", "Coalition helicopters"), ("location", "Al-Busayrah"),
                     ("arrested", "five")]),
        _event(text, "drone_strike", "On September 12, a Coalition drone struck a motorcycle near Al-Shuhayl, "
               "killing two ISIS members.", date="2024-09-12", counts={"killed": Count(2)}, location="Al-Shuhayl",
               location_name="Al-Shuhayl", admin1="Deir Ezzor", lat=35.06, lon=40.48, location_precision="town",
               actors=["Coalition drone"], actors_canonical=["International Coalition"], targets=["ISIS members"]),
        _event(text, "rocket_attack", "On September 15, unidentified gunmen fired rockets at the Coalition base in "
               "Al-Omar oil field; no casualties were reported.", date="2024-09-15", location="Al-Omar",
               location_name="Al-Omar oil field", admin1="Deir Ezzor", lat=35.08, lon=40.54,
               location_precision="field", targets=["Coalition base"]),
        _event(text, "airstrike", "On September 15, unidentified gunmen fired rockets at the Coalition base in "
               "Al-Omar oil field", date="2024-09-15"),
    ]
    facts = [
        _fact(text, "trucks", 150, "150 trucks"),
        _fact(text, "batches", 3, "three batches"),
        _fact(text, "joint_operations", 4, "four joint security operations"),
        _fact(text, "arrested", 7, "arresting seven"),
        _fact(text, "killed", 2, "killing two."),
    ]
    return SimpleNamespace(events=events, facts=facts)


def extraction_121(text: str = TEXT_121) -> SimpleNamespace:
    return SimpleNamespace(events=[
        _event(text, "airstrike", "On September 25, a Coalition airstrike hit a weapons depot of Iranian-backed "
               "militias near Al-Mayadeen, killing three militiamen.", date="2024-09-25",
               counts={"killed": Count(3)}, location="Al-Mayadeen", location_name="Al-Mayadeen",
               admin1="Deir Ezzor", lat=35.02, lon=40.45, location_precision="town", actors=["Coalition"],
               actors_canonical=["International Coalition"], targets=["Iranian-backed militias"],
               args=[("trigger", "airstrike"), ("location", "Al-Mayadeen"), ("killed", "three")]),
        _event(text, "patrol", "US forces also patrolled oil fields in the countryside of Al-Hasakah during the "
               "month.", actors=["US forces"], actors_canonical=["International Coalition"], admin1="Al-Hasakah"),
    ], facts=[])


def build_sample_store(store) -> dict[str, int]:
    """Store both reports and review them; returns {"r120": id, "r121": id}."""
    r120, _ = store.add_document(
        DocumentIn(text=TEXT_120, title="120th month of Coalition operations in Syria", source="fixture-120.txt",
                   source_kind="txt", key="fixture-coalition-120", published="2024-09-23", series="sohr-coalition",
                   month_number=120, period=Period("2024-08-23", "2024-09-22"),
                   meta={"url": "https://monitor.example.org/reports/120th-month"}),
        "sample-hash-120", reviewer=REVIEWER, extraction=extraction_120())
    r121, _ = store.add_document(
        DocumentIn(text=TEXT_121, title="121st month of Coalition operations in Syria", source="fixture-121.txt",
                   source_kind="txt", key="fixture-coalition-121", published="2024-10-23", series="sohr-coalition",
                   month_number=121, period=Period("2024-09-23", "2024-10-22")),
        "sample-hash-121", reviewer=REVIEWER, extraction=extraction_121())
    events = {(e.type, e.date): e for e in store.events(r120)}
    for key in [("convoy", "2024-08-25"), ("convoy", "2024-09-02"), ("convoy", "2024-09-09"),
                ("security_operation", "2024-09-04"), ("drone_strike", "2024-09-12")]:
        store.accept_event(events[key].id, reviewer=REVIEWER)
    store.reject_event(events[("airstrike", "2024-09-15")].id, reviewer=REVIEWER, reason="wrong type")
    for f in store.facts(r120):
        if f.kind != "killed":
            store.accept_fact(f.id, reviewer=REVIEWER)
    store.accept_all_pending(r121, reviewer=REVIEWER)
    return {"r120": r120, "r121": r121}
