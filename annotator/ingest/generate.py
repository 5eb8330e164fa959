"""Synthetic monthly reports for benchmarks: invented text from templates, in the style of the series.

Every report is fictional. Its month number is real series numbering (the period resolves through
resources/series.json) and its itemised events are dated inside that period, so extraction has
realistic work to do.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

EPOCH = date(2014, 9, 23)  # Coalition series epoch, as in resources/series.json
_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
_ORDINAL_WORDS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]

CROSSINGS = ["Al-Waleed", "Semalka", "Al-Walid"]
BASES = [("Al-Shaddadi", "southern Al-Hasakah countryside"), ("Rmilan", "north-eastern Al-Hasakah"),
         ("Tel Baydar", "northern Al-Hasakah countryside"), ("Qasrak", "northern Al-Hasakah countryside"),
         ("Al-Omar oil field", "eastern Deir ez-Zor countryside"),
         ("Conoco gas field", "northern Deir ez-Zor countryside"),
         ("Green Village", "eastern Deir ez-Zor countryside"), ("Kharab al-Jir", "Al-Malikiyah countryside")]
VILLAGES = [("Al-Busayrah", "Deir ez-Zor"), ("Dhiban", "Deir ez-Zor"), ("Al-Shuhayl", "Deir ez-Zor"),
            ("Hajin", "Deir ez-Zor"), ("Al-Susah", "Deir ez-Zor"), ("Gharanij", "Deir ez-Zor"),
            ("Al-Kishkiyah", "Deir ez-Zor"), ("Abu Hamam", "Deir ez-Zor"), ("Al-Sabha", "Deir ez-Zor"),
            ("Muhaymidah", "Deir ez-Zor"), ("Al-Hurayji", "Deir ez-Zor"), ("Al-Jurdi", "Deir ez-Zor"),
            ("Tal Hamis", "Al-Hasakah"), ("Al-Arisha", "Al-Hasakah"), ("Markada", "Al-Hasakah"),
            ("Al-Dashisha", "Al-Hasakah"), ("Al-Hol", "Al-Hasakah"), ("Al-Karamah", "Al-Raqqah")]
CARGO = ["closed boxes and cement blocks", "fuel tanks and logistical equipment", "armoured vehicles and ammunition",
         "generators, water tanks and prefabricated rooms", "military and logistical supplies",
         "construction materials and sealed containers"]
TARGET_GROUPS = ["ISIS cells", "a cell accused of extorting oil traders", "suspected ISIS financiers",
                 "a cell planning attacks on checkpoints"]
MILITIAS = ["Iranian-backed militias", "Liwaa Fatemiyoun", "an Iranian-backed militia", "pro-Iranian gunmen"]


def generate_reports(n: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    """(filename, text) for n synthetic monthly reports, ~600-1500 words each; deterministic for a seed."""
    rng = random.Random(seed)
    for i in range(n):
        month_number = rng.randint(60, 130)
        yield f"synthetic-{seed}-{i:05d}-month-{month_number}.txt", _report(rng, month_number, f"{seed}-{i:05d}")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _count(n: int, rng: random.Random) -> str:
    return _WORDS[n] if n < len(_WORDS) and rng.random() < 0.7 else str(n)


def _day(d: date) -> str:
    return f"{d.strftime('%B')} {d.day}"


def _dates_listed(days: list[date]) -> str:
    """"September 24, October 1 and October 5"."""
    return ", ".join(_day(d) for d in days[:-1]) + f" and {_day(days[-1])}"


def _dates_by_month(days: list[date]) -> str:
    """"the 24th of September and the 1st and 5th of October"."""
    groups: list[list[date]] = []
    for d in days:
        if groups and groups[-1][0].month == d.month:
            groups[-1].append(d)
        else:
            groups.append([d])
    phrases = []
    for group in groups:
        ordinals = [_ordinal(d.day) for d in group]
        listed = ordinals[0] if len(ordinals) == 1 else ", ".join(ordinals[:-1]) + f" and {ordinals[-1]}"
        phrases.append(f"the {listed} of {group[0].strftime('%B')}")
    return " and ".join(phrases)


def _report(rng: random.Random, n: int, reference: str) -> str:
    start = EPOCH + relativedelta(months=n - 1)
    end = EPOCH + relativedelta(months=n) - timedelta(days=1)
    days = [start + timedelta(days=k) for k in range((end - start).days + 1)]
    target_words = rng.randint(600, 1500)
    parts: list[str] = []
    convoys = sorted(rng.sample(days, rng.randint(3, 7)))
    trucks = [rng.choice([15, 20, 25, 30, 35, 40, 45, 50, 60]) for _ in convoys]
    stated = sum(trucks) + rng.choice([0, 0, 10, 20, 40, 55])
    raids = sorted(rng.sample(days, rng.randint(2, 6)))
    arrests = [rng.randint(0, 4) for _ in raids]
    stated_arrests = sum(arrests) + rng.choice([0, 0, 1, 3])

    headline = rng.choice([
        f"{stated} trucks enter Syria and {_count(len(raids), rng)} joint operations with SDF",
        "Reinforcements continue as security campaigns target ISIS cells",
        "Convoys, raids and rising tension with Iranian-backed militias",
    ])
    parts.append(f"{_ordinal(n)} month of Coalition operations in Syria | {headline}")
    if rng.random() < 0.4:
        parts.append(f"Last Update: {(end + timedelta(days=1)).isoformat()} 00:00:00 - Source: synthetic")
    parts.append(rng.choice([
        f"Completing the {_ordinal(n)} consecutive month of its campaign against the \u201cIslamic State\u201d, the "
        "International Coalition kept reinforcing its bases in areas held by the Syrian Democratic Forces and took "
        "part in raids and arrests across the north-east. Monitors followed its movements throughout the month.",
        f"The International Coalition has now completed {n} months of operations in Syria. During the past month it "
        "sent further supplies to its bases, joined the SDF in raids on suspected cells and exchanged fire with "
        "militias west of the Euphrates.",
    ]))
    batch_days = _dates_by_month(convoys) if rng.random() < 0.5 else _dates_listed(convoys)
    parts.append(
        f"In the {_ordinal(n)} month of International Coalition operations in Syria, {stated} trucks and vehicles "
        f"carrying military and logistical supplies crossed into Syria from the Kurdistan Region of Iraq in "
        f"{_count(len(convoys), rng)} batches on {batch_days}. The trucks headed to Coalition bases in Al-Hasakah "
        "and Deir ez-Zor. Details follow:")
    for d, k in zip(convoys, trucks):
        base, area = rng.choice(BASES)
        parts.append(rng.choice([
            f"  \u2022 {_day(d)}: A convoy of {k} trucks carrying {rng.choice(CARGO)} entered Syria through "
            f"{rng.choice(CROSSINGS)} crossing and headed to the {base} base in {area}.",
            f"  \u2022 {_day(d)}: Coalition forces brought in {k} trucks loaded with {rng.choice(CARGO)} via "
            f"{rng.choice(CROSSINGS)} crossing from the Kurdistan Region of Iraq, bound for {base}.",
        ]))
    if rng.random() < 0.6:
        d = rng.choice(days)
        parts.append(f"On {_day(d)}, a convoy of {rng.choice([20, 30, 40, 60])} empty trucks left Syria through "
                     f"{rng.choice(CROSSINGS)} crossing towards the Kurdistan Region of Iraq after unloading.")
    if rng.random() < 0.6:
        d = rng.choice(days)
        (a, _), (b, area) = rng.sample(BASES, 2)
        parts.append(f"On {_day(d)}, Coalition forces moved {_count(rng.randint(4, 15), rng)} armoured vehicles "
                     f"and a radar system from their base in {a} to {b} in {area}.")
    parts.append(
        f"In the past month, monitors also documented {_count(len(raids), rng)} joint security operations by the "
        f"SDF and the International Coalition, arresting {_count(stated_arrests, rng)} members of ISIS cells.")
    for d, k in zip(raids, arrests):
        village, gov = rng.choice(VILLAGES)
        outcome = (f"arresting {_count(k, rng)} people suspected of belonging to {rng.choice(TARGET_GROUPS)}"
                   if k else "without making any arrest")
        parts.append(rng.choice([
            f"On {_day(d)}, SDF units backed by Coalition helicopters raided houses in {village} village in "
            f"{gov} countryside, {outcome}.",
            f"SDF and Coalition forces carried out an airdrop operation at dawn on {_day(d)} in {village} in the "
            f"{gov} countryside, {outcome}.",
        ]))
    if rng.random() < 0.7:
        d, (village, gov), killed = rng.choice(days), rng.choice(VILLAGES), rng.randint(1, 3)
        parts.append(f"On {_day(d)}, a Coalition drone struck a motorcycle near {village} in {gov} countryside, "
                     f"killing {_count(killed, rng)} men described as ISIS commanders.")
    if rng.random() < 0.6:
        d, killed = rng.choice(days), rng.randint(2, 9)
        parts.append(f"Coalition aircraft carried out an airstrike on {_day(d)} on positions of "
                     f"{rng.choice(MILITIAS)} near Al-Mayadeen, killing {_count(killed, rng)} militiamen.")
    if rng.random() < 0.6:
        d = rng.choice(days)
        base = rng.choice(["Conoco gas field", "Al-Omar oil field", "Green Village"])
        parts.append(f"On {_day(d)}, {rng.choice(MILITIAS)} fired {_count(rng.randint(2, 6), rng)} rockets at the "
                     f"Coalition base in {base}; no casualties were reported.")
    for d in sorted(rng.sample(days, rng.randint(1, 3))):
        base, area = rng.choice(BASES)
        parts.append(rng.choice([
            f"On {_day(d)}, loud explosions were heard near the {base} base in {area} during live-fire exercises.",
            f"On {_day(d)}, Coalition forces and the SDF held joint military exercises with medium weapons at {base}.",
            f"On {_day(d)}, a Coalition patrol of {_count(rng.randint(3, 8), rng)} armoured vehicles toured villages "
            f"near {base} in {area}.",
        ]))
    if rng.random() < 0.4:
        d, (village, gov) = rng.choice(days), rng.choice(VILLAGES)
        parts.append(f"On {_day(d)}, residents of {village} protested against a Coalition patrol passing through "
                     "their fields.")
    filler = [
        "Monitors note that the pace of reinforcement has not slowed despite repeated statements about a reduced "
        "presence, and that the bases in the oil fields remain the main destination of the convoys.",
        "Local sources said the raids were accompanied by a curfew, the closure of roads between villages and the "
        "interruption of telecommunications until the forces withdrew.",
        "Families of detainees again asked the SDF and the Coalition to disclose where their relatives are held and "
        "whether charges have been brought against them.",
        "Humanitarian workers in the camps of the north-east warned that the security situation hampers aid "
        "deliveries and the return of displaced people to their villages.",
        "The monitors renew their call on all parties to spare civilians, to investigate every incident in which "
        "civilians were harmed, and to make the results public.",
        "Tension between the Coalition and militias west of the Euphrates has risen and fallen over the past months "
        "with each exchange of fire, leaving residents of the riverside towns caught between the two banks.",
        "Tribal notables in the eastern countryside called for the release of detainees held without trial and for "
        "better coordination with local councils before raids are carried out.",
    ]
    while sum(len(p.split()) for p in parts) < target_words:
        parts.append(rng.choice(filler) + " " + rng.choice(filler))
    parts.append(f"Report reference: {reference}.")
    return "\n\n".join(parts) + "\n"
