"""The headline paragraph, in the register of the reports, one sentence per topic with the labels it rests on."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from ..domain import EVENT_TYPES, Event, Fact
from . import words
from .checks import entering_convoys

STRIKE_TYPES = ("airstrike", "drone_strike", "rocket_attack", "shelling", "ied_explosion")
Ref = Callable[[Any], str]


def actor_of(ev: Event) -> str:
    names = ev.actors_canonical or ev.actors
    return names[0] if names else "unattributed"


# (one, many) where the label does not simply take an "s"
_NOUNS = {"base_established": ("new base", "new bases"), "shelling": ("shelling attack", "shelling attacks"),
          "attack_other": ("other attack", "other attacks"), "ied_explosion": ("IED explosion", "IED explosions"),
          "armed_clash": ("armed clash", "armed clashes")}


def _type_words(n: int, event_type: str) -> str:
    if event_type in _NOUNS:
        one, many = _NOUNS[event_type]
    else:
        label = EVENT_TYPES[event_type][4] if event_type in EVENT_TYPES else event_type.replace("_", " ")
        one = label[0].lower() + label[1:]
        many = one + "s"
    return f"one {one}" if n == 1 else f"{words.number(n)} {many}"


def _casualties(killed: int, injured: int) -> str:
    parts = []
    if killed:
        parts.append(f"killing {words.number(killed)}")
    if injured:
        parts.append(f"injuring {words.number(injured)}")
    return words.join(parts)


def _sentence(text: str, refs: list[str]) -> dict[str, Any]:
    return {"text": text, "refs": list(dict.fromkeys(refs))}


def _stated(facts: list[Fact], kind: str) -> Fact | None:
    return next((f for f in facts if f.kind == kind and f.value is not None), None)


def convoy_sentences(events: list[Event], facts: list[Fact], ref: Ref, with_year: bool) -> list[dict[str, Any]]:
    out = []
    entering = entering_convoys(events)
    trucks_f, batches_f, dates_f = (_stated(facts, k) for k in ("trucks", "batches", "batch_dates"))
    if entering or trucks_f or batches_f:
        itemised_trucks = sum(e.count("trucks") or 0 for e in entering)
        who = Counter(actor_of(e) for e in entering).most_common(1)
        subject = who[0][0] if who and who[0][0] != "unattributed" else "Convoys"
        if trucks_f:
            trucks = f"{trucks_f.value} trucks"
            if itemised_trucks != trucks_f.value:
                trucks += f" ({itemised_trucks} itemised)" if itemised_trucks else " (none itemised by count)"
        elif itemised_trucks:
            trucks = f"{itemised_trucks} trucks"
        else:
            trucks = "trucks"
        batches_n = batches_f.value if batches_f else len(entering)
        dates = dates_f.value if dates_f else [e.date for e in entering if e.date]
        batches = words.plural(batches_n, 'batch', 'batches')
        if subject == "Convoys":
            text = f"{trucks[0].upper() + trucks[1:]} entered Syria in {batches}"
        else:
            text = f"{subject} brought {trucks} into Syria in {batches}"
        if dates:
            text += f", on {words.days(dates, with_year=with_year)}"
        refs = [ref(f) for f in (trucks_f, batches_f, dates_f) if f] + [ref(e) for e in entering]
        out.append(_sentence(text + ".", refs))
    others = [e for e in events if e.type == "convoy" and e.direction != "entering"]
    if others:
        by_dir = Counter(e.direction or "unknown" for e in others)
        phrases = {"leaving": "left the country", "internal": "moved inside Syria",
                   "unknown": "moved with no stated direction"}
        parts = []
        for direction in ("leaving", "internal", "unknown"):
            n = by_dir.get(direction)
            if n:
                group = [e for e in others if (e.direction or "unknown") == direction]
                counted = [e for e in group if e.count("trucks") is not None]
                trucks = sum(e.count("trucks") for e in counted)
                size = ""
                if counted:
                    size = f" ({trucks} vehicles)" if len(counted) == n else f" ({trucks} vehicles counted)"
                parts.append(f"{words.plural(n, 'convoy')} {phrases[direction]}{size}")
        out.append(_sentence(f"In addition, {words.join(parts)}.", [ref(e) for e in others]))
    return out


def security_sentence(events: list[Event], facts: list[Fact], ref: Ref) -> list[dict[str, Any]]:
    ops = [e for e in events if e.type == "security_operation"]
    arrests = [e for e in events if e.type == "arrest"]
    ops_f, arrested_f, killed_f = (_stated(facts, k) for k in ("joint_operations", "arrested", "killed"))
    if not (ops or arrests or ops_f or arrested_f or killed_f):
        return []
    actors = Counter(a for e in ops for a in (e.actors_canonical or e.actors))
    subject = words.join([a for a, _ in actors.most_common(2)]) or "The Coalition and its partners"
    n_ops = ops_f.value if ops_f else len(ops)
    arrested = arrested_f.value if arrested_f else sum(e.count("arrested") or 0 for e in ops + arrests)
    killed = killed_f.value if killed_f else sum(e.count("killed") or 0 for e in ops)
    results = []
    if arrested:
        results.append(f"arresting {words.number(arrested)}")
    if killed:
        results.append(f"killing {words.number(killed)}")
    kind = "joint security operation" if ops_f else "security operation"
    text = f"{subject} carried out {words.plural(n_ops, kind)}"
    if results:
        text += ", " + words.join(results)
    if ops_f and len(ops) != ops_f.value:
        text += f" ({words.number(len(ops))} itemised with a date)"
    if arrests:
        text += f"; {words.plural(len(arrests), 'further arrest')} itemised"
    refs = [ref(f) for f in (ops_f, arrested_f, killed_f) if f] + [ref(e) for e in ops + arrests]
    return [_sentence(text + ".", refs)]


def strike_sentence(events: list[Event], ref: Ref) -> list[dict[str, Any]]:
    strikes = [e for e in events if e.type in STRIKE_TYPES]
    if not strikes:
        return []
    by_actor: dict[str, list[Event]] = {}
    for e in strikes:
        by_actor.setdefault(actor_of(e), []).append(e)
    parts = []
    for actor, evs in sorted(by_actor.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        kinds = Counter(e.type for e in evs)
        what = words.join([_type_words(n, t) for t, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))])
        harm = _casualties(sum(e.count("killed") or 0 for e in evs), sum(e.count("injured") or 0 for e in evs))
        name = "unattributed attackers" if actor == "unattributed" else actor
        parts.append(f"{name}: {what}{', ' + harm if harm else ''}")
    return [_sentence("Strikes by actor: " + "; ".join(parts) + ".", [ref(e) for e in strikes])]


def other_sentence(events: list[Event], ref: Ref) -> list[dict[str, Any]]:
    rest = [e for e in events if e.type not in STRIKE_TYPES + ("convoy", "security_operation", "arrest")]
    if not rest:
        return []
    kinds = Counter(e.type for e in rest)
    what = words.join([_type_words(n, t) for t, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))])
    harm = _casualties(sum(e.count("killed") or 0 for e in rest), sum(e.count("injured") or 0 for e in rest))
    return [_sentence(f"Also itemised: {what}{' (' + harm + ')' if harm else ''}.", [ref(e) for e in rest])]


def verification_sentence(n_events: int, n_facts: int, pending: int, undated: int = 0) -> dict[str, Any]:
    basis = (f"Built from {n_events} reviewer-accepted {'event' if n_events == 1 else 'events'} and {n_facts} "
             f"accepted stated {'total' if n_facts == 1 else 'totals'}")
    waiting = []
    if pending:
        waiting.append(f"{pending} {'candidate' if pending == 1 else 'candidates'} still pending")
    if undated:
        waiting.append(f"{words.plural(undated, 'accepted event')} without a date left out")
    if waiting:
        return _sentence(f"{basis}; {words.join(waiting)}, so this summary is unverified.", [])
    return _sentence(f"{basis}; nothing is pending.", [])


def headline(events: list[Event], facts: list[Fact], ref: Ref, *, pending: int, with_year: bool,
             single_report: bool, undated: int = 0) -> list[dict[str, Any]]:
    """Stated totals lead where one report states them; across reports only the itemised events are summed."""
    usable = facts if single_report else []
    sentences = (convoy_sentences(events, usable, ref, with_year) + security_sentence(events, usable, ref)
                 + strike_sentence(events, ref) + other_sentence(events, ref))
    if not sentences:
        sentences.append(_sentence("No accepted event in this period.", []))
    sentences.append(verification_sentence(len(events), len(facts), pending, undated))
    return sentences
